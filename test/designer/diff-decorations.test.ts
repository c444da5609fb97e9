import { describe, expect, it } from 'vitest';
import { diffDecorations } from '../../designer/src/shared/canvas/diff-decorations.js';
import { diffWorkflows, type WorkflowDefinition } from '../../runtime/definition/index.js';

const before: WorkflowDefinition = {
  schemaVersion: 1,
  name: 'Compare',
  params: [],
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} },
    { id: 'map', type: 'data.transform', version: 1, name: 'Map', position: { x: 260, y: 0 }, config: { fields: { a: 1 } } },
    { id: 'old', type: 'data.transform', version: 1, name: 'Old', position: { x: 520, y: 0 }, config: { fields: {} } },
  ],
  edges: [],
};

const after: WorkflowDefinition = {
  ...before,
  nodes: [
    before.nodes[0] as WorkflowDefinition['nodes'][number],
    { id: 'map', type: 'data.transform', version: 1, name: 'Map', position: { x: 260, y: 0 }, config: { fields: { a: 2 } } },
    { id: 'new', type: 'data.transform', version: 1, name: 'New', position: { x: 520, y: 0 }, config: { fields: {} } },
  ],
};

describe('diffDecorations', () => {
  it('marks removed and changed nodes on the earlier side, added and changed ones on the later side, nothing else', () => {
    const { before: left, after: right } = diffDecorations(diffWorkflows(before, after));
    expect(Object.fromEntries(left)).toEqual({ old: { change: 'removed' }, map: { change: 'changed' } });
    expect(Object.fromEntries(right)).toEqual({ new: { change: 'added' }, map: { change: 'changed' } });
  });

  it('marks nothing when nothing changed', () => {
    const { before: left, after: right } = diffDecorations(diffWorkflows(before, before));
    expect(left.size + right.size).toBe(0);
  });
});
