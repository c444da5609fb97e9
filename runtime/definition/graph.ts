import type { WorkflowEdge, WorkflowNode } from './workflow-schema.js';

/** What the graph needs of a node: its id (the validator adds nodes whose other fields are broken). */
export type GraphNode = Pick<WorkflowNode, 'id'>;

/** Adjacency of a workflow: what the validator, the engine and the designer walk. */
export interface WorkflowGraph {
  readonly nodes: ReadonlyMap<string, GraphNode>;
  readonly incoming: ReadonlyMap<string, readonly WorkflowEdge[]>;
  readonly outgoing: ReadonlyMap<string, readonly WorkflowEdge[]>;
}

/** Indexes nodes and edges; edges whose ends are not nodes are left out (the validator reports them). */
export function buildGraph(nodes: readonly GraphNode[], edges: readonly WorkflowEdge[]): WorkflowGraph {
  const byId = new Map<string, GraphNode>();
  const incoming = new Map<string, WorkflowEdge[]>();
  const outgoing = new Map<string, WorkflowEdge[]>();
  for (const node of nodes) {
    byId.set(node.id, node);
    incoming.set(node.id, []);
    outgoing.set(node.id, []);
  }
  for (const edge of edges) {
    if (!byId.has(edge.source) || !byId.has(edge.target)) continue;
    outgoing.get(edge.source)?.push(edge);
    incoming.get(edge.target)?.push(edge);
  }
  return { nodes: byId, incoming, outgoing };
}

/**
 * Kahn's algorithm: `order` lists nodes so that every edge points forward; `cyclic` holds the nodes
 * that could not be ordered (those on a cycle or downstream of one).
 */
export function topologicalOrder(graph: WorkflowGraph): { order: string[]; cyclic: string[] } {
  const remaining = new Map<string, number>();
  const order: string[] = [];
  for (const [id, edges] of graph.incoming) {
    remaining.set(id, edges.length);
    if (edges.length === 0) order.push(id);
  }
  for (let index = 0; index < order.length; index++) {
    for (const edge of graph.outgoing.get(order[index] as string) ?? []) {
      const left = (remaining.get(edge.target) ?? 0) - 1;
      remaining.set(edge.target, left);
      if (left === 0) order.push(edge.target);
    }
  }
  const cyclic = [...graph.nodes.keys()].filter((id) => (remaining.get(id) ?? 0) > 0);
  return { order, cyclic };
}

/**
 * Distinct cycles among `cyclic` nodes (from {@link topologicalOrder}), each as the node ids in
 * edge order, starting with the node first in the definition, and the edge that closes it.
 * From each start the walk follows predecessors that the start also reaches, that is, it stays in
 * the start's strongly connected component: there every node has such a predecessor, so the walk
 * ends on a cycle of that component, and a cycle downstream of another one is reported too
 * instead of being walked back to the upstream one. A start that is only downstream of a cycle
 * has no such predecessor and yields nothing.
 */
export function findCycles(graph: WorkflowGraph, cyclic: readonly string[]): { nodeIds: string[]; closingEdge: WorkflowEdge }[] {
  const leftOver = new Set(cyclic);
  const onReportedCycle = new Set<string>();
  const order = new Map([...graph.nodes.keys()].map((id, index) => [id, index]));
  const cycles: { nodeIds: string[]; closingEdge: WorkflowEdge }[] = [];
  for (const start of cyclic) {
    if (onReportedCycle.has(start)) continue;
    const component = reachableFrom(graph, [start]);
    const walked: string[] = [];
    const position = new Map<string, number>();
    let current: string | undefined = start;
    while (current !== undefined && !position.has(current)) {
      position.set(current, walked.length);
      walked.push(current);
      current = (graph.incoming.get(current) ?? []).find(
        (candidate) => leftOver.has(candidate.source) && component.has(candidate.source),
      )?.source;
    }
    if (current === undefined) continue;
    const from = position.get(current) as number;
    if (walked.slice(from).some((id) => onReportedCycle.has(id))) continue;
    const loop = rotateToFirst(walked.slice(from).reverse(), order);
    loop.forEach((id) => onReportedCycle.add(id));
    const first = loop[0] as string;
    const last = loop[loop.length - 1] as string;
    const closingEdge = (graph.incoming.get(first) ?? []).find((edge) => edge.source === last) as WorkflowEdge;
    cycles.push({ nodeIds: loop, closingEdge });
  }
  return cycles;
}

/** The cycle rotated to start at the node that comes first in the definition, for stable messages. */
function rotateToFirst(loop: string[], order: ReadonlyMap<string, number>): string[] {
  let start = 0;
  loop.forEach((id, index) => {
    if ((order.get(id) ?? 0) < (order.get(loop[start] as string) ?? 0)) start = index;
  });
  return [...loop.slice(start), ...loop.slice(0, start)];
}

/** Nodes reachable from `starts` along edges, the starts included. */
export function reachableFrom(graph: WorkflowGraph, starts: Iterable<string>): Set<string> {
  return walkFrom(graph.outgoing, starts, (edge) => edge.target);
}

/** Nodes from which `nodeId` can be reached (its upstream), not including itself unless on a cycle. */
export function ancestorsOf(graph: WorkflowGraph, nodeId: string): Set<string> {
  const parents = (graph.incoming.get(nodeId) ?? []).map((edge) => edge.source);
  return walkFrom(graph.incoming, parents, (edge) => edge.source);
}

function walkFrom(
  adjacency: ReadonlyMap<string, readonly WorkflowEdge[]>,
  starts: Iterable<string>,
  next: (edge: WorkflowEdge) => string,
): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of adjacency.get(id) ?? []) stack.push(next(edge));
  }
  return seen;
}
