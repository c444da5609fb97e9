import { outputPorts, type NodeCatalog } from '../../../../runtime/definition/index.js';
import type { FlowEdge, FlowNode } from './flow-graph.js';

/** A connection being drawn. */
export interface Attempt {
  readonly source: string | null;
  readonly target: string | null;
  readonly sourceHandle: string | null;
  readonly targetHandle: string | null;
}

/** Why a connection between two inputs, two outputs or a loose end is refused. */
export const WRONG_ENDS = 'connect an output port to an input port';

/** Whether an edge may be drawn, and why not. */
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * The rules checked while dragging a connection: existing ports only, no self-loops, no cycles, no
 * duplicate edges. The same reasons are shown to the user when a connection is refused.
 */
export function checkConnection(attempt: Attempt, nodes: readonly FlowNode[], edges: readonly FlowEdge[], catalog: NodeCatalog): Verdict {
  const { source, target, sourceHandle, targetHandle } = attempt;
  if (!source || !target || !sourceHandle || !targetHandle) return { ok: false, reason: WRONG_ENDS };
  if (source === target) return { ok: false, reason: 'a node cannot connect to itself' };
  const from = nodes.find((node) => node.id === source);
  const to = nodes.find((node) => node.id === target);
  if (!from || !to) return { ok: false, reason: 'both ends must be nodes on the canvas' };
  const fromSpec = catalog.get(from.data.type, from.data.version);
  const toSpec = catalog.get(to.data.type, to.data.version);
  if (fromSpec && !outputPorts(fromSpec, from.data.config).some((port) => port.name === sourceHandle)) {
    return { ok: false, reason: `"${from.data.name}" has no output "${sourceHandle}"` };
  }
  if (toSpec && !toSpec.ports.inputs.some((port) => port.name === targetHandle)) {
    return { ok: false, reason: toSpec.category === 'trigger' ? 'a trigger has no input' : `"${to.data.name}" has no input "${targetHandle}"` };
  }
  if (edges.some((edge) => edge.source === source && edge.target === target && edge.sourceHandle === sourceHandle && edge.targetHandle === targetHandle)) {
    return { ok: false, reason: 'these ports are already connected' };
  }
  if (reaches(target, source, edges)) return { ok: false, reason: 'this would make a loop; use For each to repeat steps' };
  return { ok: true };
}

/** Whether `to` can be reached from `from` along edges. */
function reaches(from: string, to: string, edges: readonly FlowEdge[]): boolean {
  const outgoing = new Map<string, string[]>();
  for (const edge of edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  const seen = new Set<string>();
  const stack = [from];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    if (current === to) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    stack.push(...(outgoing.get(current) ?? []));
  }
  return false;
}
