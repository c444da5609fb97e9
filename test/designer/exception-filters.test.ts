import { describe, expect, it } from 'vitest';
import { exceptionFiltersQuery, exceptionsApiQuery, readExceptionFilters } from '../../designer/src/exceptions/exception-filters.js';

describe("the exceptions queue's filters", () => {
  it('start at what needs work, highest priority first, and keep only what differs from that in the address', () => {
    const defaults = readExceptionFilters(new URLSearchParams());
    expect(defaults).toEqual({ state: 'unresolved', severity: '', category: '', workflowId: '', mine: '', customer: '', order: 'priority' });
    expect(exceptionFiltersQuery(defaults).toString()).toBe('');
    const chosen = { state: 'resolved', severity: 'high', category: 'payment-mismatch', workflowId: 'wf-1', mine: '1', customer: 'all', order: 'newest' };
    expect(readExceptionFilters(exceptionFiltersQuery(chosen))).toEqual(chosen);
    expect(readExceptionFilters(new URLSearchParams('order=sideways')).order).toBe('priority');
  });

  it('ask the API for the state (none for all), severity, category, workflow, my exceptions, the customers and the order', () => {
    const none = { state: 'unresolved', severity: '', category: '', workflowId: '', mine: '', customer: '', order: 'priority' };
    expect(exceptionsApiQuery(none)).toBe('state=unresolved&order=priority');
    expect(exceptionsApiQuery({ ...none, state: 'all', severity: 'critical', mine: '1', customer: 'all', order: 'newest' })).toBe('severity=critical&assignee=me&scope=customers&order=newest');
    expect(exceptionsApiQuery({ ...none, state: 'open', customer: 'c-42' })).toBe('state=open&customerId=c-42&order=priority');
    expect(exceptionsApiQuery({ ...none, state: 'all', category: 'out-of-stock', workflowId: 'wf-1' })).toBe('category=out-of-stock&workflowId=wf-1&order=priority');
    expect(exceptionsApiQuery({ ...none, state: 'all', category: 'out-of-' })).toBe('order=priority');
  });
});
