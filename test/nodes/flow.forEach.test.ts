import { describe, expect, it } from 'vitest';
import { NodeExecutionError, fieldHints } from '../../runtime/definition/index.js';
import { evaluateExpression, toPlainData } from '../../runtime/expressions/index.js';
import { execute } from '../../nodes/flow.forEach/execute.js';
import { spec } from '../../nodes/flow.forEach/spec.js';
import { issuePaths } from './config-issues.js';
import { fakeContext, thrownBy } from './fake-context.js';
import { savedConfigProblems } from './saved-config.js';

const input = toPlainData({ orderId: 'A-1001', lines: [{ sku: 'S-1', qty: 2 }, { sku: 'S-2', qty: 1 }] });

async function run(config: unknown) {
  return execute(fakeContext(), spec.config.parse(config), input);
}

async function failure(config: unknown): Promise<NodeExecutionError> {
  const error = await thrownBy(() => run(config));
  if (!(error instanceof NodeExecutionError)) throw new Error(`expected a NodeExecutionError, got ${String(error)}`);
  return error;
}

describe('flow.forEach', () => {
  it('continues on out, with an error port and no side effects', () => {
    expect(spec.category).toBe('flow');
    expect(spec.icon).toBe('repeat');
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['out', 'error']);
    expect(spec.sideEffects).toBe(false);
  });

  it('marks the items as an expression and the body as a text field that will get a picker', () => {
    expect(fieldHints(spec.config.shape.items)).toMatchObject({ expression: true });
    expect(fieldHints(spec.config.shape.workflowId)).toMatchObject({ widget: 'text' });
    expect(fieldHints(spec.config.shape.workflowId).expression).toBeUndefined();
    expect(fieldHints(spec.config.shape.workflowId).help).toMatch(/picker/);
  });

  it('defaults to 5 parallel runs and at most 1000 items', () => {
    expect(spec.config.parse({ items: [], workflowId: 'wf-body' })).toEqual({
      items: [],
      workflowId: 'wf-body',
      concurrency: 5,
      maxItems: 1000,
    });
  });

  it('checks the config at its paths', () => {
    const base = { items: { var: 'input.lines' }, workflowId: 'wf-body' };
    expect(issuePaths(spec.config, {})).toEqual([['items'], ['workflowId']]);
    expect(issuePaths(spec.config, { ...base, workflowId: '' })).toEqual([['workflowId']]);
    for (const concurrency of [0, 51, 2.5]) {
      expect(issuePaths(spec.config, { ...base, concurrency }), String(concurrency)).toEqual([['concurrency']]);
    }
    for (const maxItems of [0, 10_001]) {
      expect(issuePaths(spec.config, { ...base, maxItems }), String(maxItems)).toEqual([['maxItems']]);
    }
    expect(issuePaths(spec.config, { ...base, concurrency: 50, maxItems: 10_000 })).toEqual([]);
    expect(issuePaths(spec.config, { ...base, parallel: 2 })).toEqual([[]]);
  });

  it('accepts a json-logic list in a saved definition', () => {
    expect(savedConfigProblems('flow.forEach', { items: { var: 'input.lines' }, workflowId: 'wf-body' })).toEqual([]);
  });

  it('runs the body once per evaluated item, collecting a list', async () => {
    const items = evaluateExpression({ var: 'input.lines' }, { input });
    expect(await run({ items, workflowId: 'wf-body', concurrency: 2 })).toEqual({
      wait: {
        kind: 'children',
        workflowId: 'wf-body',
        items: [{ sku: 'S-1', qty: 2 }, { sku: 'S-2', qty: 1 }],
        concurrency: 2,
        collect: 'list',
      },
    });
  });

  it('keeps items of any JSON kind, in order', async () => {
    const items = [3, 'two', null, [1], { a: true }];
    expect(await run({ items, workflowId: 'wf-body' })).toEqual({
      wait: { kind: 'children', workflowId: 'wf-body', items, concurrency: 5, collect: 'list' },
    });
  });

  it('outputs an empty list at once for no items', async () => {
    expect(await run({ items: [], workflowId: 'wf-body' })).toEqual({ output: [] });
  });

  it('fails with FOREACH_NOT_A_LIST, naming what it got', async () => {
    const cases: [unknown, string][] = [
      [{ lines: [] }, 'an object'],
      ['S-1,S-2', 'a string'],
      [3, 'a number'],
      [true, 'a boolean'],
      [null, 'null'],
    ];
    for (const [items, received] of cases) {
      const error = await failure({ items, workflowId: 'wf-body' });
      expect(error.code, received).toBe('FOREACH_NOT_A_LIST');
      expect(error.message).toContain(`the expression gave ${received}`);
      expect(error.details).toEqual({ received });
    }
  });

  it('fails with FOREACH_TOO_MANY_ITEMS above the limit, and accepts exactly the limit', async () => {
    const items = Array.from({ length: 4 }, (_, index) => index);
    const error = await failure({ items, workflowId: 'wf-body', maxItems: 3 });
    expect(error.code).toBe('FOREACH_TOO_MANY_ITEMS');
    expect(error.message).toMatch(/4 items, more than the 3/);
    expect(error.details).toEqual({ count: 4, maxItems: 3 });
    expect(await run({ items: items.slice(0, 3), workflowId: 'wf-body', maxItems: 3 })).toMatchObject({
      wait: { kind: 'children', items: [0, 1, 2] },
    });
  });
});
