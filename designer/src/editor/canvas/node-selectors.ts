import { nodeStatuses, type StepStatus } from '../model/run-status.js';
import type { EditorState } from '../store/editor-store.js';

/** The node's status in the latest test run, if it has one. */
export function runStatusOf(state: EditorState, id: string): StepStatus | undefined {
  return state.run ? nodeStatuses(state.run).get(id) : undefined;
}

/** The ports the node's edges use, as `in:<name>` / `out:<name>` one a line (stable for selectors). */
export function edgePortsOf(state: EditorState, id: string): string {
  const ports = new Set<string>();
  for (const edge of state.edges) {
    if (edge.target === id) ports.add(`in:${edge.targetHandle}`);
    if (edge.source === id) ports.add(`out:${edge.sourceHandle}`);
  }
  return [...ports].sort().join('\n');
}
