import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Insights } from '../../server/contract/insights.js';
import { activeWorkflow, expectError, expectOk, sendJson, startLocalHttpServer, waitForRun, type LocalHttpServer } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO, type ApiClient } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { eventually, signIn } from './support/designer-ui.js';

/**
 * The Insights dashboard in headless Chromium against the real server: a partner's consultant
 * opens it from the navigation, sees the runs of two customers (some failed), narrows it to one
 * customer, drills into that customer's failed runs, and works an exception those failures raised
 * from the remediation queue; a workspace without runs says so. No figure is faked: the runs are
 * real, started through the API against a stand-in ERP that answers 500.
 */
const erp: LocalHttpServer = await startLocalHttpServer((_request, response: ServerResponse) => sendJson(response, 500, { error: 'ERP is down for maintenance' }));
const suite = browserSuite('insights', { egressAllow: [new URL(erp.url).host] });
let consultant: ApiClient;
let partner: string;
let contoso: string;
let fabrikam: string;

/** A workflow whose one step posts to the stand-in ERP (and fails), and one that succeeds. */
const failing = (name: string) =>
  workflow(
    [
      { id: 'start', type: 'trigger.manual', name: 'Order received' },
      { id: 'post', type: 'connector.http', name: 'Post to ERP', config: { method: 'POST', url: `${erp.url}/orders`, bodyType: 'json', body: { var: 'input' } }, retry: { maxAttempts: 1 } },
    ],
    [['start', 'out', 'post']],
    { name, settings: { slaMinutes: 30 } },
  );
const succeeding = (name: string) => workflow([{ id: 'start', type: 'trigger.manual' }, { id: 'shape', type: 'data.transform', name: 'Shape order', config: { fields: { ok: true } } }], [['start', 'out', 'shape']], { name, settings: { slaMinutes: 30 } });

/** Starts `count` runs of a workflow and waits for each to end as `status`. */
async function runs(tenantId: string, workflowId: string, count: number, status: 'failed' | 'succeeded'): Promise<void> {
  for (let index = 0; index < count; index++) {
    const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${tenantId}/workflows/${workflowId}/runs`, { input: { orderId: `SO-${index}` } }), 201);
    await waitForRun(consultant, tenantId, runId, [status]);
  }
}

/** The partner's figures across its customers, as the API answers them. */
const partnerInsights = async () => expectOk(await consultant.request<Insights>('GET', `/api/v1/tenants/${partner}/insights?scope=customers`));

beforeAll(async () => {
  partner = suite.server.tenants.partner;
  contoso = suite.server.tenants.customer;
  consultant = await suite.server.signIn(DEMO.consultant);
  const approver = await suite.server.signIn(DEMO.approver);
  const partnerOwner = await suite.server.signIn(DEMO.partnerOwner);
  fabrikam = expectOk(await partnerOwner.request<{ id: string }>('POST', `/api/v1/tenants/${partner}/customers`, { name: 'Fabrikam Retail', slug: 'fabrikam-insights' }), 201).id;
  await runs(contoso, await activeWorkflow(consultant, approver, contoso, 'ERP order sync', failing('ERP order sync')), 2, 'failed');
  await runs(contoso, await activeWorkflow(consultant, approver, contoso, 'Stock update', succeeding('Stock update')), 1, 'succeeded');
  await runs(fabrikam, await activeWorkflow(consultant, approver, fabrikam, 'Fabrikam invoices', failing('Fabrikam invoices')), 1, 'failed');
  await runs(fabrikam, await activeWorkflow(consultant, approver, fabrikam, 'Fabrikam catalogue', succeeding('Fabrikam catalogue')), 1, 'succeeded');
}, 120_000);

afterAll(() => erp.close());

describe('the Insights dashboard', () => {
  it("shows a partner its customers' figures, narrows to one customer, drills into its failed runs and works an exception they raised", async () => {
    // The figures are kept as runs end (by the platform events' consumer): wait until all five count.
    await eventually(async () => (await partnerInsights()).byWorkspace.reduce((sum, row) => sum + row.runs, 0), 20_000).toBe(5);
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.consultant);
    await page.goto(`${suite.server.url}/t/${partner}/workflows`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Insights' }).click();
    await page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor();
    const figures = page.getByRole('region', { name: 'Key figures' });
    const figure = (label: string) => figures.locator('.headline-figure').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('.figure');
    await eventually(() => figure('Failed').textContent()).toBe('3');
    expect(await figure('Runs finished').textContent()).toBe('5');
    const byCustomer = page.getByRole('region', { name: 'By customer' });
    await byCustomer.getByRole('rowheader', { name: 'Contoso Distribution' }).waitFor();
    await byCustomer.getByRole('rowheader', { name: 'Fabrikam Retail' }).waitFor();
    await page.getByRole('region', { name: 'Failures by step' }).getByRole('cell', { name: 'Fabrikam invoices', exact: true }).waitFor();
    await expectAccessible(page, 'the partner’s insights across customers');
    await screenshot(page, 'insights-01-partner-all-customers');

    // One customer: the figures change and leave the other customer out.
    await page.getByLabel('Show figures of').selectOption({ label: 'Contoso Distribution' });
    await page.waitForURL(new RegExp(`customer=${contoso}`));
    await eventually(() => figure('Failed').textContent()).toBe('2');
    expect(await figure('Runs finished').textContent()).toBe('3');
    await eventually(() => byCustomer.count()).toBe(0);
    const failures = page.getByRole('region', { name: 'Failures by step' });
    await failures.getByRole('cell', { name: 'ERP order sync', exact: true }).waitFor();
    expect(await page.locator('.insight-grid').getByText('Fabrikam').count()).toBe(0);
    await page.getByRole('region', { name: 'Runs over time' }).getByText('Runs per day as a table').click();
    await expectAccessible(page, 'one customer’s insights');
    await screenshot(page, 'insights-02-one-customer');
    await page.getByRole('region', { name: 'Approval queue' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'insights-03-one-customer-details');

    // Drill into the failed runs: only this customer's, only failures, within the range.
    await figures.getByRole('link', { name: 'Show the failed runs' }).click();
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    const address = new URL(page.url()).searchParams;
    expect({ status: address.get('status'), customer: address.get('customer') }).toEqual({ status: 'failed', customer: contoso });
    expect(address.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    const runRows = page.getByRole('table', { name: 'Runs, newest first' }).locator('tbody tr');
    await eventually(() => runRows.count()).toBe(2);
    for (const text of await runRows.allTextContents()) {
      expect(text).toContain('ERP order sync');
      expect(text).toContain('failed');
    }
    expect(await page.getByLabel('Show runs of').inputValue()).toBe(contoso);
    await screenshot(page, 'insights-04-drilled-failed-runs');

    // Back to Insights, on to the exceptions those failures raised, and work one.
    await page.goBack();
    await figures.getByRole('link', { name: 'Work the queue' }).click();
    await page.getByRole('heading', { name: 'Exceptions', level: 1 }).waitFor();
    expect(await page.getByLabel('Show exceptions of').inputValue()).toBe(contoso);
    const exceptionRows = page.locator('.exceptions-table tbody tr');
    await eventually(() => exceptionRows.count()).toBe(2);
    const first = exceptionRows.first().getByRole('button');
    const title = (await first.textContent()) ?? '';
    expect(title).toContain('ERP order sync failed at "Post to ERP"');
    await first.click();
    const panel = page.getByRole('region', { name: title });
    await panel.getByRole('button', { name: 'Assign to me' }).click();
    await panel.getByText('You', { exact: true }).waitFor();
    await panel.getByRole('button', { name: 'Start work' }).click();
    await panel.getByText('in progress', { exact: true }).waitFor();
    await panel.getByLabel('Correct category').fill('erp-outage');
    await panel.getByRole('button', { name: 'Change category' }).click();
    await panel.getByText('erp-outage', { exact: true }).waitFor();
    await panel.getByLabel('Note').fill('ERP maintenance window; orders re-sent after it ended.');
    await screenshot(page, 'insights-05-exception-worked');
    await panel.getByRole('button', { name: 'Resolve' }).click();
    await panel.getByText('resolved', { exact: true }).waitFor();
    await eventually(() => exceptionRows.count()).toBe(1);
    const resolved = expectOk(await consultant.request<{ items: { state: string; category: string; assigneeId: string | null }[] }>('GET', `/api/v1/tenants/${contoso}/exceptions?state=resolved`)).items;
    expect(resolved).toEqual([expect.objectContaining({ state: 'resolved', category: 'erp-outage', assigneeId: consultant.userId })]);

    // The partner's own workspace has no runs: the dashboard says so and how to look further.
    await page.goto(`${suite.server.url}/t/${partner}/insights?customer=`);
    await page.getByRole('heading', { name: 'No runs in the last 7 days' }).waitFor();
    await expectAccessible(page, 'insights without runs');
    await screenshot(page, 'insights-06-empty');
  }, 180_000);

  it("shows a customer's people only their own workspace's figures", async () => {
    const operator = await suite.server.signIn(DEMO.operator);
    const own = expectOk(await operator.request<{ byWorkspace: { tenantId: string; runs: number }[] }>('GET', `/api/v1/tenants/${contoso}/insights`));
    expect(own.byWorkspace).toEqual([expect.objectContaining({ tenantId: contoso, runs: 3 })]);
    expect(expectError(await operator.request('GET', `/api/v1/tenants/${contoso}/insights?scope=customers`), 422).details[0]?.path).toBe('query.scope');
    expectError(await operator.request('GET', `/api/v1/tenants/${fabrikam}/insights`), 404);

    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.operator);
    await page.goto(`${suite.server.url}/t/${contoso}/workflows`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Insights' }).click();
    const figure = page.getByRole('region', { name: 'Key figures' }).locator('.headline-figure').filter({ has: page.locator('dt', { hasText: /^Runs finished$/ }) }).locator('.figure');
    await eventually(() => figure.textContent()).toBe('3');
    expect(await page.getByLabel('Show figures of').count()).toBe(0);
    expect(await page.getByText('Fabrikam').count()).toBe(0);
    await expectAccessible(page, "a customer's insights");
    await screenshot(page, 'insights-07-customer-own');
  }, 120_000);
});
