import { describe, expect, it } from 'vitest';
import { CANVAS_MIN, CLOSED_WIDTH, PALETTE_WIDTH, SIDE_PANEL_MAX, SIDE_PANEL_MIN, clampSidePanelWidth, defaultPanelPreferences, parsePanelPreferences } from '../../designer/src/editor/layout/panel-preferences.js';

describe('panel preferences', () => {
  it('opens both panels at first, the side panel narrower in a small window, leaving the canvas room', () => {
    expect(defaultPanelPreferences(1920)).toEqual({ paletteOpen: true, sidePanelOpen: true, sidePanelWidth: 380 });
    const small = defaultPanelPreferences(1024);
    expect(small.sidePanelWidth).toBe(307);
    expect(1024 - PALETTE_WIDTH - small.sidePanelWidth).toBeGreaterThanOrEqual(CANVAS_MIN);
  });

  it('keeps the side panel between its bounds and narrow enough for the canvas', () => {
    expect(clampSidePanelWidth(100, 1920, true)).toBe(SIDE_PANEL_MIN);
    expect(clampSidePanelWidth(5000, 3000, true)).toBe(SIDE_PANEL_MAX);
    expect(clampSidePanelWidth(700, 1024, true)).toBe(1024 - CANVAS_MIN - PALETTE_WIDTH);
    expect(clampSidePanelWidth(700, 1024, false)).toBe(1024 - CANVAS_MIN - CLOSED_WIDTH);
  });

  it('reads back what was kept, and the default for anything damaged', () => {
    expect(parsePanelPreferences(JSON.stringify({ paletteOpen: false, sidePanelOpen: true, sidePanelWidth: 500 }), 1920)).toEqual({ paletteOpen: false, sidePanelOpen: true, sidePanelWidth: 500 });
    expect(parsePanelPreferences(JSON.stringify({ paletteOpen: 'no', sidePanelWidth: 99999 }), 1280)).toEqual({ paletteOpen: true, sidePanelOpen: true, sidePanelWidth: 1280 - CANVAS_MIN - PALETTE_WIDTH });
    expect(parsePanelPreferences('{not json', 1920)).toEqual(defaultPanelPreferences(1920));
    expect(parsePanelPreferences('null', 1920)).toEqual(defaultPanelPreferences(1920));
    expect(parsePanelPreferences(null, 1920)).toEqual(defaultPanelPreferences(1920));
  });
});
