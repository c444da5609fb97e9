import { createContext, useContext, useState, type ReactNode } from 'react';
import { useEditorStoreApi } from '../store/editor-context.js';
import { createDraftSaver, type DraftSaver } from './draft-saver.js';

const DraftSaverContext = createContext<DraftSaver | null>(null);

/** Autosaves the enclosing editor store's draft (an editable editor has one; read-only views do not). */
export function DraftSaverProvider({ children }: { children: ReactNode }) {
  const store = useEditorStoreApi();
  const [saver] = useState(() => createDraftSaver(store));
  return <DraftSaverContext.Provider value={saver}>{children}</DraftSaverContext.Provider>;
}

/** The enclosing editor's autosave. */
export function useDraftSaver(): DraftSaver {
  const saver = useContext(DraftSaverContext);
  if (!saver) throw new Error('useDraftSaver must be used inside a DraftSaverProvider');
  return saver;
}
