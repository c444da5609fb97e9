import { describe, expect, it } from 'vitest';
import { fieldHints } from '../../runtime/definition/index.js';
import { evaluateExpression, toPlainData } from '../../runtime/expressions/index.js';
import { execute } from '../../nodes/flow.subworkflow/execute.js';
import { spec } from '../../nodes/flow.subworkflow/spec.js';
import { issuePaths } from './config-issues.js';
import { fakeContext } from './fake-context.js';
import { savedConfigProblems } from './saved-config.js';

const input = toPlainData({ orderId: 'A-1001', customer: { id: 'C-7', email: 'ada@example.com' } });

async function run(config: unknown) {
  return execute(fakeContext(), spec.config.parse(config), input);
}

describe('flow.subworkflow', () => {
  it('continues on out, with an error port and no side effects', () => {
    expect(spec.category).toBe('flow');
    expect(spec.icon).toBe('workflow');
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['out', 'error']);
    expect(spec.sideEffects).toBe(false);
  });

  it('marks the input as an optional expression', () => {
    expect(fieldHints(spec.config.shape.input)).toMatchObject({ expression: true });
    expect(fieldHints(spec.config.shape.workflowId)).toMatchObject({ widget: 'text' });
    expect(spec.config.parse({ workflowId: 'wf-child' })).toEqual({ workflowId: 'wf-child' });
  });

  it('needs a workflow id and nothing else', () => {
    expect(issuePaths(spec.config, {})).toEqual([['workflowId']]);
    expect(issuePaths(spec.config, { workflowId: '' })).toEqual([['workflowId']]);
    expect(issuePaths(spec.config, { workflowId: 7 })).toEqual([['workflowId']]);
    expect(issuePaths(spec.config, { workflowId: 'wf-child', version: 2 })).toEqual([[]]);
    expect(savedConfigProblems('flow.subworkflow', { workflowId: 'wf-child', input: { var: 'input.customer' } })).toEqual([]);
  });

  it('runs the child with this node\'s input when no input is set', async () => {
    const result = await run({ workflowId: 'wf-child' });
    expect(result).toEqual({
      wait: { kind: 'children', workflowId: 'wf-child', items: [input], concurrency: 1, collect: 'single' },
    });
  });

  it('runs the child with the evaluated input, also when it is null', async () => {
    const customer = evaluateExpression({ var: 'input.customer' }, { input });
    expect(await run({ workflowId: 'wf-child', input: customer })).toEqual({
      wait: {
        kind: 'children',
        workflowId: 'wf-child',
        items: [{ id: 'C-7', email: 'ada@example.com' }],
        concurrency: 1,
        collect: 'single',
      },
    });
    expect(await run({ workflowId: 'wf-child', input: null })).toMatchObject({ wait: { items: [null] } });
  });
});
