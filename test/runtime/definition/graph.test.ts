import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  buildGraph,
  findCycles,
  reachableFrom,
  topologicalOrder,
  type WorkflowEdge,
  type WorkflowGraph,
  type WorkflowNode,
} from '../../../runtime/definition/index.js';

function node(id: string): WorkflowNode {
  return { id, type: 'data.transform', version: 1, name: id, position: { x: 0, y: 0 }, config: {} };
}

/** Builds a graph from node ids in definition order and `source>target` (or `source:port>target`) edges. */
function graphOf(nodeIds: readonly string[], edges: readonly string[]): WorkflowGraph {
  return buildGraph(nodeIds.map(node), edges.map(edge));
}

function edge(spec: string, index = 0): WorkflowEdge {
  const [from = '', target = ''] = spec.split('>');
  const [source = '', sourcePort = 'out'] = from.split(':');
  return { id: `${source}-${sourcePort}-${target}-${index}`, source, sourcePort, target, targetPort: 'in' };
}

const ids = (edges: readonly WorkflowEdge[] | undefined): string[] => (edges ?? []).map((entry) => `${entry.source}>${entry.target}`);

function expectOrderRespectsEdges(graph: WorkflowGraph, order: readonly string[]): void {
  for (const edges of graph.outgoing.values()) {
    for (const { source, target } of edges) {
      if (!order.includes(source) || !order.includes(target)) continue;
      expect(order.indexOf(source), `${source} before ${target} in ${order.join(', ')}`).toBeLessThan(order.indexOf(target));
    }
  }
}

/** Every consecutive pair of a reported cycle is an edge, and the closing edge runs from the last node to the first. */
function expectWellFormedCycle(graph: WorkflowGraph, cycle: { nodeIds: string[]; closingEdge: WorkflowEdge }): void {
  const { nodeIds, closingEdge } = cycle;
  nodeIds.slice(0, -1).forEach((id, index) => {
    expect(ids(graph.outgoing.get(id))).toContain(`${id}>${nodeIds[index + 1]}`);
  });
  expect(closingEdge.source).toBe(nodeIds[nodeIds.length - 1]);
  expect(closingEdge.target).toBe(nodeIds[0]);
  expect(graph.incoming.get(nodeIds[0] ?? '')).toContain(closingEdge);
}

function cyclesOf(graph: WorkflowGraph): { nodeIds: string[]; closingEdge: WorkflowEdge }[] {
  return findCycles(graph, topologicalOrder(graph).cyclic);
}

describe('buildGraph', () => {
  it('indexes nodes in definition order with their incoming and outgoing edges', () => {
    const graph = buildGraph(['a', 'b', 'c', 'lonely'].map(node), ['a>b', 'a:error>c', 'b>c', 'a>c'].map(edge));
    expect([...graph.nodes.keys()]).toEqual(['a', 'b', 'c', 'lonely']);
    expect(graph.nodes.get('b')).toEqual(node('b'));
    expect(ids(graph.outgoing.get('a'))).toEqual(['a>b', 'a>c', 'a>c']);
    expect(graph.outgoing.get('a')?.map((entry) => entry.sourcePort)).toEqual(['out', 'error', 'out']);
    expect(ids(graph.incoming.get('c'))).toEqual(['a>c', 'b>c', 'a>c']);
    expect(graph.incoming.get('a')).toEqual([]);
    expect(graph.incoming.get('lonely')).toEqual([]);
    expect(graph.outgoing.get('lonely')).toEqual([]);
  });

  it('leaves out edges whose source or target is not a node', () => {
    const graph = graphOf(['a', 'b'], ['a>b', 'a>ghost', 'ghost>b', 'ghost>phantom']);
    expect(ids(graph.outgoing.get('a'))).toEqual(['a>b']);
    expect(ids(graph.incoming.get('b'))).toEqual(['a>b']);
    expect(graph.incoming.has('ghost')).toBe(false);
    expect(graph.outgoing.has('ghost')).toBe(false);
    expect(graph.nodes.has('ghost')).toBe(false);
  });
});

describe('topologicalOrder', () => {
  it('orders every node so that every edge points forward, whatever the definition order', () => {
    const graph = graphOf(['merge', 'right', 'start', 'left', 'done', 'solo'], [
      'start>left',
      'start>right',
      'left>merge',
      'right>merge',
      'merge>done',
      'start>done',
    ]);
    const { order, cyclic } = topologicalOrder(graph);
    expect(cyclic).toEqual([]);
    expect([...order].sort()).toEqual(['done', 'left', 'merge', 'right', 'solo', 'start']);
    expectOrderRespectsEdges(graph, order);
  });

  it('lists a node fed by parallel edges once, after its source', () => {
    const graph = graphOf(['b', 'a', 'c'], ['a:true>b', 'a:false>b', 'c>a']);
    const { order } = topologicalOrder(graph);
    expect(order).toEqual(['c', 'a', 'b']);
  });

  it('lists the nodes on a cycle and downstream of it as cyclic, and orders the rest', () => {
    const graph = graphOf(['start', 'a', 'b', 'after', 'side', 'solo'], ['start>a', 'a>b', 'b>a', 'b>after', 'start>side']);
    const { order, cyclic } = topologicalOrder(graph);
    expect(cyclic).toEqual(['a', 'b', 'after']);
    expect([...order].sort()).toEqual(['side', 'solo', 'start']);
    expectOrderRespectsEdges(graph, order);
  });

  it('lists a node with a self-loop as cyclic', () => {
    const { order, cyclic } = topologicalOrder(graphOf(['a', 'b'], ['a>b', 'b>b']));
    expect(order).toEqual(['a']);
    expect(cyclic).toEqual(['b']);
  });
});

describe('findCycles', () => {
  it('reports nothing for an acyclic graph', () => {
    expect(cyclesOf(graphOf(['a', 'b', 'c'], ['a>b', 'b>c', 'a>c']))).toEqual([]);
  });

  it('reports two separate cycles once each', () => {
    const graph = graphOf(['start', 'a', 'b', 'c', 'p', 'q'], ['start>a', 'a>b', 'b>c', 'c>a', 'p>q', 'q>p']);
    const cycles = cyclesOf(graph);
    expect(cycles.map((cycle) => cycle.nodeIds)).toEqual([
      ['a', 'b', 'c'],
      ['p', 'q'],
    ]);
    cycles.forEach((cycle) => expectWellFormedCycle(graph, cycle));
  });

  it('reports a cycle downstream of another cycle too', () => {
    const graph = graphOf(['a', 'b', 'c', 'd'], ['a>b', 'b>a', 'b>c', 'c>d', 'd>c']);
    const cycles = cyclesOf(graph);
    expect(cycles.map((cycle) => cycle.nodeIds)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    cycles.forEach((cycle) => expectWellFormedCycle(graph, cycle));
  });

  it('reports a self-loop as a cycle of one node closed by that edge', () => {
    const graph = graphOf(['a', 'b'], ['a>b', 'b>b']);
    expect(cyclesOf(graph)).toEqual([{ nodeIds: ['b'], closingEdge: edge('b>b', 1) }]);
  });

  it('starts each cycle at the node first in the definition, in edge order', () => {
    const graph = graphOf(['m', 'k', 'j'], ['j>k', 'k>m', 'm>j']);
    const [cycle, ...others] = cyclesOf(graph);
    expect(others).toEqual([]);
    expect(cycle?.nodeIds).toEqual(['m', 'j', 'k']);
    expect(cycle?.closingEdge).toEqual(edge('k>m', 1));
  });

  it('does not report nodes that are only downstream of a cycle', () => {
    const graph = graphOf(['out1', 'p', 'q', 'out2'], ['q>out1', 'p>q', 'q>p', 'out1>out2']);
    expect(topologicalOrder(graph).cyclic).toEqual(['out1', 'p', 'q', 'out2']);
    expect(cyclesOf(graph).map((cycle) => cycle.nodeIds)).toEqual([['p', 'q']]);
  });

  it('reports a cycle over parallel edges once', () => {
    const graph = graphOf(['a', 'b'], ['a:true>b', 'a:false>b', 'b>a']);
    const cycles = cyclesOf(graph);
    expect(cycles.map((cycle) => cycle.nodeIds)).toEqual([['a', 'b']]);
    cycles.forEach((cycle) => expectWellFormedCycle(graph, cycle));
  });
});

describe('reachableFrom', () => {
  const graph = graphOf(['t1', 't2', 'a', 'b', 'c', 'island', 'up'], ['t1>a', 'a>b', 't2>c', 'up>a', 'b>a']);

  it('holds the starts and everything downstream of them, not upstream', () => {
    expect(reachableFrom(graph, ['t1'])).toEqual(new Set(['t1', 'a', 'b']));
    expect(reachableFrom(graph, ['a'])).toEqual(new Set(['a', 'b']));
  });

  it('combines several starts', () => {
    expect(reachableFrom(graph, ['t1', 't2'])).toEqual(new Set(['t1', 't2', 'a', 'b', 'c']));
  });

  it('holds only the start when nothing leaves it', () => {
    expect(reachableFrom(graph, ['island'])).toEqual(new Set(['island']));
    expect(reachableFrom(graph, [])).toEqual(new Set());
  });
});

describe('ancestorsOf', () => {
  const diamond = graphOf(['a', 'b', 'c', 'd', 'e', 'x'], ['a>b', 'a>c', 'b>d', 'c>d', 'd>e']);

  it('holds every node upstream, but not the node itself, its siblings or its descendants', () => {
    expect(ancestorsOf(diamond, 'd')).toEqual(new Set(['a', 'b', 'c']));
    expect(ancestorsOf(diamond, 'b')).toEqual(new Set(['a']));
    expect(ancestorsOf(diamond, 'e')).toEqual(new Set(['a', 'b', 'c', 'd']));
  });

  it('is empty for a node without incoming edges', () => {
    expect(ancestorsOf(diamond, 'a')).toEqual(new Set());
    expect(ancestorsOf(diamond, 'x')).toEqual(new Set());
  });

  it('includes the node itself when it is on a cycle', () => {
    const graph = graphOf(['s', 'a', 'b'], ['s>a', 'a>b', 'b>a']);
    expect(ancestorsOf(graph, 'a')).toEqual(new Set(['s', 'a', 'b']));
  });
});
