import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useStore,
  type Viewport,
  type XYPosition,
} from '@xyflow/react';
import { useCallback, useMemo, useRef, type PointerEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FlowEdge, FlowNode } from '../model/flow-graph.js';
import { useDraftSaver } from '../save/draft-saver-context.js';
import { useEditorShortcuts } from '../shortcuts/use-editor-shortcuts.js';
import { useEditorStore, useEditorStoreApi } from '../store/editor-context.js';
import type { EditorState } from '../store/editor-store.js';
import { defaultEdgeOptions, nodeTypes, selectZoomedOut } from './canvas-config.js';
import { minimapNodeClass } from './category-class.js';
import { ConnectionHint } from './connection-hint.js';
import { InitialViewportGate } from './initial-viewport-gate.js';
import { toCanvasNode } from './to-canvas-node.js';
import { useConnectionFeedback } from './use-connection-feedback.js';
import { usePaletteDrop } from './use-palette-drop.js';
import { withRunState } from './with-run-state.js';

/** Shift or Ctrl/⌘ + click adds to the selection (Shift + drag on the pane draws a selection box). */
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];

const selectGraph = (state: EditorState) => ({
  nodes: state.nodes,
  edges: state.edges,
  run: state.run,
  onNodesChange: state.onNodesChange,
  onEdgesChange: state.onEdgesChange,
});

/** What an empty canvas says. */
function EmptyCanvas() {
  return (
    <div className="canvas-empty">
      <p>Drag a trigger from the palette to start, or select one and press Enter.</p>
      <p className="muted">Press ? for keyboard shortcuts.</p>
    </div>
  );
}

/** The editable workflow canvas, opened at its initial viewport once its size is known. */
export function FlowCanvas() {
  return <InitialViewportGate>{(viewport) => <Canvas defaultViewport={viewport} />}</InitialViewportGate>;
}

/**
 * React Flow controlled by the editor store. Connections are checked by the store's rules while
 * they are drawn (the reason shows when refused); a drag is one undo step; nodes dropped from the
 * palette land under the pointer; only what is in view is rendered, so a workflow of a thousand
 * nodes stays responsive.
 */
function Canvas({ defaultViewport }: { defaultViewport: Viewport }) {
  const { history } = useEditorStoreApi();
  const { nodes, edges, run, onNodesChange, onEdgesChange } = useEditorStore(useShallow(selectGraph));
  const shownNodes = useMemo(() => nodes.map(toCanvasNode), [nodes]);
  const shownEdges = useMemo(() => withRunState(edges, run), [edges, run]);
  const zoomedOut = useStore(selectZoomedOut);
  const pointer = useRef<XYPosition | null>(null);
  const connection = useConnectionFeedback();
  const drop = usePaletteDrop();
  useEditorShortcuts(pointer, useDraftSaver());

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
      onNodeDragStart={history.beginGesture}
      onNodeDragStop={history.endGesture}
      onSelectionDragStart={history.beginGesture}
      onSelectionDragStop={history.endGesture}
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
