import { MarkerType, type EdgeMarker } from '@xyflow/react';
import type { RunTrace } from '../../app/api-types.js';
import type { FlowEdge } from '../model/flow-graph.js';
import { edgeRunState } from '../model/run-status.js';

/** The arrow of an edge the data took, in the colour of its stroke (`--ok` in styles.css). */
const TAKEN_MARKER: EdgeMarker = { type: MarkerType.ArrowClosed, width: 16, height: 16, color: '#15803d' };

/** The edges as React Flow gets them while a test run shows: the path the data took stands out. */
export function withRunState(edges: FlowEdge[], run: RunTrace | null): FlowEdge[] {
  if (!run) return edges;
  return edges.map((edge) => {
    const state = edgeRunState(run, edge);
    if (state === 'taken') return { ...edge, className: 'edge-taken', markerEnd: TAKEN_MARKER };
    return state ? { ...edge, className: `edge-${state}` } : edge;
  });
}
