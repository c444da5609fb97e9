import { describe, expect, it } from 'vitest';
import type { RunStep } from '../../designer/src/app/api-types.js';
import { initialParamDraft, paramValues, type WorkflowParam } from '../../designer/src/runs/param-values.js';
import { readRunFilters, runFiltersQuery, runsApiQuery } from '../../designer/src/runs/run-filters.js';
import { durationText, runPath } from '../../designer/src/runs/run-path.js';

function step(nodeId: string, status: RunStep['status'], ports: string[] = [], iteration = '0'): RunStep {
  return { nodeId, iteration, seq: 0, status, attempt: 1, ports, input: null, output: null, error: null, startedAt: null, finishedAt: null };
}

describe('the runs list filters', () => {
  it('reads what the address holds, drops what it cannot be, and writes back only what is set', () => {
    const filters = readRunFilters(new URLSearchParams('workflowId=w1&version=x&status=bogus&trigger=webhook&customer=all'));
    expect(filters).toEqual({ workflowId: 'w1', version: '', status: '', trigger: 'webhook', from: '', to: '', customer: 'all' });
    expect(runFiltersQuery({ ...filters, status: 'failed' }).toString()).toBe('workflowId=w1&status=failed&trigger=webhook&customer=all');
  });

  it('asks the API for customers by scope or id, the time range as instants, and counts without the status', () => {
    const filters = readRunFilters(new URLSearchParams('status=failed&customer=c-1&from=2026-12-01T08:00'));
    const list = runsApiQuery(filters, true);
    expect(list.get('status')).toBe('failed');
    expect(list.get('customerId')).toBe('c-1');
    expect(list.get('from')).toBe(new Date('2026-12-01T08:00').toISOString());
    expect(runsApiQuery(filters, false).has('status')).toBe(false);
    expect(runsApiQuery(readRunFilters(new URLSearchParams('customer=all')), true).get('scope')).toBe('customers');
  });
});

describe("a run's path", () => {
  const definition = {
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'out', target: 'check', targetPort: 'in' },
      { id: 'e2', source: 'check', sourcePort: 'true', target: 'ship', targetPort: 'in' },
      { id: 'e3', source: 'check', sourcePort: 'false', target: 'hold', targetPort: 'in' },
    ],
  };

  it('marks each node by status and the edges the data took through their ports', () => {
    const { nodes, edges } = runPath([step('start', 'succeeded', ['out']), step('check', 'succeeded', ['true']), step('ship', 'failed'), step('hold', 'skipped')], definition);
    expect(Object.fromEntries([...nodes].map(([id, mark]) => [id, mark.status]))).toEqual({ start: 'succeeded', check: 'succeeded', ship: 'failed', hold: 'skipped' });
    expect([...edges.keys()]).toEqual(['e1', 'e2']);
  });

  it('shows the weightiest status of a node that ran several times', () => {
    const { nodes } = runPath([step('ship', 'succeeded', [], '0'), step('ship', 'waiting', [], '1'), step('ship', 'failed', [], '2')], definition);
    expect(nodes.get('ship')?.status).toBe('waiting');
  });

  it('says durations in words', () => {
    expect(durationText(420)).toBe('420 ms');
    expect(durationText(3_250)).toBe('3.3 s');
    expect(durationText(245_000)).toBe('4 min 5 s');
  });
});

describe('run parameters from a form', () => {
  const params: WorkflowParam[] = [
    { name: 'threshold', title: 'Review above', type: 'number', default: 500 },
    { name: 'queue', type: 'string', required: true },
    { name: 'notify', type: 'boolean', default: true },
    { name: 'tags', type: 'json', default: ['vip'] },
    { name: 'note', type: 'string' },
  ];

  it('starts from the defaults', () => {
    expect(initialParamDraft(params)).toEqual({ threshold: '500', queue: '', notify: true, tags: '["vip"]', note: '' });
  });

  it('turns the fields into typed values, leaving empty optional ones to their defaults', () => {
    expect(paramValues(params, { threshold: '750', queue: 'EU', notify: false, tags: '["a", "b"]', note: '' })).toEqual({
      values: { threshold: 750, queue: 'EU', notify: false, tags: ['a', 'b'] },
      problems: {},
    });
  });

  it('says which fields are wrong and why', () => {
    expect(paramValues(params, { threshold: 'lots', queue: ' ', notify: true, tags: '{oops', note: '' }).problems).toEqual({
      threshold: 'must be a number',
      queue: 'is required',
      tags: 'must be JSON, e.g. {"a": 1} or ["x"]',
    });
  });
});
