import { useDeferredValue, useMemo, useState } from 'react';
import { toDefinition } from '../model/flow-graph.js';
import { stableGraphInput, type GraphInput } from '../model/graph-compare.js';
import { useEditorStore } from '../store/editor-context.js';

/** The definition's JSON as the JSON view shows it (two-space indented). */
export function definitionText(state: GraphInput): string {
  return JSON.stringify(toDefinition(state.meta, state.nodes, state.edges), null, 2);
}

/** The canvas's definition as JSON text, recomputed (deferred) only when its content changes. */
export function useDefinitionText(): string {
  // The same input until the definition's content changes: selection and measuring never change the JSON.
  const [selectDefinitionInput] = useState(() => stableGraphInput('rounded'));
  const deferred = useDeferredValue(useEditorStore(selectDefinitionInput));
  return useMemo(() => definitionText(deferred), [deferred]);
}
