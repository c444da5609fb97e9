import { describe, expect, it } from 'vitest';
import { EARLIER_EDGE_SUFFIX, compareDefinitions } from '../../designer/src/versions/model/comparison.js';
import { sameDefinition } from '../../designer/src/versions/model/same-definition.js';
import type { WorkflowDefinition, WorkflowNode } from '../../runtime/definition/index.js';

const node = (id: string, x: number, config: WorkflowNode['config'] = { fields: {} }): WorkflowNode => ({
  id,
  type: 'data.transform',
  version: 1,
  name: id,
  position: { x, y: 0 },
  config,
});

const before: WorkflowDefinition = {
  schemaVersion: 1,
  name: 'Orders',
  params: [],
  settings: {},
  nodes: [{ id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} }, node('map', 240), node('old', 480), node('moved', 720)],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'out', target: 'map', targetPort: 'in' },
    { id: 'e2', source: 'map', sourcePort: 'out', target: 'old', targetPort: 'in' },
    { id: 'e3', source: 'map', sourcePort: 'out', target: 'moved', targetPort: 'in' },
  ],
};

const after: WorkflowDefinition = {
  ...before,
  settings: { slaMinutes: 10 },
  nodes: [before.nodes[0] as WorkflowNode, node('map', 240, { fields: { a: 1 } }), node('new', 480), node('moved', 900)],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'out', target: 'map', targetPort: 'in' },
    { id: 'e3', source: 'new', sourcePort: 'out', target: 'moved', targetPort: 'in' },
    { id: 'e4', source: 'map', sourcePort: 'out', target: 'new', targetPort: 'in' },
  ],
};

describe('compareDefinitions', () => {
  const comparison = compareDefinitions(before, after);

  it('draws both in one layout: the later definition plus the removed node and the earlier forms of removed and re-attached edges', () => {
    expect(comparison.merged.nodes.map((candidate) => candidate.id)).toEqual(['start', 'map', 'new', 'moved', 'old']);
    expect(comparison.merged.nodes.find((candidate) => candidate.id === 'old')?.position).toEqual({ x: 480, y: 0 });
    expect(comparison.merged.edges.map((edge) => edge.id)).toEqual(['e1', 'e3', 'e4', 'e2', `e3${EARLIER_EDGE_SUFFIX}`]);
    expect(comparison.merged.edges.find((edge) => edge.id === `e3${EARLIER_EDGE_SUFFIX}`)).toMatchObject({ source: 'map', target: 'moved' });
    expect(comparison.merged.settings).toEqual({ slaMinutes: 10 });
  });

  it('marks added, removed and changed nodes, and leaves a node that only moved unmarked', () => {
    expect(Object.fromEntries(comparison.nodeMarks)).toEqual({ new: { change: 'added' }, old: { change: 'removed' }, map: { change: 'changed' } });
    expect(Object.fromEntries(comparison.edgeMarks)).toEqual({
      e4: { change: 'added' },
      e2: { change: 'removed' },
      e3: { change: 'added' },
      [`e3${EARLIER_EDGE_SUFFIX}`]: { change: 'removed' },
    });
  });

  it('sums it up in one line', () => {
    expect(comparison.counts).toEqual({ nodesAdded: 1, nodesRemoved: 1, nodesChanged: 1, nodesMoved: 1, edgesChanged: 3, workflow: ['settings'] });
    expect(comparison.summary).toBe('1 node added, 1 removed, 1 changed, 3 edges changed, 1 moved; workflow settings changed');
    expect(compareDefinitions(before, before).summary).toBe('0 nodes added, 0 removed, 0 changed, 0 edges changed');
  });

  it('compares two 1,000-node versions without walking pairs of nodes', () => {
    const big = (shift: number): WorkflowDefinition => ({
      ...before,
      nodes: Array.from({ length: 1000 }, (_, index) => node(`n${index}`, index * 10, { fields: { step: index % 7 === 0 ? index + shift : index } })),
      edges: Array.from({ length: 999 }, (_, index) => ({ id: `e${index}`, source: `n${index}`, sourcePort: 'out', target: `n${index + 1}`, targetPort: 'in' })),
    });
    const large = compareDefinitions(big(0), big(1));
    expect(large.counts.nodesChanged).toBe(143);
    expect(large.merged.nodes).toHaveLength(1000);
  });
});

describe('sameDefinition', () => {
  it('reads a draft and a version the same when only defaults and key order differ', () => {
    const stored = JSON.parse(JSON.stringify(before)) as Record<string, unknown>;
    // The same nodes with their keys in another order, and no params or settings (the defaults).
    const draft = { name: 'Orders', schemaVersion: 1, nodes: before.nodes.map(({ config, ...rest }) => ({ config, ...rest })), edges: before.edges };
    expect(sameDefinition(draft, stored)).toBe(true);
    expect(sameDefinition(after as unknown as Record<string, unknown>, stored)).toBe(false);
  });
});
