/**
 * JSON for a narrow editor: an array or object that fits in `width` characters stays on one line
 * (`{"var": "input.total"}`), a longer one is spread over lines with two-space indentation, each
 * part compacted the same way. Reads like hand-written json-logic rather than one token a line.
 */
export function compactJson(value: unknown, width = 44): string {
  return format(value, '', width, width);
}

function format(value: unknown, indent: string, room: number, width: number): string {
  const flat = oneLine(value);
  if (typeof value !== 'object' || value === null || flat.length <= room) return flat;
  const inner = `${indent}  `;
  const parts = Array.isArray(value)
    ? value.map((item: unknown) => inner + format(item, inner, width - inner.length, width))
    : Object.entries(value).map(([key, item]) => {
        const head = `${inner}${JSON.stringify(key)}: `;
        return head + format(item, inner, width - head.length, width);
      });
  if (parts.length === 0) return flat;
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${parts.join(',\n')}\n${indent}${close}`;
}

/** JSON on one line with a space after each comma and colon. */
function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${oneLine(item)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
