import { useSyncExternalStore } from 'react';
import type { Problem } from '../../app/api-types.js';
import { useValidationClient } from './validation-context.js';

export type { Problem } from '../../app/api-types.js';

/**
 * The live problems of the workflow being edited: the shared validator (`validateWorkflow` over
 * `toDefinition(meta, nodes, edges)` with the node catalog), paths formatted with `formatPath`
 * (`nodes[2].config.rule`). Validated once per graph edit — never on selection or drag frames —
 * in a worker, so typing stays fast on 1,000 nodes; every caller shares the same array (never
 * mutate it). Until the first result arrives it is empty (see {@link useProblemsChecking}).
 */
export function useProblems(): Problem[] {
  const client = useValidationClient();
  return useSyncExternalStore(client.subscribe, () => client.current().problems);
}

/** How many problems one node has, from the same shared validation; re-renders only when that number changes (for node badges). */
export function useNodeProblemCount(nodeId: string): number {
  const client = useValidationClient();
  return useSyncExternalStore(client.subscribe, () => client.current().counts.get(nodeId) ?? 0);
}

/** Whether the graph has changed since the problems shown were found (a validation is under way). */
export function useProblemsChecking(): boolean {
  const client = useValidationClient();
  return useSyncExternalStore(client.subscribe, () => !client.current().current);
}
