import { createContext, useContext, useState, type ReactNode } from 'react';
import { useEditorStoreApi } from '../store/editor-context.js';
import { createValidationClient, type Published, type ValidationClient } from './validation-client.js';

const NOTHING: Published = { problems: [], counts: new Map(), current: true };

/** What views without validation (a version, a run trace, a diff) read: no problems. */
const NO_VALIDATION: ValidationClient = { subscribe: () => () => undefined, current: () => NOTHING };

const ValidationContext = createContext<ValidationClient>(NO_VALIDATION);

/** Validates the enclosing editor store's graph live (the editor, editable or read-only, has this). */
export function ValidationProvider({ children }: { children: ReactNode }) {
  const store = useEditorStoreApi();
  const [client] = useState(() => createValidationClient(store));
  return <ValidationContext.Provider value={client}>{children}</ValidationContext.Provider>;
}

/** The enclosing editor's validation (one that finds nothing where there is none). */
export function useValidationClient(): ValidationClient {
  return useContext(ValidationContext);
}
