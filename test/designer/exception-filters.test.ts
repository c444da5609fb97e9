import { describe, expect, it } from 'vitest';
import { exceptionFiltersQuery, exceptionsApiQuery, readExceptionFilters } from '../../designer/src/exceptions/exception-filters.js';

describe("the exceptions queue's filters", () => {
  it('start at what needs work, highest priority first, and keep only what differs from that in the address', () => {
    const defaults = readExceptionFilters(new URLSearchParams());
    expect(defaults).toEqual({ state: 'unresolved', severity: '', mine: '', customer: '', order: 'priority' });
    expect(exceptionFiltersQuery(defaults).toString()).toBe('');
    const chosen = { state: 'resolved', severity: 'high', mine: '1', customer: 'all', order: 'newest' };
    expect(readExceptionFilters(exceptionFiltersQuery(chosen))).toEqual(chosen);
    expect(readExceptionFilters(new URLSearchParams('order=sideways')).order).toBe('priority');
  });

  it('ask the API for the state (none for all), severity, my exceptions, the customers and the order', () => {
    expect(exceptionsApiQuery({ state: 'unresolved', severity: '', mine: '', customer: '', order: 'priority' })).toBe('state=unresolved&order=priority');
    expect(exceptionsApiQuery({ state: 'all', severity: 'critical', mine: '1', customer: 'all', order: 'newest' })).toBe('severity=critical&assignee=me&scope=customers&order=newest');
    expect(exceptionsApiQuery({ state: 'open', severity: '', mine: '', customer: 'c-42', order: 'priority' })).toBe('state=open&customerId=c-42&order=priority');
  });
});
