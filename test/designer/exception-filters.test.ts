import { describe, expect, it } from 'vitest';
import { exceptionFiltersQuery, exceptionsApiQuery, readExceptionFilters } from '../../designer/src/exceptions/exception-filters.js';

describe("the exceptions queue's filters", () => {
  it('start at what needs work, and keep only what differs from that in the address', () => {
    const defaults = readExceptionFilters(new URLSearchParams());
    expect(defaults).toEqual({ state: 'unresolved', severity: '', mine: '', customer: '' });
    expect(exceptionFiltersQuery(defaults).toString()).toBe('');
    const chosen = { state: 'resolved', severity: 'high', mine: '1', customer: 'all' };
    expect(readExceptionFilters(exceptionFiltersQuery(chosen))).toEqual(chosen);
  });

  it('ask the API for the state (none for all), severity, my exceptions and the customers', () => {
    expect(exceptionsApiQuery({ state: 'unresolved', severity: '', mine: '', customer: '' })).toBe('state=unresolved');
    expect(exceptionsApiQuery({ state: 'all', severity: 'critical', mine: '1', customer: 'all' })).toBe('severity=critical&assignee=me&scope=customers');
    expect(exceptionsApiQuery({ state: 'open', severity: '', mine: '', customer: 'c-42' })).toBe('state=open&customerId=c-42');
  });
});
