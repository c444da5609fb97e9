import { nodeStatuses, type StepStatus } from '../model/run-status.js';
import type { EditorState } from '../store/editor-store.js';
import type { NodeChangeKind } from '../store/view-slice.js';

/** The node's status: the one a read-only view decorates it with, else its status in the latest test run, if any. */
export function runStatusOf(state: EditorState, id: string): StepStatus | undefined {
  const decorated = state.decorations.get(id)?.status;
  if (decorated) return decorated;
  return state.run ? nodeStatuses(state.run).get(id) : undefined;
}

/** How a diff view marks the node, if it does. */
export function changeOf(state: EditorState, id: string): NodeChangeKind | undefined {
  return state.decorations.get(id)?.change;
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
