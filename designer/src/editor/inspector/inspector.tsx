import { useShallow } from 'zustand/react/shallow';
import { useEditorStore } from '../store/editor-context.js';
import type { EditorState } from '../store/editor-store.js';
import { TriggerPanel } from '../triggers/trigger-panel.js';
import { EdgeSummary } from './edge-summary.js';
import './inspector.css';
import { NodeInspector } from './node-inspector.js';
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

/** The one selected node's id, when exactly one node is selected. */
function selectSingleNode(state: EditorState): string | null {
  const { nodeId, nodes } = selectSelection(state);
  return nodes === 1 ? nodeId : null;
}

/**
 * The inspector: the form of the one selected node (generated from its spec), the selected
 * connection, or — with nothing selected — the workflow's own settings. Read-only, every field is
 * shown and none can be changed (a disabled fieldset disables them all, however deep). A trigger's
 * panel (how to call a webhook, when a schedule fires) follows the form, outside that fieldset, so
 * every role can copy a URL or an example.
 */
export function Inspector() {
  const readOnly = useEditorStore((state) => state.readOnly);
  const nodeId = useEditorStore(selectSingleNode);
  return (
    <>
      {readOnly ? (
        <fieldset className="read-only-form" disabled>
          <legend className="sr-only">Read-only</legend>
          <InspectorContent />
        </fieldset>
      ) : (
        <InspectorContent />
      )}
      {nodeId !== null ? <TriggerPanel key={nodeId} nodeId={nodeId} /> : null}
    </>
  );
}

function InspectorContent() {
  const selection = useEditorStore(useShallow(selectSelection));
  if (selection.nodes === 1 && selection.nodeId !== null) return <NodeInspector key={selection.nodeId} nodeId={selection.nodeId} />;
  if (selection.nodes > 1) {
    return (
      <div className="inspector">
        <p className="muted">{selection.nodes} nodes selected. Select one node to see its settings.</p>
      </div>
    );
  }
  if (selection.edges === 1 && selection.edgeId !== null) return <EdgeSummary edgeId={selection.edgeId} />;
  return <WorkflowInspector />;
}
