import { useShallow } from 'zustand/react/shallow';
import { useEditorStore } from '../store/editor-context.js';
import type { EditorState } from '../store/editor-store.js';
import { EdgeSummary } from './edge-summary.js';
import './inspector.css';
import { NodeInspector } from './node-inspector.js';
import { ReadOnlyForm } from './read-only-form.js';
import { WorkflowInspector } from './workflow-inspector.js';

/** What is selected, as primitives, so the inspector re-renders only when the selection changes. */
function selectSelection(state: EditorState): { nodeId: string | null; nodes: number; edgeId: string | null; edges: number } {
  let nodeId: string | null = null;
  let nodes = 0;
  for (const node of state.nodes) {
    if (!node.selected) continue;
    nodes++;
    nodeId = node.id;
  }
  let edgeId: string | null = null;
  let edges = 0;
  for (const edge of state.edges) {
    if (!edge.selected) continue;
    edges++;
    edgeId = edge.id;
  }
  return { nodeId, nodes, edgeId, edges };
}

/**
 * The inspector: the form of the one selected node (generated from its spec), the selected
 * connection, or — with nothing selected — the workflow's own settings. Read-only, every field is
 * shown and none can be changed.
 */
export function Inspector() {
  const readOnly = useEditorStore((state) => state.readOnly);
  const selection = useEditorStore(useShallow(selectSelection));
  if (selection.nodes === 1 && selection.nodeId !== null) return <NodeInspector key={selection.nodeId} nodeId={selection.nodeId} readOnly={readOnly} />;
  let content;
  if (selection.nodes > 1) {
    content = (
      <div className="inspector">
        <p className="muted">{selection.nodes} nodes selected. Select one node to see its settings.</p>
      </div>
    );
  } else if (selection.edges === 1 && selection.edgeId !== null) {
    content = <EdgeSummary edgeId={selection.edgeId} />;
  } else {
    content = <WorkflowInspector />;
  }
  return <ReadOnlyForm readOnly={readOnly}>{content}</ReadOnlyForm>;
}
