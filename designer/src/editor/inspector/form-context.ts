import { createContext, useContext } from 'react';
import type { PathSegment } from '../../../../runtime/definition/index.js';
import type { Problem } from '../../app/api-types.js';

/** What every field of a form needs from the form: where to write, its problems, whose expressions it edits. */
export interface FormContextValue {
  /** Writes `value` at `path` inside the form's value (undefined removes the field); one undoable edit. */
  readonly change: (path: readonly PathSegment[], value: unknown) => void;
  /** The validator's problems by field id (see `assignProblems`). */
  readonly problems: ReadonlyMap<string, readonly Problem[]>;
  /** The node whose config the form edits (for data-path completion), or null for other forms. */
  readonly nodeId: string | null;
}

const noProblems: ReadonlyMap<string, readonly Problem[]> = new Map();

/** The form a field belongs to; a field outside any form writes nowhere. */
export const FormContext = createContext<FormContextValue>({ change: () => undefined, problems: noProblems, nodeId: null });

/** The enclosing form. */
export function useFormContext(): FormContextValue {
  return useContext(FormContext);
}
