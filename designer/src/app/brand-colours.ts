/** A colour as #rrggbb (the branding API accepts nothing else). */
type Hex = string;

function channels(hex: Hex): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function toHex([red, green, blue]: readonly number[]): Hex {
  return `#${[red, green, blue].map((channel) => Math.round(channel ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance. */
function luminance(hex: Hex): number {
  const [red, green, blue] = channels(hex).map((channel) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrast(a: Hex, b: Hex): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Text on a brand-coloured surface: black or white, whichever reads better. */
export function textOn(background: Hex): Hex {
  return contrast(background, '#ffffff') >= contrast(background, '#000000') ? '#ffffff' : '#000000';
}

/** The colour darkened in steps of 5 % until it stands `ratio`:1 against white. */
function darkenedTo(colour: Hex, ratio: number): Hex {
  const base = channels(colour);
  for (let step = 0; step <= 20; step++) {
    const candidate = toHex(base.map((channel) => channel * (1 - step / 20)));
    if (contrast(candidate, '#ffffff') >= ratio) return candidate;
  }
  return '#000000';
}

/**
 * The brand colour as text (links, outlines) on a white page: the colour itself when it reads
 * (contrast 4.5:1, WCAG AA), else darkened just enough. A partner's light accent stays recognisable
 * without making the designer unreadable.
 */
export function inkOnWhite(colour: Hex): Hex {
  return darkenedTo(colour, 4.5);
}

/**
 * The brand colour as a chart's bars or lines on a white page: the colour itself when it stands
 * out (contrast 3:1, WCAG's minimum for graphics), else darkened just enough.
 */
export function graphicOnWhite(colour: Hex): Hex {
  return darkenedTo(colour, 3);
}
