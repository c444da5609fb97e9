import dagre from '@dagrejs/dagre';
import type { FlowEdge, FlowNode } from './flow-graph.js';
import { nodeSize } from './node-geometry.js';

/** Positions nodes left to right by their edges (dagre), keeping everything else. */
export function autoLayout(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): FlowNode[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, nodeSize(node));
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return nodes.map((node) => {
    const placed = graph.node(node.id) as { x: number; y: number; width: number; height: number } | undefined;
    return placed ? { ...node, position: { x: Math.round(placed.x - placed.width / 2), y: Math.round(placed.y - placed.height / 2) } } : node;
  });
}
