import { describe, expect, it } from 'vitest';
import type { ExceptionReport, RaisedException } from '../../runtime/definition/index.js';
import { fieldHints } from '../../runtime/definition/index.js';
import { execute } from '../../nodes/flow.raiseException/execute.js';
import { spec } from '../../nodes/flow.raiseException/spec.js';
import { issuePaths } from './config-issues.js';
import { fakeContext } from './fake-context.js';

/** A sink that records what was raised and answers like the server: once per step. */
function recordingSink() {
  const raised: ExceptionReport[] = [];
  return {
    raised,
    sink: {
      raise: (report: ExceptionReport): Promise<RaisedException> => {
        raised.push(report);
        return Promise.resolve({ id: 'x1', key: 'EX-7', created: raised.length === 1 });
      },
      classify: () => Promise.reject(new Error('this test classifies nothing')),
    },
  };
}

describe('flow.raiseException', () => {
  it('is a flow step with side effects, out and error ports, and expressions for what the exception says', () => {
    expect([spec.category, spec.sideEffects]).toEqual(['flow', true]);
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['out', 'error']);
    for (const name of ['category', 'severity', 'title', 'details', 'subjectId', 'owner'] as const) expect(fieldHints(spec.config.shape[name]).expression, name).toBe(true);
  });

  it('checks category, severity and title', () => {
    expect(issuePaths(spec.config, { category: 'payment-mismatch', title: 'Payment differs' })).toEqual([]);
    expect(issuePaths(spec.config, { category: 'Payment Mismatch', title: 'x' })).toEqual([['category']]);
    expect(issuePaths(spec.config, { category: 'stock', title: 'x', severity: 'urgent' })).toEqual([['severity']]);
    expect(issuePaths(spec.config, { category: 'stock', title: '' })).toEqual([['title']]);
    expect(spec.config.parse({ category: 'stock', title: 'Out of stock' })).toEqual({ category: 'stock', title: 'Out of stock', severity: 'medium', details: '', context: {} });
  });

  it('raises the exception with its subject and facts, and passes the input on with its key', async () => {
    const { raised, sink } = recordingSink();
    const ctx = { ...fakeContext(), exceptions: sink };
    const config = spec.config.parse({ category: 'payment-mismatch', severity: 'high', title: 'Payment differs', subjectType: 'order', subjectId: 1042, owner: 'ERP partner', context: { total: 120.5, paid: false } });
    const outcome = await execute(ctx, config, { orderId: 1042 });
    expect(raised).toEqual([{ category: 'payment-mismatch', severity: 'high', title: 'Payment differs', details: '', subject: { type: 'order', id: '1042' }, owner: 'ERP partner', context: { total: 120.5, paid: false } }]);
    expect(outcome).toEqual({ output: { orderId: 1042, exception: { id: 'x1', key: 'EX-7', created: true, category: 'payment-mismatch', severity: 'high' } } });
  });

  it('has no subject without both its kind and id, and wraps an input that is no object', async () => {
    const { raised, sink } = recordingSink();
    const outcome = await execute({ ...fakeContext(), exceptions: sink }, spec.config.parse({ category: 'stock', title: 'Out', subjectType: 'order' }), [1, 2]);
    expect(raised[0]?.subject).toBeNull();
    expect(outcome).toMatchObject({ output: { input: [1, 2], exception: { key: 'EX-7' } } });
  });

  it('fails clearly where nothing records exceptions', async () => {
    await expect(execute(fakeContext(), spec.config.parse({ category: 'stock', title: 'Out' }), {})).rejects.toThrow('exceptions are not recorded where this workflow runs');
  });
});
