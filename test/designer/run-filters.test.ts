import { describe, expect, it } from 'vitest';
import { readRunFilters, runFiltersQuery, runsApiQuery } from '../../designer/src/runs/run-filters.js';

describe('the runs list filters', () => {
  it('reads what the address holds, drops what it cannot be, and writes back only what is set', () => {
    const filters = readRunFilters(new URLSearchParams('workflowId=w1&version=x&status=bogus&trigger=webhook&customer=all'));
    expect(filters).toEqual({ workflowId: 'w1', version: '', status: '', trigger: 'webhook', from: '', to: '', customer: 'all', businessKey: '', attribute: '' });
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
