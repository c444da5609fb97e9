import { describe, expect, it } from 'vitest';
import { diffWorkflows, type WorkflowDefinition } from '../../../runtime/definition/index.js';
import { workflow } from '../../support/definitions.js';

const base = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'shape', type: 'data.transform', config: { fields: { total: { var: 'input.total' }, source: 'shop' }, keep: true } },
  ],
  [['start', 'out', 'shape']],
);

/** `base` with the config of `shape` replaced. */
function withConfig(config: Record<string, unknown>): WorkflowDefinition {
  return { ...base, nodes: base.nodes.map((node) => (node.id === 'shape' ? { ...node, config: config as never } : node)) };
}

describe('diffWorkflows', () => {
  it('names the config keys that changed', () => {
    const diff = diffWorkflows(base, withConfig({ fields: { total: { var: 'input.sum' }, source: 'shop' }, keep: true }));
    expect(diff.nodes.changed).toEqual([{ id: 'shape', name: 'shape', fields: ['config'], configKeys: ['fields'] }]);
  });

  it('does not count keys written in another order as a change, at any level', () => {
    expect(diffWorkflows(base, withConfig({ keep: true, fields: { source: 'shop', total: { var: 'input.total' } } })).nodes.changed).toEqual([]);
  });

  it('compares drafts nested 50,000 levels deep (the designer diffs unchecked drafts) without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 50_000; level++) deep = { a: deep };
    const diff = diffWorkflows(withConfig({ fields: {}, deep }), withConfig({ fields: {}, deep: { b: deep } }));
    expect(diff.nodes.changed).toEqual([{ id: 'shape', name: 'shape', fields: ['config'], configKeys: ['deep'] }]);
  });
});
