import { MarkerType, type EdgeMarker } from '@xyflow/react';
import type { FlowEdge } from '../../editor/model/flow-graph.js';
import type { EdgeDecoration } from '../../editor/store/view-slice.js';

/** Arrows in the colour of their edge's stroke (`--ok`, the added and removed marks in styles.css). */
const MARKERS: Readonly<Record<string, EdgeMarker>> = {
  taken: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: '#15803d' },
  added: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: '#16a34a' },
  removed: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: '#dc2626' },
  changed: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: '#d97706' },
};

const cache = new WeakMap<FlowEdge, { decoration: EdgeDecoration; shown: FlowEdge }>();

/**
 * The edges as a read-only view paints them: a diff's added, removed (ghost) and changed edges, the
 * path a run took. The same edge with the same decoration gives the same object, so React Flow
 * redraws only what changed.
 */
export function withEdgeDecorations(edges: FlowEdge[], decorations: ReadonlyMap<string, EdgeDecoration>): FlowEdge[] {
  if (decorations.size === 0) return edges;
  return edges.map((edge) => {
    const decoration = decorations.get(edge.id);
    if (!decoration) return edge;
    const known = cache.get(edge);
    if (known?.decoration === decoration) return known.shown;
    const classes = [edge.className, decoration.change ? `edge-change-${decoration.change}` : undefined, decoration.taken ? 'edge-taken' : undefined].filter(Boolean);
    const marker = decoration.taken ? MARKERS.taken : decoration.change ? MARKERS[decoration.change] : undefined;
    const shown: FlowEdge = { ...edge, className: classes.join(' '), ...(marker ? { markerEnd: marker } : {}) };
    cache.set(edge, { decoration, shown });
    return shown;
  });
}
