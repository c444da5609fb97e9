import { useEffect } from 'react';
import { useEditorStoreApi } from '../store/editor-context.js';
import type { EditorStore } from '../store/editor-store.js';
import { defaultPanelPreferences, parsePanelPreferences, type PanelPreferences } from './panel-preferences.js';

/** Where the arrangement is kept (under the designer's prefix, so signing out forgets it with the rest). */
const STORAGE_KEY = 'flowgate.editor-panels';

/** This browser's panel arrangement (the default when storage is unavailable). */
function readPanelPreferences(windowWidth: number): PanelPreferences {
  try {
    return parsePanelPreferences(window.localStorage.getItem(STORAGE_KEY), windowWidth);
  } catch {
    return defaultPanelPreferences(windowWidth);
  }
}

/** Keeps the arrangement for the next opening of any workflow in this browser. */
function savePanelPreferences(preferences: PanelPreferences): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(preferences));
  } catch {
    // Storage full or disabled: the arrangement lasts for this opening only.
  }
}

/** Puts this browser's panel arrangement into a new editor instance, before its first render. */
export function applyPanelPreferences(store: EditorStore): void {
  store.getState().setPanelLayout(readPanelPreferences(window.innerWidth));
}

/** Keeps the panel arrangement for the next opening of a workflow in this browser. */
export function usePanelPreferences(): void {
  const store = useEditorStoreApi();
  useEffect(
    () =>
      store.subscribe((state, previous) => {
        if (state.paletteOpen === previous.paletteOpen && state.sidePanelOpen === previous.sidePanelOpen && state.sidePanelWidth === previous.sidePanelWidth) return;
        savePanelPreferences({ paletteOpen: state.paletteOpen, sidePanelOpen: state.sidePanelOpen, sidePanelWidth: state.sidePanelWidth });
      }),
    [store],
  );
}
