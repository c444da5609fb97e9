import { nodeCatalog } from '../../../../nodes/catalog.js';
import type { FlowEdge, FlowNode } from './flow-graph.js';
import type { LayoutGraph } from './layered-layout.js';
import { nodeGeometry } from './node-geometry.js';
import { portLayout } from './node-ports.js';
import { NODE_HEIGHT, NODE_WIDTH } from './node-size.js';

/**
 * The canvas graph as the layered layout reads it: each node's size and port handles (from its
 * spec, as the canvas draws it) and its current height, each edge's port. Plain data, so it can be
 * posted to the layout worker.
 */
export function layoutGraphOf(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): LayoutGraph {
  return {
    nodes: nodes.map((node) => {
      const spec = nodeCatalog.get(node.data.type, node.data.version);
      if (!spec) return { id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT, outputs: [], inputY: NODE_HEIGHT / 2, y: node.position.y };
      const geometry = nodeGeometry(portLayout(spec, node.data.config));
      const centre = (handle: { y?: number; height?: number | null }) => (handle.y ?? 0) + (handle.height ?? 0) / 2;
      const input = geometry.handles.find((handle) => handle.type === 'target');
      return {
        id: node.id,
        width: geometry.width,
        height: geometry.height,
        outputs: geometry.handles.filter((handle) => handle.type === 'source').map((handle) => ({ name: handle.id ?? '', y: centre(handle) })),
        inputY: input ? centre(input) : geometry.height / 2,
        y: node.position.y,
      };
    }),
    edges: edges.map((edge) => ({ source: edge.source, port: edge.sourceHandle, target: edge.target })),
  };
}

/** The nodes moved to laid-out positions; nodes the layout does not know (added meanwhile) stay where they are. */
export function withPositions(nodes: readonly FlowNode[], positions: ReadonlyMap<string, { x: number; y: number }>): FlowNode[] {
  return nodes.map((node) => {
    const position = positions.get(node.id);
    return position && (position.x !== node.position.x || position.y !== node.position.y) ? { ...node, position } : node;
  });
}
