import type { Problem } from '../../app/api-types.js';
import { problemField, workflowField } from '../model/field-problems.js';
import type { EditorStore } from '../store/editor-store.js';

/**
 * Takes the user to a problem: a connection's problem selects the connection; a node's selects
 * the node and opens the inspector with the field focused (`store.setFocusPath`, which the
 * inspector scrolls to); a workflow-level problem opens the workflow's own settings there.
 */
export function openProblem(editor: EditorStore, problem: Problem): void {
  const store = editor.getState();
  if (problem.edgeId !== undefined) {
    store.selectEdge(problem.edgeId);
    return;
  }
  store.selectNode(problem.nodeId ?? null);
  store.setPanel('inspector');
  store.setFocusPath((problem.nodeId !== undefined ? problemField(problem) : workflowField(problem)) ?? null);
}
