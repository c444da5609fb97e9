import { describe, expect, it } from 'vitest';
import { readExceptionFilters } from '../../designer/src/exceptions/exception-filters.js';
import { exceptionsHref, localMinute, runHref, runsHref, type DrillContext } from '../../designer/src/insights/drill-down.js';
import { readRunFilters } from '../../designer/src/runs/run-filters.js';

const from = new Date(2026, 11, 4, 14, 31);
const to = new Date(2026, 11, 5, 14, 31);
const partner: DrillContext = { tenantId: 'p-1', filters: { range: '24h', workflowId: '', customer: 'all' }, from, to };

/** The filters a drill-down address opens its page with. */
const query = (href: string) => new URLSearchParams(href.split('?')[1] ?? '');

describe("the Insights dashboard's drill-down", () => {
  it('opens the Runs page at the status, the time range and the customers of the dashboard', () => {
    const href = runsHref(partner, { status: 'failed' });
    expect(href.startsWith('/t/p-1/runs?')).toBe(true);
    expect(readRunFilters(query(href))).toEqual({ workflowId: '', version: '', status: 'failed', trigger: '', from: '2026-12-04T14:31', to: '2026-12-05T14:31', customer: 'all', businessKey: '', attribute: '' });
  });

  it("narrows to a row's customer and workflow, and to the partner's own workspace for its own row", () => {
    expect(readRunFilters(query(runsHref(partner, { status: 'failed', rowTenantId: 'c-1', workflowId: 'wf-1' })))).toMatchObject({ customer: 'c-1', workflowId: 'wf-1', status: 'failed' });
    expect(readRunFilters(query(runsHref(partner, { rowTenantId: 'p-1' }))).customer).toBe('');
  });

  it("opens a bucket's span only", () => {
    const bucket = { from: new Date(2026, 11, 5, 9), to: new Date(2026, 11, 5, 10) };
    expect(readRunFilters(query(runsHref(partner, { status: 'succeeded', ...bucket })))).toMatchObject({ from: '2026-12-05T09:00', to: '2026-12-05T10:00' });
  });

  it('opens the Exceptions page at a category or severity in every state, or the open ones', () => {
    const oneCustomer: DrillContext = { ...partner, filters: { range: '7d', workflowId: 'wf-9', customer: 'c-2' } };
    expect(readExceptionFilters(query(exceptionsHref(oneCustomer, { category: 'payment-mismatch' })))).toEqual({ state: 'all', severity: '', category: 'payment-mismatch', workflowId: 'wf-9', mine: '', customer: 'c-2', order: 'newest' });
    expect(readExceptionFilters(query(exceptionsHref(partner, { severity: 'high', state: 'unresolved' })))).toMatchObject({ state: 'unresolved', severity: 'high', customer: 'all' });
  });

  it("links a run in its own workspace, and writes the runs page's local times to the minute", () => {
    expect(runHref('c-1', 'r 1')).toBe('/t/c-1/runs/r%201');
    expect(localMinute(new Date(2026, 0, 2, 3, 4, 59))).toBe('2026-01-02T03:04');
  });
});
