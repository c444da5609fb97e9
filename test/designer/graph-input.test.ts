import { describe, expect, it } from 'vitest';
import type { DefinitionMeta } from '../../designer/src/editor/model/flow-graph.js';
import { createGraphInputSelector } from '../../designer/src/editor/problems/graph-input.js';
import { flowEdge, flowNode } from './graph-fixtures.js';

const meta: DefinitionMeta = { name: 'W', description: '', params: [], settings: {} };

describe('what validation reads from the store', () => {
  it('stays the same input through selection and drag frames, so nothing is validated again', () => {
    const nodes = [flowNode('a', 'trigger.manual'), flowNode('b')];
    const edges = [flowEdge('a', 'b')];
    const selectGraphInput = createGraphInputSelector();
    const input = selectGraphInput({ meta, nodes, edges });
    expect(selectGraphInput({ meta, nodes, edges })).toBe(input);
    const dragged = nodes.map((node) => (node.id === 'b' ? { ...node, position: { x: 300, y: 40 }, selected: true } : node));
    expect(selectGraphInput({ meta, nodes: dragged, edges: edges.map((edge) => ({ ...edge, selected: true })) })).toBe(input);
  });

  it('is a new input when a node\'s data, the nodes, an edge or the meta change', () => {
    const nodes = [flowNode('a', 'trigger.manual'), flowNode('b')];
    const edges = [flowEdge('a', 'b')];
    const selectGraphInput = createGraphInputSelector();
    const input = selectGraphInput({ meta, nodes, edges });
    const renamed = nodes.map((node) => (node.id === 'b' ? { ...node, data: { ...node.data, name: 'B' } } : node));
    const afterRename = selectGraphInput({ meta, nodes: renamed, edges });
    expect(afterRename).not.toBe(input);
    expect(selectGraphInput({ meta, nodes: renamed, edges: [] })).not.toBe(afterRename);
    expect(selectGraphInput({ meta: { ...meta, name: 'X' }, nodes: renamed, edges: [] }).meta.name).toBe('X');
  });
});
