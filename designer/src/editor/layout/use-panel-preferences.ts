import { useEffect } from 'react';
import { useEditorStoreApi } from '../store/editor-context.js';
import type { EditorStore } from '../store/editor-store.js';
import { readPanelPreferences, savePanelPreferences } from './panel-preferences.js';

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
