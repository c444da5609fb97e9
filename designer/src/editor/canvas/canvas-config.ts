import { MarkerType, type DefaultEdgeOptions, type NodeTypes, type ReactFlowState } from '@xyflow/react';
import { WorkflowNode } from './workflow-node.js';

/** The node components of every canvas, editable or read-only (module scope: React Flow wants a stable object). */
export const nodeTypes: NodeTypes = { workflow: WorkflowNode };

export const defaultEdgeOptions: DefaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };

/** Below this zoom node text is too small to read; it is not painted (a large workflow zoomed out stays light). */
const TEXT_MIN_ZOOM = 0.3;

/** Whether the canvas is zoomed out past readable text (the canvas then gets the `zoomed-out` class). */
export const selectZoomedOut = (state: ReactFlowState) => state.transform[2] < TEXT_MIN_ZOOM;
