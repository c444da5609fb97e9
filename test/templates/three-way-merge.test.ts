import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import { mergeDefinitions } from '../../server/templates/three-way-merge.js';
import { workflow } from '../support/definitions.js';

/** The template as cloned: a webhook, a threshold check and a notification. */
const base = workflow(
  [
    { id: 'start', type: 'trigger.manual', name: 'Start' },
    { id: 'check', type: 'logic.condition', name: 'Large?', config: { rule: { '>': [{ var: 'input.total' }, 500] } } },
    { id: 'note', type: 'data.transform', name: 'Note', config: { fields: { queue: 'exceptions' } } },
  ],
  [
    ['start', 'out', 'check'],
    ['check', 'true', 'note'],
  ],
  { settings: { slaMinutes: 30 }, params: [{ name: 'threshold', type: 'number', default: 500 }] },
);

/** A copy of `definition` with `change` made to it. */
function edit(definition: WorkflowDefinition, change: (copy: WorkflowDefinition) => void): WorkflowDefinition {
  const copy = structuredClone(definition);
  change(copy);
  return copy;
}
const node = (definition: WorkflowDefinition, id: string) => definition.nodes.find((candidate) => candidate.id === id) as WorkflowDefinition['nodes'][number];

describe('the three-way merge of a template update into a cloned draft', () => {
  it('applies a change the draft did not touch, and keeps what only the draft changed', () => {
    const theirs = edit(base, (copy) => (node(copy, 'note').config.fields = { queue: 'partner-queue' }));
    const mine = edit(base, (copy) => (node(copy, 'check').name = 'Large order?'));
    const result = mergeDefinitions(base, theirs, mine);
    expect(result.conflicts).toEqual([]);
    expect(result.applied).toEqual([{ id: 'note:config.fields', nodeId: 'note', nodeName: 'Note', field: 'config.fields', theirs: { queue: 'partner-queue' } }]);
    expect(node(result.merged, 'note').config.fields).toEqual({ queue: 'partner-queue' });
    expect(node(result.merged, 'check').name).toBe('Large order?');
  });

  it('finds nothing to do when both made the same change', () => {
    const both = edit(base, (copy) => (copy.settings = { slaMinutes: 60 }));
    expect(mergeDefinitions(base, both, both)).toEqual({ merged: both, applied: [], conflicts: [] });
  });

  it('lists a field both changed differently with the three values, keeps the draft until resolved, and takes the side chosen', () => {
    const theirs = edit(base, (copy) => (node(copy, 'check').config.rule = { '>': [{ var: 'input.total' }, 1000] }));
    const mine = edit(base, (copy) => (node(copy, 'check').config.rule = { '>': [{ var: 'input.total' }, 750] }));
    const result = mergeDefinitions(base, theirs, mine);
    expect(result.conflicts).toEqual([
      { id: 'check:config.rule', nodeId: 'check', nodeName: 'Large?', field: 'config.rule', base: node(base, 'check').config.rule, theirs: node(theirs, 'check').config.rule, mine: node(mine, 'check').config.rule },
    ]);
    expect(node(result.merged, 'check').config.rule).toEqual(node(mine, 'check').config.rule);
    expect(node(mergeDefinitions(base, theirs, mine, { 'check:config.rule': 'theirs' }).merged, 'check').config.rule).toEqual(node(theirs, 'check').config.rule);
    expect(node(mergeDefinitions(base, theirs, mine, { 'check:config.rule': 'mine' }).merged, 'check').config.rule).toEqual(node(mine, 'check').config.rule);
  });

  it('adds nodes and edges the template added, and removes what it removed where the draft kept them as they were', () => {
    const theirs = edit(base, (copy) => {
      copy.nodes.push({ id: 'alert', type: 'data.transform', version: 1, name: 'Alert', position: { x: 600, y: 0 }, config: { fields: {} } });
      copy.edges.push({ id: 'e9', source: 'note', sourcePort: 'out', target: 'alert', targetPort: 'in' });
      copy.settings = {};
    });
    const result = mergeDefinitions(base, theirs, base);
    expect(result.conflicts).toEqual([]);
    expect(result.applied.map((change) => change.id)).toEqual(['node:alert', 'edge:e9', 'setting:slaMinutes']);
    expect(result.merged.nodes.map((entry) => entry.id)).toEqual(['start', 'check', 'note', 'alert']);
    expect(result.merged.settings).toEqual({});
  });

  it('asks when the template removed a node the draft changed, or changed one the draft removed', () => {
    const removed = edit(base, (copy) => {
      copy.nodes = copy.nodes.filter((entry) => entry.id !== 'note');
      copy.edges = copy.edges.filter((entry) => entry.target !== 'note');
    });
    const edited = edit(base, (copy) => (node(copy, 'note').config.fields = { queue: 'mine' }));
    const first = mergeDefinitions(base, removed, edited);
    expect(first.conflicts.map((conflict) => [conflict.id, conflict.theirs === undefined])).toEqual([['node:note', true]]);
    expect(first.applied.map((change) => change.id)).toEqual(['edge:e2']);
    expect(mergeDefinitions(base, removed, edited, { 'node:note': 'theirs' }).merged.nodes.map((entry) => entry.id)).toEqual(['start', 'check']);

    const second = mergeDefinitions(base, edited, removed);
    expect(second.conflicts.map((conflict) => [conflict.id, conflict.mine === undefined])).toEqual([['node:note', true]]);
  });

  it("follows the template's layout only for nodes the draft did not move, and never calls a position a conflict", () => {
    const theirs = edit(base, (copy) => (node(copy, 'note').position = { x: 999, y: 9 }));
    const moved = edit(base, (copy) => (node(copy, 'note').position = { x: 5, y: 5 }));
    expect(node(mergeDefinitions(base, theirs, base).merged, 'note').position).toEqual({ x: 999, y: 9 });
    expect(mergeDefinitions(base, theirs, moved)).toEqual({ merged: moved, applied: [], conflicts: [] });
  });
});
