import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useStore, type Viewport, type XYPosition } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useMemo, useRef, type PointerEvent, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { defaultEdgeOptions, nodeTypes, selectZoomedOut } from '../../editor/canvas/canvas-config.js';
import { minimapNodeClass } from '../../editor/canvas/category-class.js';
import { FIT_VIEW } from '../../editor/canvas/fit-view.js';
import { InitialViewportGate } from '../../editor/canvas/initial-viewport-gate.js';
import { toCanvasNode } from '../../editor/canvas/to-canvas-node.js';
import { withRunState } from '../../editor/canvas/with-run-state.js';
import type { FlowEdge, FlowNode } from '../../editor/model/flow-graph.js';
import { useEditorShortcuts } from '../../editor/shortcuts/use-editor-shortcuts.js';
import { useEditorStore } from '../../editor/store/editor-context.js';
import type { EditorState } from '../../editor/store/editor-store.js';
import { withEdgeDecorations } from './with-edge-decorations.js';

const selectGraph = (state: EditorState) => ({
  nodes: state.nodes,
  edges: state.edges,
  run: state.run,
  edgeDecorations: state.edgeDecorations,
  onNodesChange: state.onNodesChange,
  onEdgesChange: state.onEdgesChange,
});

/** How a read-only canvas is shown. */
export interface ReadOnlyFlowOptions {
  /** Its accessible name (default "Workflow canvas (read-only)"). */
  readonly label?: string;
  /** Frame the whole workflow however small it gets (a side-by-side comparison); otherwise open as the editor does. */
  readonly fitView?: boolean;
  /** Answer the editor's read-only keyboard shortcuts (one canvas per page: the read-only editor). */
  readonly shortcuts?: boolean;
  /** Show the minimap (default); small canvases side by side leave it out, it would cover them. */
  readonly minimap?: boolean;
}

/** The read-only keyboard shortcuts (fit, zoom, select all, copy, help), for the canvas the pointer is over. */
function ReadOnlyShortcuts({ pointer }: { pointer: RefObject<XYPosition | null> }) {
  useEditorShortcuts(pointer, null);
  return null;
}

/**
 * React Flow over the enclosing (read-only) editor store, drawn with the editor's own node
 * components: nodes can be selected and inspected, the view panned and zoomed, nothing moved,
 * connected or deleted. Run statuses and diff marks come from the store's run and decorations.
 */
export function ReadOnlyFlow(options: ReadOnlyFlowOptions) {
  return <InitialViewportGate>{(viewport) => <Flow defaultViewport={viewport} {...options} />}</InitialViewportGate>;
}

function Flow({ defaultViewport, label = 'Workflow canvas (read-only)', fitView = false, shortcuts = false, minimap = true }: ReadOnlyFlowOptions & { defaultViewport: Viewport }) {
  const { nodes, edges, run, edgeDecorations, onNodesChange, onEdgesChange } = useEditorStore(useShallow(selectGraph));
  const shownNodes = useMemo(() => nodes.map(toCanvasNode), [nodes]);
  const shownEdges = useMemo(() => withEdgeDecorations(withRunState(edges, run), edgeDecorations), [edges, run, edgeDecorations]);
  const zoomedOut = useStore(selectZoomedOut);
  const pointer = useRef<XYPosition | null>(null);
  const trackPointer = useCallback((event: PointerEvent) => {
    pointer.current = { x: event.clientX, y: event.clientY };
  }, []);
  return (
    <ReactFlow<FlowNode, FlowEdge>
      aria-label={label}
      className={zoomedOut ? 'read-only zoomed-out' : 'read-only'}
      defaultViewport={defaultViewport}
      fitView={fitView}
      fitViewOptions={FIT_VIEW}
      nodes={shownNodes}
      edges={shownEdges}
      nodeTypes={nodeTypes}
      defaultEdgeOptions={defaultEdgeOptions}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onPointerMove={trackPointer}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable
      deleteKeyCode={null}
      // Fitting the view needs every node measured, and nodes outside the first view are never
      // measured when only visible elements render.
      onlyRenderVisibleElements={!fitView}
      minZoom={0.1}
      maxZoom={2}
      attributionPosition="bottom-left"
    >
      {shortcuts ? <ReadOnlyShortcuts pointer={pointer} /> : null}
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.5} />
      <Controls position="bottom-left" showInteractive={false} />
      {minimap ? <MiniMap position="bottom-right" pannable zoomable nodeClassName={minimapNodeClass} ariaLabel="Minimap" /> : null}
      {nodes.length === 0 ? (
        <div className="canvas-empty">
          <p>This workflow has no nodes yet.</p>
        </div>
      ) : null}
    </ReactFlow>
  );
}
