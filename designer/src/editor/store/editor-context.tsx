import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { createEditorStore, type EditorState, type EditorStore, type EditorStoreOptions } from './editor-store.js';

const EditorStoreContext = createContext<EditorStore | null>(null);

/**
 * Gives its children an editor store of their own: each provider creates one instance (once, for
 * its lifetime; key the provider to start afresh), so two canvases on one page never share state.
 * `init` fills the new store before anything renders from it (e.g. loads the workflow).
 */
export function EditorStoreProvider({ options, init, children }: { options?: EditorStoreOptions; init?: (store: EditorStore) => void; children: ReactNode }) {
  const [store] = useState(() => {
    const created = createEditorStore(options);
    init?.(created);
    return created;
  });
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}

/** The store of the enclosing {@link EditorStoreProvider}, for reading and writing outside render (event handlers). */
export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorStoreApi must be used inside an EditorStoreProvider');
  return store;
}

/** Picks from the enclosing editor store; the component re-renders when the pick changes (use `useShallow` for objects). */
export function useEditorStore<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStoreApi(), selector);
}

const selectHistory = (state: { pastStates: unknown[]; futureStates: unknown[] }) => ({ canUndo: state.pastStates.length > 0, canRedo: state.futureStates.length > 0 });

/** Whether there is an edit to undo and one to redo (for enabling the toolbar buttons). */
export function useHistory(): { canUndo: boolean; canRedo: boolean } {
  return useStore(useEditorStoreApi().temporal, useShallow(selectHistory));
}
