import type { FlowEdge, FlowNode } from '../../designer/src/editor/model/flow-graph.js';

/** A canvas node of `type` (defaults to a transform) at a position. */
export function flowNode(id: string, type = 'data.transform', position = { x: 0, y: 0 }, config: Record<string, unknown> = {}): FlowNode {
  return { id, type: 'workflow', position, data: { type, version: 1, name: id, config } };
}

/** A canvas edge `source:port -> target:in`. */
export function flowEdge(source: string, target: string, sourceHandle = 'out', targetHandle = 'in'): FlowEdge {
  return { id: `${source}-${sourceHandle}-${target}`, source, target, sourceHandle, targetHandle };
}
