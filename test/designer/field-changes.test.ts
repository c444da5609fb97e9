import { describe, expect, it } from 'vitest';
import { nodeFieldChanges } from '../../designer/src/versions/model/field-changes.js';
import type { WorkflowNode } from '../../runtime/definition/index.js';

const condition = (rule: unknown, name = 'Large order?'): WorkflowNode => ({
  id: 'large',
  type: 'logic.condition',
  version: 1,
  name,
  position: { x: 0, y: 0 },
  config: { rule } as WorkflowNode['config'],
});

describe('nodeFieldChanges', () => {
  it('lists each changed field with its label from the node spec, before and after', () => {
    const changes = nodeFieldChanges(condition({ '>': [{ var: 'input.total' }, 500] }), condition({ '>': [{ var: 'input.total' }, 1000] }, 'Very large order?'));
    expect(changes).toEqual([
      { path: 'name', label: 'Name', before: 'Large order?', after: 'Very large order?' },
      { path: 'config.rule', label: 'Condition', before: { '>': [{ var: 'input.total' }, 500] }, after: { '>': [{ var: 'input.total' }, 1000] } },
    ]);
  });

  it('goes down to the changed key of nested settings, and compares expressions whole', () => {
    const transform = (priority: unknown): WorkflowNode => ({
      id: 'sort',
      type: 'data.transform',
      version: 1,
      name: 'Sort',
      position: { x: 0, y: 0 },
      config: { fields: { orderId: { var: 'input.orderId' }, priority } } as WorkflowNode['config'],
    });
    const changes = nodeFieldChanges(transform({ if: [{ '>': [{ var: 'input.total' }, 500] }, 'high', 'normal'] }), transform({ if: [{ '>': [{ var: 'input.total' }, 1000] }, 'high', 'normal'] }));
    expect(changes.map((change) => [change.path, change.label])).toEqual([['config.fields.priority', 'Fields › priority']]);
  });

  it('lists every field of an added or a removed node against nothing', () => {
    const added = nodeFieldChanges(undefined, condition({ var: 'input.ok' }));
    expect(added.find((change) => change.path === 'config.rule')).toEqual({ path: 'config.rule', label: 'Condition', before: undefined, after: { var: 'input.ok' } });
    expect(added.map((change) => change.path)).toEqual(['name', 'type', 'version', 'position', 'config.rule']);
    expect(nodeFieldChanges(condition(true), undefined).every((change) => change.after === undefined)).toBe(true);
  });

  it('finds nothing for the same node', () => {
    expect(nodeFieldChanges(condition(true), condition(true))).toEqual([]);
  });
});
