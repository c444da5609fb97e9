import { describe, expect, it } from 'vitest';
import { autoLayout } from '../../designer/src/editor/model/auto-layout.js';
import { nodeSize } from '../../designer/src/editor/model/node-geometry.js';
import { flowEdge, flowNode } from './graph-fixtures.js';

describe('autoLayout', () => {
  it('orders nodes left to right along their edges', () => {
    const nodes = [flowNode('c', 'data.transform', { x: 0, y: 0 }), flowNode('a', 'trigger.manual', { x: 900, y: 500 }), flowNode('b', 'logic.condition', { x: 400, y: -300 })];
    const laid = autoLayout(nodes, [flowEdge('a', 'b'), flowEdge('b', 'c', 'true')]);
    const x = (id: string) => laid.find((node) => node.id === id)?.position.x ?? Number.NaN;
    expect(x('a')).toBeLessThan(x('b'));
    expect(x('b')).toBeLessThan(x('c'));
  });

  it('puts branches side by side, keeps ids and data, and uses whole pixels', () => {
    const nodes = [flowNode('start', 'trigger.manual'), flowNode('left'), flowNode('right')];
    const laid = autoLayout(nodes, [flowEdge('start', 'left'), flowEdge('start', 'right')]);
    const [start, left, right] = laid;
    expect(laid.map((node) => node.id)).toEqual(['start', 'left', 'right']);
    expect(left?.data).toBe(nodes[1]?.data);
    expect(left?.position.x).toBe(right?.position.x);
    expect(left?.position.y).not.toBe(right?.position.y);
    expect(start?.position.x).toBeLessThan(left?.position.x ?? Number.NaN);
    for (const node of laid) expect(Number.isInteger(node.position.x) && Number.isInteger(node.position.y)).toBe(true);
  });

  it('keeps tall nodes (many ports) from overlapping', () => {
    const nodes = [flowNode('start', 'trigger.manual'), flowNode('review', 'human.approval'), flowNode('check', 'logic.condition'), flowNode('wait', 'human.approval')];
    const laid = autoLayout(nodes, [flowEdge('start', 'review'), flowEdge('start', 'check'), flowEdge('start', 'wait')]);
    const column = laid.filter((node) => node.id !== 'start').sort((a, b) => a.position.y - b.position.y);
    const bottoms = column.map((node) => node.position.y + nodeSize(node).height);
    column.slice(1).forEach((node, index) => expect(bottoms[index]).toBeLessThanOrEqual(node.position.y));
  });
});
