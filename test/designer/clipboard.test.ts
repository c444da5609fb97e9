import { describe, expect, it } from 'vitest';
import { copySelection, offsetTo, pastePayload, payloadOrigin, readClipboard } from '../../designer/src/editor/model/clipboard.js';
import { flowEdge, flowNode } from './graph-fixtures.js';

const nodes = [
  { ...flowNode('a', 'data.transform', { x: 100, y: 50 }), selected: true },
  { ...flowNode('b', 'data.transform', { x: 300, y: 80 }), selected: true },
  flowNode('c', 'data.transform', { x: 500, y: 50 }),
];
const edges = [flowEdge('a', 'b'), flowEdge('b', 'c')];

describe('copySelection', () => {
  it('copies the selected nodes and only the edges between them', () => {
    const payload = copySelection(nodes, edges);
    expect(payload?.nodes.map((node) => node.id)).toEqual(['a', 'b']);
    expect(payload?.edges).toEqual([{ source: 'a', target: 'b', sourceHandle: 'out', targetHandle: 'in' }]);
  });

  it('copies nothing when nothing is selected', () => {
    expect(copySelection(nodes.map((node) => ({ ...node, selected: false })), edges)).toBeUndefined();
  });
});

describe('pastePayload', () => {
  it('gives the pasted nodes and edges fresh ids, shifts them and selects them', () => {
    const payload = copySelection(nodes, edges);
    if (!payload) throw new Error('nothing copied');
    const pasted = pastePayload(payload, { nodeIds: new Set(['a', 'b', 'c']), edgeIds: new Set(edges.map((edge) => edge.id)), names: ['a', 'b', 'c'] }, { x: 40, y: 40 });
    expect(pasted.nodes.map((node) => node.id)).toEqual(['a_2', 'b_2']);
    expect(pasted.nodes.map((node) => node.position)).toEqual([{ x: 140, y: 90 }, { x: 340, y: 120 }]);
    expect(pasted.nodes.every((node) => node.selected)).toBe(true);
    expect(pasted.nodes[0]?.data).toEqual({ ...nodes[0]?.data, name: 'a 2' });
    expect(pasted.edges).toEqual([{ id: 'e', source: 'a_2', target: 'b_2', sourceHandle: 'out', targetHandle: 'in' }]);
  });

  it('keeps the ids when pasting into a workflow that does not use them', () => {
    const payload = copySelection(nodes, edges);
    if (!payload) throw new Error('nothing copied');
    const pasted = pastePayload(payload, { nodeIds: new Set(), edgeIds: new Set(), names: [] }, { x: 0, y: 0 });
    expect(pasted.nodes.map((node) => node.id)).toEqual(['a', 'b']);
    expect(pasted.nodes[0]?.data).toBe(payload.nodes[0]?.data);
  });

  it('names the copies so no two nodes share a name, also among themselves', () => {
    const twins = { format: 'flowgate.nodes' as const, nodes: ['Transform', 'Transform 2', 'transform'].map((name, index) => ({ id: `t${index}`, position: { x: 0, y: 0 }, data: { type: 'data.transform', version: 1, name, config: {} } })), edges: [] };
    const pasted = pastePayload(twins, { nodeIds: new Set(), edgeIds: new Set(), names: ['Transform', 'Transform 2'] }, { x: 0, y: 0 });
    expect(pasted.nodes.map((node) => node.data.name)).toEqual(['Transform 3', 'Transform 4', 'transform 5']);
  });
});

describe('readClipboard', () => {
  it('reads back what copy wrote', () => {
    const payload = copySelection(nodes, edges);
    expect(readClipboard(JSON.stringify(payload))).toEqual(payload);
  });

  it('rejects foreign text', () => {
    expect(readClipboard('hello')).toBeUndefined();
    expect(readClipboard('{"nodes":[],"edges":[]}')).toBeUndefined();
    expect(readClipboard('{"format":"flowgate.nodes","nodes":{}}')).toBeUndefined();
    expect(readClipboard('null')).toBeUndefined();
    expect(readClipboard('')).toBeUndefined();
  });
});

describe('payload placement', () => {
  it('finds the top-left corner and the offset that moves it to a point', () => {
    const payload = copySelection(nodes, edges);
    if (!payload) throw new Error('nothing copied');
    expect(payloadOrigin(payload)).toEqual({ x: 100, y: 50 });
    expect(offsetTo(payload, { x: 0, y: 0 })).toEqual({ x: -100, y: -50 });
  });
});
