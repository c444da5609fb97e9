import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshId, toDefinition, toFlow } from '../../designer/src/editor/model/flow-graph.js';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';

const template = JSON.parse(readFileSync(new URL('../../templates/order-exception-routing/definition.json', import.meta.url), 'utf8')) as WorkflowDefinition;

describe('toFlow / toDefinition', () => {
  it('round-trips a definition with its ids, ports, positions and config', () => {
    const { meta, nodes, edges } = toFlow(template);
    expect(toDefinition(meta, nodes, edges)).toEqual(template);
  });

  it('maps nodes and edges one to one, ports onto handles', () => {
    const { nodes, edges } = toFlow(template);
    expect(nodes.map((node) => node.id)).toEqual(template.nodes.map((node) => node.id));
    const first = template.edges[0];
    expect(edges[0]).toMatchObject({ id: first?.id, source: first?.source, target: first?.target, sourceHandle: first?.sourcePort, targetHandle: first?.targetPort });
  });

  it('keeps retry, timeout and notes, and rounds positions to whole pixels', () => {
    const definition: WorkflowDefinition = {
      schemaVersion: 1,
      name: 'One node',
      params: [],
      settings: {},
      nodes: [{ id: 'a', type: 'data.transform', version: 1, name: 'A', position: { x: 1, y: 2 }, config: { fields: {} }, retry: { maxAttempts: 3 }, timeoutMs: 500, notes: 'why' }],
      edges: [],
    };
    const { meta, nodes, edges } = toFlow(definition);
    const moved = nodes.map((node) => ({ ...node, position: { x: 10.4, y: 20.6 } }));
    expect(toDefinition(meta, moved, edges).nodes[0]).toEqual({ ...definition.nodes[0], position: { x: 10, y: 21 } });
  });

  it('reads a draft that does not validate yet with defaults', () => {
    const { meta, nodes, edges } = toFlow({ nodes: [{ id: 'x', type: 'data.transform', version: 1, name: 'X' }] });
    expect(meta.name).toBe('Untitled');
    expect(nodes[0]?.position).toEqual({ x: 0, y: 0 });
    expect(nodes[0]?.data.config).toEqual({});
    expect(edges).toEqual([]);
  });
});

describe('freshId', () => {
  it('keeps a free base and numbers a taken one', () => {
    expect(freshId('condition', new Set())).toBe('condition');
    expect(freshId('condition', new Set(['condition']))).toBe('condition_2');
    expect(freshId('condition', new Set(['condition', 'condition_2']))).toBe('condition_3');
  });

  it('turns any text into a valid id', () => {
    expect(freshId('my node!', new Set())).toBe('my_node_');
    expect(freshId('1st', new Set())).toBe('_1st');
    expect(freshId('', new Set())).toBe('node');
  });
});
