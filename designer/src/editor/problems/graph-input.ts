import type { DefinitionMeta, FlowEdge, FlowNode } from '../model/flow-graph.js';
import type { EditorState } from '../store/editor-store.js';

/** The parts of the store a validation reads. */
export interface GraphInput {
  readonly meta: DefinitionMeta;
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
}

let seen: GraphInput | undefined;
let input: GraphInput | undefined;

/**
 * The graph as validation sees it, as the same object until a node's id or data, an edge's ends or
 * the meta change: selecting, dragging and measuring give new arrays but the same input, so
 * nothing is validated again for them.
 */
export function selectGraphInput(state: Pick<EditorState, 'meta' | 'nodes' | 'edges'>): GraphInput {
  if (seen && input && seen.meta === state.meta && seen.nodes === state.nodes && seen.edges === state.edges) return input;
  seen = { meta: state.meta, nodes: state.nodes, edges: state.edges };
  if (!input || input.meta !== state.meta || !sameNodes(input.nodes, state.nodes) || !sameEdges(input.edges, state.edges)) input = seen;
  return input;
}

function sameNodes(a: readonly FlowNode[], b: readonly FlowNode[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((node, index) => {
    const other = b[index];
    return other !== undefined && node.id === other.id && node.data === other.data;
  });
}

function sameEdges(a: readonly FlowEdge[], b: readonly FlowEdge[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((edge, index) => {
    const other = b[index];
    return other !== undefined && edge.id === other.id && edge.source === other.source && edge.target === other.target && edge.sourceHandle === other.sourceHandle && edge.targetHandle === other.targetHandle;
  });
}
