import { describe, expect, it } from 'vitest';
import { exceptionFiltersQuery, exceptionsApiQuery, readExceptionFilters } from '../../designer/src/exceptions/exception-filters.js';

describe("the exceptions queue's filters", () => {
  it('start at what needs work, and keep only what differs from that in the address', () => {
    const defaults = readExceptionFilters(new URLSearchParams());
    expect(defaults).toEqual({ state: 'unresolved', severity: '', category: '', workflowId: '', mine: '', customer: '' });
    expect(exceptionFiltersQuery(defaults).toString()).toBe('');
    const chosen = { state: 'resolved', severity: 'high', category: 'payment-mismatch', workflowId: 'wf-1', mine: '1', customer: 'all' };
    expect(readExceptionFilters(exceptionFiltersQuery(chosen))).toEqual(chosen);
  });

  it('ask the API for the state (none for all), severity, category, workflow, my exceptions and the customers', () => {
    const none = { state: 'unresolved', severity: '', category: '', workflowId: '', mine: '', customer: '' };
    expect(exceptionsApiQuery(none)).toBe('state=unresolved');
    expect(exceptionsApiQuery({ ...none, state: 'all', severity: 'critical', mine: '1', customer: 'all' })).toBe('severity=critical&assignee=me&scope=customers');
    expect(exceptionsApiQuery({ ...none, state: 'open', customer: 'c-42' })).toBe('state=open&customerId=c-42');
    expect(exceptionsApiQuery({ ...none, state: 'all', category: 'out-of-stock', workflowId: 'wf-1' })).toBe('category=out-of-stock&workflowId=wf-1');
    expect(exceptionsApiQuery({ ...none, state: 'all', category: 'out-of-' })).toBe('');
  });
});
