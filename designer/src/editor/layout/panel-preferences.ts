/** How the editor's side panels are arranged: kept per browser, like a window layout. */
export interface PanelPreferences {
  readonly paletteOpen: boolean;
  readonly sidePanelOpen: boolean;
  /** The side panel's width in CSS pixels, when open. */
  readonly sidePanelWidth: number;
}

/** The narrowest side panel that still shows a form's labels and inputs side by side. */
export const SIDE_PANEL_MIN = 280;
/** The widest side panel: wider only makes lines too long to read. */
export const SIDE_PANEL_MAX = 720;
/** The width the canvas always keeps beside the panels (when both are open). */
export const CANVAS_MIN = 360;
/** The palette's width when open, and the strip a closed panel leaves. */
export const PALETTE_WIDTH = 220;
export const CLOSED_WIDTH = 40;

/** The side panel's width kept within bounds, and narrow enough for the canvas to stay usable in this window. */
export function clampSidePanelWidth(width: number, windowWidth: number, paletteOpen: boolean): number {
  const room = windowWidth - CANVAS_MIN - (paletteOpen ? PALETTE_WIDTH : CLOSED_WIDTH);
  return Math.round(Math.max(SIDE_PANEL_MIN, Math.min(SIDE_PANEL_MAX, room, width)));
}

/** The arrangement of a first visit: both panels open, the side panel about a third of a small window and 380 px of a large one. */
export function defaultPanelPreferences(windowWidth: number): PanelPreferences {
  return { paletteOpen: true, sidePanelOpen: true, sidePanelWidth: clampSidePanelWidth(Math.min(380, windowWidth * 0.3), windowWidth, true) };
}

/** Preferences read back from storage text; anything missing or malformed takes the default. */
export function parsePanelPreferences(text: string | null, windowWidth: number): PanelPreferences {
  const fallback = defaultPanelPreferences(windowWidth);
  let stored: Partial<Record<keyof PanelPreferences, unknown>> = {};
  try {
    const parsed: unknown = text === null ? null : JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) stored = parsed;
  } catch {
    // A damaged entry is replaced by the next change.
  }
  const paletteOpen = typeof stored.paletteOpen === 'boolean' ? stored.paletteOpen : fallback.paletteOpen;
  return {
    paletteOpen,
    sidePanelOpen: typeof stored.sidePanelOpen === 'boolean' ? stored.sidePanelOpen : fallback.sidePanelOpen,
    sidePanelWidth:
      typeof stored.sidePanelWidth === 'number' && Number.isFinite(stored.sidePanelWidth)
        ? clampSidePanelWidth(stored.sidePanelWidth, windowWidth, paletteOpen)
        : fallback.sidePanelWidth,
  };
}
