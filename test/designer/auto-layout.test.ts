import { describe, expect, it } from 'vitest';
import { largeWorkflow } from '../../bench/designer-workflow.js';
import { layoutGraphOf, withPositions } from '../../designer/src/editor/model/auto-layout.js';
import { toFlow, type FlowEdge, type FlowNode } from '../../designer/src/editor/model/flow-graph.js';
import { layeredLayout } from '../../designer/src/editor/model/layered-layout.js';
import { nodeSize } from '../../designer/src/editor/model/node-geometry.js';
import { flowEdge, flowNode } from './graph-fixtures.js';

/** The nodes laid out as the editor lays them out. */
function autoLayout(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): FlowNode[] {
  return withPositions(nodes, layeredLayout(layoutGraphOf(nodes, edges)));
}

function at(laid: readonly FlowNode[], id: string): { x: number; y: number } {
  const node = laid.find((candidate) => candidate.id === id);
  if (!node) throw new Error(`no node ${id}`);
  return node.position;
}

/** Pairs of nodes whose boxes overlap. */
function overlapping(laid: readonly FlowNode[]): string[] {
  const found: string[] = [];
  const boxes = laid.map((node) => ({ id: node.id, ...node.position, ...nodeSize(node) }));
  boxes.sort((a, b) => a.x - b.x || a.y - b.y);
  for (const [index, a] of boxes.entries()) {
    for (const b of boxes.slice(index + 1)) {
      if (b.x >= a.x + a.width) break;
      if (a.y < b.y + b.height && b.y < a.y + a.height) found.push(`${a.id}/${b.id}`);
    }
  }
  return found;
}

describe('auto-layout', () => {
  it('orders nodes left to right along their edges', () => {
    const nodes = [flowNode('c', 'data.transform', { x: 0, y: 0 }), flowNode('a', 'trigger.manual', { x: 900, y: 500 }), flowNode('b', 'logic.condition', { x: 400, y: -300 })];
    const laid = autoLayout(nodes, [flowEdge('a', 'b'), flowEdge('b', 'c', 'true')]);
    expect(at(laid, 'a').x).toBeLessThan(at(laid, 'b').x);
    expect(at(laid, 'b').x).toBeLessThan(at(laid, 'c').x);
  });

  it('puts branches side by side, keeps ids and data, and uses whole pixels', () => {
    const nodes = [flowNode('start', 'trigger.manual'), flowNode('left'), flowNode('right')];
    const laid = autoLayout(nodes, [flowEdge('start', 'left'), flowEdge('start', 'right')]);
    expect(laid.map((node) => node.id)).toEqual(['start', 'left', 'right']);
    expect(laid[1]?.data).toBe(nodes[1]?.data);
    expect(at(laid, 'left').x).toBe(at(laid, 'right').x);
    expect(at(laid, 'left').y).not.toBe(at(laid, 'right').y);
    expect(at(laid, 'start').x).toBeLessThan(at(laid, 'left').x);
    for (const node of laid) expect(Number.isInteger(node.position.x) && Number.isInteger(node.position.y)).toBe(true);
  });

  it('keeps tall nodes (many ports) from overlapping', () => {
    const nodes = [flowNode('start', 'trigger.manual'), flowNode('review', 'human.approval'), flowNode('check', 'logic.condition'), flowNode('wait', 'human.approval')];
    const laid = autoLayout(nodes, [flowEdge('start', 'review'), flowEdge('start', 'check'), flowEdge('start', 'wait')]);
    expect(overlapping(laid)).toEqual([]);
  });

  it.each([
    ['False drawn above True, its edge drawn first', { yes: 200, no: -200 }, ['false', 'true']],
    ['False drawn above True, its edge drawn last', { yes: 200, no: -200 }, ['true', 'false']],
    ['True drawn above False, its edge drawn first', { yes: -200, no: 200 }, ['true', 'false']],
    ['all on one spot, True drawn first', { yes: 0, no: 0 }, ['true', 'false']],
  ])('keeps True above False (%s)', (_case, drawn, portOrder) => {
    const nodes = [
      flowNode('start', 'trigger.manual', { x: 0, y: 0 }),
      flowNode('check', 'logic.condition', { x: 300, y: 0 }),
      flowNode('no', 'data.transform', { x: 600, y: drawn.no }),
      flowNode('no-more', 'data.transform', { x: 900, y: drawn.no }),
      flowNode('yes', 'data.transform', { x: 600, y: drawn.yes }),
    ];
    const branch = { true: flowEdge('check', 'yes', 'true'), false: flowEdge('check', 'no', 'false') };
    const edges = [flowEdge('start', 'check'), ...portOrder.map((port) => branch[port as 'true' | 'false']), flowEdge('no', 'no-more')];
    const laid = autoLayout(nodes, edges);
    expect(at(laid, 'yes').y).toBeLessThan(at(laid, 'no').y);
    expect(at(laid, 'yes').x).toBe(at(laid, 'no').x);
    // The condition sits between its branches.
    expect(at(laid, 'check').y).toBeGreaterThan(at(laid, 'yes').y - 1);
    expect(at(laid, 'check').y).toBeLessThan(at(laid, 'no').y);
    expect(overlapping(laid)).toEqual([]);
  });

  it('keeps True above False for branches that end in different ranks and merge again', () => {
    const nodes = [
      flowNode('start', 'trigger.manual', { x: 0, y: 0 }),
      flowNode('check', 'logic.condition', { x: 0, y: 0 }),
      flowNode('no', 'data.transform', { x: 0, y: 0 }),
      flowNode('yes', 'data.transform', { x: 0, y: 500 }),
      flowNode('yes-more', 'data.transform', { x: 0, y: 500 }),
      flowNode('merge', 'data.transform', { x: 0, y: 0 }),
    ];
    const edges = [flowEdge('start', 'check'), flowEdge('check', 'no', 'false'), flowEdge('check', 'yes', 'true'), flowEdge('yes', 'yes-more'), flowEdge('yes-more', 'merge'), flowEdge('no', 'merge')];
    const laid = autoLayout(nodes, edges);
    expect(at(laid, 'yes').y).toBeLessThan(at(laid, 'no').y);
    expect(at(laid, 'merge').x).toBeGreaterThan(at(laid, 'yes-more').x);
    expect(overlapping(laid)).toEqual([]);
  });

  it("puts a switch's cases in the order of its ports, its error branch last", () => {
    const config = { cases: ['a', 'b', 'c'].map((port) => ({ port, rule: true })), mode: 'first' };
    const nodes = [
      flowNode('start', 'trigger.manual'),
      flowNode('route', 'logic.switch', { x: 0, y: 0 }, config),
      flowNode('to-c', 'data.transform', { x: 0, y: 0 }),
      flowNode('failed', 'data.transform', { x: 0, y: 10 }),
      flowNode('to-a', 'data.transform', { x: 0, y: 20 }),
      flowNode('to-b', 'data.transform', { x: 0, y: 30 }),
    ];
    const edges = [flowEdge('start', 'route'), flowEdge('route', 'to-c', 'c'), flowEdge('route', 'failed', 'error'), flowEdge('route', 'to-a', 'a'), flowEdge('route', 'to-b', 'b')];
    const laid = autoLayout(nodes, edges);
    const order = ['to-a', 'to-b', 'to-c', 'failed'].map((id) => at(laid, id).y);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('lays out a draft with a cycle and nodes without edges, every node once, none on another', () => {
    const nodes = [flowNode('start', 'trigger.manual'), flowNode('a'), flowNode('b'), flowNode('loose'), flowNode('loose-2', 'logic.condition')];
    const laid = autoLayout(nodes, [flowEdge('start', 'a'), flowEdge('a', 'b'), flowEdge('b', 'a'), flowEdge('b', 'b')]);
    expect(laid).toHaveLength(5);
    expect(at(laid, 'a').x).toBeLessThan(at(laid, 'b').x);
    expect(overlapping(laid)).toEqual([]);
  });

  it('keeps the workflow where it was: its top-left corner stays', () => {
    const nodes = [flowNode('start', 'trigger.manual', { x: 500, y: 300 }), flowNode('next', 'data.transform', { x: 800, y: 900 })];
    const laid = autoLayout(nodes, [flowEdge('start', 'next')]);
    expect(Math.min(...laid.map((node) => node.position.x))).toBe(0);
    expect(Math.min(...laid.map((node) => node.position.y))).toBe(300);
  });

  it('lays out the 1,000-node benchmark workflow without overlaps, each edge going right', () => {
    const flow = toFlow(largeWorkflow());
    const laid = autoLayout(flow.nodes, flow.edges);
    expect(overlapping(laid)).toEqual([]);
    const position = new Map(laid.map((node) => [node.id, node.position]));
    for (const edge of flow.edges) expect((position.get(edge.source)?.x ?? 0) < (position.get(edge.target)?.x ?? 0), edge.id).toBe(true);
  });
});
