import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useStore,
  type DefaultEdgeOptions,
  type NodeTypes,
  type ReactFlowState,
  type Viewport,
  type XYPosition,
} from '@xyflow/react';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { useParams } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import type { FlowEdge, FlowNode } from '../model/flow-graph.js';
import { useEditorShortcuts } from '../shortcuts/use-editor-shortcuts.js';
import { beginGesture, endGesture, useEditorStore, type EditorState } from '../store/editor-store.js';
import { minimapNodeClass } from './category-class.js';
import { ConnectionHint } from './connection-hint.js';
import { toCanvasNode } from './to-canvas-node.js';
import { useConnectionFeedback } from './use-connection-feedback.js';
import { initialViewport } from './initial-viewport.js';
import { usePaletteDrop } from './use-palette-drop.js';
import { withRunState } from './with-run-state.js';
import { WorkflowNode } from './workflow-node.js';

const nodeTypes: NodeTypes = { workflow: WorkflowNode };

const defaultEdgeOptions: DefaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };

/** Shift or Ctrl/⌘ + click adds to the selection (Shift + drag on the pane draws a selection box). */
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];

const selectGraph = (state: EditorState) => ({
  nodes: state.nodes,
  edges: state.edges,
  run: state.run,
  onNodesChange: state.onNodesChange,
  onEdgesChange: state.onEdgesChange,
});

/** Below this zoom node text is too small to read; it is not painted (a large workflow zoomed out stays light). */
const TEXT_MIN_ZOOM = 0.3;

const selectZoomedOut = (state: ReactFlowState) => state.transform[2] < TEXT_MIN_ZOOM;

/** What an empty canvas says. */
function EmptyCanvas() {
  return (
    <div className="canvas-empty">
      <p>Drag a trigger from the palette to start, or select one and press Enter.</p>
      <p className="muted">Press ? for keyboard shortcuts.</p>
    </div>
  );
}

/**
 * The workflow canvas. It opens once the route's workflow is in the editor store (the store
 * outlives the page and may still hold the previous one) and the canvas's size is known, directly
 * at the viewport {@link initialViewport} chooses: the nodes in view are mounted once, where they
 * belong, rather than at a default viewport and again after fitting.
 */
export function FlowCanvas() {
  const { workflowId: routeWorkflowId } = useParams();
  const loaded = useEditorStore((state) => state.workflowId === routeWorkflowId);
  const sizer = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    if (viewport || !loaded || !sizer.current) return;
    const { width, height } = sizer.current.getBoundingClientRect();
    setViewport(initialViewport(useEditorStore.getState().nodes.map(toCanvasNode), width, height));
  }, [loaded, viewport]);
  if (!viewport) return <div ref={sizer} className="canvas-sizer" />;
  return <Canvas defaultViewport={viewport} />;
}

/**
 * React Flow controlled by the editor store. Connections are checked by the store's rules while
 * they are drawn (the reason shows when refused); a drag is one undo step; nodes dropped from the
 * palette land under the pointer; only what is in view is rendered, so a workflow of a thousand
 * nodes stays responsive.
 */
function Canvas({ defaultViewport }: { defaultViewport: Viewport }) {
  const { nodes, edges, run, onNodesChange, onEdgesChange } = useEditorStore(useShallow(selectGraph));
  const shownNodes = useMemo(() => nodes.map(toCanvasNode), [nodes]);
  const shownEdges = useMemo(() => withRunState(edges, run), [edges, run]);
  const zoomedOut = useStore(selectZoomedOut);
  const pointer = useRef<XYPosition | null>(null);
  const connection = useConnectionFeedback();
  const drop = usePaletteDrop();
  useEditorShortcuts(pointer);

  const trackPointer = useCallback((event: PointerEvent) => {
    pointer.current = { x: event.clientX, y: event.clientY };
  }, []);
  const forgetPointer = useCallback(() => {
    pointer.current = null;
  }, []);

  return (
    <ReactFlow<FlowNode, FlowEdge>
      aria-label="Workflow canvas"
      defaultViewport={defaultViewport}
      className={zoomedOut ? 'zoomed-out' : undefined}
      nodes={shownNodes}
      edges={shownEdges}
      nodeTypes={nodeTypes}
      defaultEdgeOptions={defaultEdgeOptions}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      isValidConnection={connection.isValidConnection}
      onConnectStart={connection.onConnectStart}
      onConnect={connection.onConnect}
      onConnectEnd={connection.onConnectEnd}
      onNodeDragStart={beginGesture}
      onNodeDragStop={endGesture}
      onSelectionDragStart={beginGesture}
      onSelectionDragStop={endGesture}
      onDragOver={drop.onDragOver}
      onDrop={drop.onDrop}
      onPointerMove={trackPointer}
      onPointerLeave={forgetPointer}
      deleteKeyCode={null}
      selectionKeyCode="Shift"
      multiSelectionKeyCode={MULTI_SELECT_KEYS}
      selectionMode={SelectionMode.Partial}
      onlyRenderVisibleElements
      minZoom={0.1}
      maxZoom={2}
      attributionPosition="bottom-left"
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.5} />
      <Controls position="bottom-left" showInteractive={false} />
      <MiniMap position="bottom-right" pannable zoomable nodeClassName={minimapNodeClass} ariaLabel="Minimap" />
      <ConnectionHint />
      {nodes.length === 0 ? <EmptyCanvas /> : null}
    </ReactFlow>
  );
}
