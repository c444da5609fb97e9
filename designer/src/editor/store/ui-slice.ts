import type { StateCreator } from 'zustand';
import type { EditorState } from './editor-store.js';

/** Which side panel shows. */
export type Panel = 'inspector' | 'json' | 'problems' | 'test' | 'versions';

/** Editor chrome: panels, hints, the shortcut overlay, the field a problem points at. */
export interface UiSlice {
  panel: Panel;
  /** Shows a tab of the side panel (opening the panel when it was closed). */
  setPanel: (panel: Panel) => void;
  /** Whether the palette and the side panel are open, and the side panel's width (CSS pixels). */
  paletteOpen: boolean;
  sidePanelOpen: boolean;
  sidePanelWidth: number;
  setPanelLayout: (patch: Partial<Pick<UiSlice, 'paletteOpen' | 'sidePanelOpen' | 'sidePanelWidth'>>) => void;
  /** Why the connection being drawn is refused, shown next to the canvas. */
  connectionHint: string | null;
  setConnectionHint: (hint: string | null) => void;
  helpOpen: boolean;
  setHelpOpen: (open: boolean) => void;
  /** Opens the shortcuts help, or closes it (the toolbar button and "?"). */
  toggleHelp: () => void;
  /** The config field to focus in the inspector (from a clicked problem). */
  focusPath: string | null;
  setFocusPath: (path: string | null) => void;
}

export const createUiSlice: StateCreator<EditorState, [], [], UiSlice> = (set, get) => ({
  panel: 'inspector',
  setPanel: (panel) => set({ panel, sidePanelOpen: true }),
  paletteOpen: true,
  sidePanelOpen: true,
  sidePanelWidth: 380,
  setPanelLayout: (patch) => set(patch),
  connectionHint: null,
  setConnectionHint: (connectionHint) => set({ connectionHint }),
  helpOpen: false,
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  toggleHelp: () => set({ helpOpen: !get().helpOpen }),
  focusPath: null,
  setFocusPath: (focusPath) => set({ focusPath }),
});
