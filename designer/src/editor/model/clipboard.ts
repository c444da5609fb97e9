import type { FlowEdge, FlowNode } from './flow-graph.js';
import { freshId } from './flow-graph.js';
import { uniqueName } from './node-names.js';

/** What copy puts on the clipboard (also across workflows and browser tabs). */
export interface ClipboardPayload {
  readonly format: 'flowgate.nodes';
  readonly nodes: readonly Pick<FlowNode, 'id' | 'position' | 'data'>[];
  readonly edges: readonly Pick<FlowEdge, 'source' | 'target' | 'sourceHandle' | 'targetHandle'>[];
}

/** The selected nodes and the edges between them. */
export function copySelection(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): ClipboardPayload | undefined {
  const selected = nodes.filter((node) => node.selected);
  if (selected.length === 0) return undefined;
  const ids = new Set(selected.map((node) => node.id));
  return {
    format: 'flowgate.nodes',
    nodes: selected.map((node) => ({ id: node.id, position: node.position, data: node.data })),
    edges: edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
      .map((edge) => ({ source: edge.source, target: edge.target, sourceHandle: edge.sourceHandle, targetHandle: edge.targetHandle })),
  };
}

/** Reads a clipboard text as a payload, if it is one. */
export function readClipboard(text: string): ClipboardPayload | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<ClipboardPayload>;
    return parsed.format === 'flowgate.nodes' && Array.isArray(parsed.nodes) && Array.isArray(parsed.edges) ? (parsed as ClipboardPayload) : undefined;
  } catch {
    return undefined;
  }
}

/** The top-left corner of a payload's nodes (the origin when it has none). */
export function payloadOrigin(payload: ClipboardPayload): { x: number; y: number } {
  if (payload.nodes.length === 0) return { x: 0, y: 0 };
  return { x: Math.min(...payload.nodes.map((node) => node.position.x)), y: Math.min(...payload.nodes.map((node) => node.position.y)) };
}

/** How far to shift a payload so its top-left corner lands at `at` (pasting at the pointer). */
export function offsetTo(payload: ClipboardPayload, at: { readonly x: number; readonly y: number }): { x: number; y: number } {
  const origin = payloadOrigin(payload);
  return { x: Math.round(at.x - origin.x), y: Math.round(at.y - origin.y) };
}

/**
 * New nodes and edges from a payload: fresh ids (so pasting twice, or into another workflow, never
 * collides) and names no node has yet ("Transform 2"), positions shifted by `offset`, the pasted
 * nodes selected.
 */
export function pastePayload(
  payload: ClipboardPayload,
  taken: { readonly nodeIds: ReadonlySet<string>; readonly edgeIds: ReadonlySet<string>; readonly names: Iterable<string> },
  offset: { readonly x: number; readonly y: number },
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodeIds = new Set(taken.nodeIds);
  const edgeIds = new Set(taken.edgeIds);
  const names = [...taken.names];
  const renamed = new Map<string, string>();
  const nodes: FlowNode[] = payload.nodes.map((node) => {
    const id = freshId(node.id, nodeIds);
    nodeIds.add(id);
    renamed.set(node.id, id);
    const name = uniqueName(node.data.name, names);
    names.push(name);
    const data = name === node.data.name ? node.data : { ...node.data, name };
    return { id, type: 'workflow', position: { x: node.position.x + offset.x, y: node.position.y + offset.y }, data, selected: true };
  });
  const edges: FlowEdge[] = payload.edges.map((edge) => {
    const id = freshId('e', edgeIds);
    edgeIds.add(id);
    return { id, source: renamed.get(edge.source) as string, target: renamed.get(edge.target) as string, sourceHandle: edge.sourceHandle, targetHandle: edge.targetHandle };
  });
  return { nodes, edges };
}
