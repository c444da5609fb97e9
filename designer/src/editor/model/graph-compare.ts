import type { DefinitionMeta, FlowEdge, FlowNode } from './flow-graph.js';

/** The parts of the editor's state a workflow definition is made of. */
export interface GraphInput {
  readonly meta: DefinitionMeta;
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
}

/** How node positions count when comparing: not at all (validation), to the whole pixel (the saved JSON), exactly (undo). */
export type PositionRule = 'ignore' | 'rounded' | 'exact';

function samePosition(a: FlowNode['position'], b: FlowNode['position'], rule: PositionRule): boolean {
  if (rule === 'ignore') return true;
  if (rule === 'rounded') return Math.round(a.x) === Math.round(b.x) && Math.round(a.y) === Math.round(b.y);
  return a.x === b.x && a.y === b.y;
}

/** The same nodes in the same order: ids, data objects and positions (by `rule`); selection and measuring do not count. */
export function sameNodes(a: readonly FlowNode[], b: readonly FlowNode[], rule: PositionRule): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((node, index) => {
    const other = b[index];
    return other !== undefined && node.id === other.id && node.data === other.data && samePosition(node.position, other.position, rule);
  });
}

/** The same edges in the same order: ids and both ends with their ports; selection does not count. */
export function sameEdges(a: readonly FlowEdge[], b: readonly FlowEdge[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((edge, index) => {
    const other = b[index];
    return other !== undefined && edge.id === other.id && edge.source === other.source && edge.target === other.target && edge.sourceHandle === other.sourceHandle && edge.targetHandle === other.targetHandle;
  });
}

/**
 * A selector returning the same input object until the meta, the edges or the nodes change (node
 * positions counted by `rule`): selecting and measuring give new arrays but the same input, so
 * whatever is computed from it (validation, the JSON text) is not computed again.
 */
export function stableGraphInput(rule: PositionRule): (state: GraphInput) => GraphInput {
  let seen: GraphInput | undefined;
  let input: GraphInput | undefined;
  return (state) => {
    if (seen && input && seen.meta === state.meta && seen.nodes === state.nodes && seen.edges === state.edges) return input;
    seen = { meta: state.meta, nodes: state.nodes, edges: state.edges };
    if (!input || input.meta !== state.meta || !sameNodes(input.nodes, state.nodes, rule) || !sameEdges(input.edges, state.edges)) input = seen;
    return input;
  };
}
