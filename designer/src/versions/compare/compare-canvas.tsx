import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import type { FlowEdge, FlowNode } from '../../editor/model/flow-graph.js';
import { useEditorStore, useEditorStoreApi } from '../../editor/store/editor-context.js';
import type { EditorState } from '../../editor/store/editor-store.js';
import { ReadOnlyCanvas } from '../../shared/canvas/read-only-canvas.js';
import type { Comparison } from '../model/comparison.js';

/** A request to show a node: its id, and a count so asking for the same node again shows it again. */
export interface FocusRequest {
  readonly nodeId: string;
  readonly count: number;
}

const selectedId = (state: EditorState) => state.nodes.find((node) => node.selected)?.id ?? null;

/** Inside the canvas's own store: reports the selected node, and selects and frames a node on request. */
function SelectionBridge({ focus, onSelect }: { focus: FocusRequest | null; onSelect: (nodeId: string | null) => void }) {
  const store = useEditorStoreApi();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const selected = useEditorStore(selectedId);
  useEffect(() => onSelect(selected), [selected, onSelect]);
  useEffect(() => {
    if (!focus) return;
    store.getState().selectNode(focus.nodeId);
    void flow.fitView({ nodes: [{ id: focus.nodeId }], maxZoom: 1, padding: 0.6, duration: 200 });
  }, [focus, store, flow]);
  return null;
}

/**
 * Both sides of a comparison on one canvas: added nodes and connections in green, removed ones as
 * red ghosts where they were, changed nodes in amber (with a badge saying so, not only a colour).
 * Selecting a node reports it, so its changed fields can be listed beside.
 */
export function CompareCanvas({
  comparison,
  label,
  focus,
  onSelect,
}: {
  comparison: Comparison;
  label: string;
  focus: FocusRequest | null;
  onSelect: (nodeId: string | null) => void;
}) {
  return (
    <div className="compare-canvas" data-testid="compare-canvas">
      {/* Opens as the editor does: all of a workflow that fits at a readable size, else its beginning,
          rendering only the nodes in view; the change list moves the view to each change. */}
      <ReadOnlyCanvas definition={comparison.merged} decorations={comparison.nodeMarks} edgeDecorations={comparison.edgeMarks} label={label} fitView={false}>
        <SelectionBridge focus={focus} onSelect={onSelect} />
      </ReadOnlyCanvas>
      <ul className="compare-legend" aria-label="Legend">
        <li className="legend-added">Added</li>
        <li className="legend-removed">Removed</li>
        <li className="legend-changed">Changed</li>
      </ul>
    </div>
  );
}
