import { afterAll, describe, expect, it } from 'vitest';
import { activeWorkflow, expectOk, sendJson, startLocalHttpServer, waitForRun } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { signIn } from './support/designer-ui.js';

/**
 * The remediation queue in a real browser against the real server: a customer's operator finds
 * the exceptions that need work, assigns one to themselves, starts it, corrects its category,
 * resolves it with a note; the partner's consultant sees the customer's exceptions from the
 * partner's workspace; an operator assigns several exceptions at once, and re-runs the failed step
 * of a failed run once its cause is fixed.
 */
let stockDown = true;
/** The stock API the failing workflow calls: down until the test fixes it. */
const stockApi = await startLocalHttpServer((_request, response) => (stockDown ? sendJson(response, 503, { error: 'maintenance' }) : sendJson(response, 200, { onHand: 12 })));
afterAll(() => stockApi.close());
const suite = browserSuite('exceptions', { egressAllow: [new URL(stockApi.url).host] });

describe('the exceptions queue', () => {
  it('works an exception from open to resolved, and a partner sees its customers’ exceptions', async () => {
    const tenant = suite.server.tenants.customer;
    const operator = await suite.server.signIn(DEMO.operator);
    const report = (body: Record<string, unknown>) => operator.request<{ id: string; key: string }>('POST', `/api/v1/tenants/${tenant}/exceptions`, body);
    const payment = expectOk(
      await report({ category: 'payment-mismatch', severity: 'high', title: 'Payment does not match order 1042', details: 'Paid 118.00, order total 125.00.', subject: { type: 'order', id: '1042' }, owner: 'ERP partner', context: { total: 125, paid: 118 } }),
      201,
    );
    expectOk(await report({ category: 'out-of-stock', severity: 'medium', title: 'Pallet short for SO-77', subject: { type: 'order', id: 'SO-77' } }), 201);

    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.operator);
    await page.goto(`${suite.server.url}/t/${tenant}/workflows`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Exceptions' }).click();
    await page.getByRole('heading', { name: 'Exceptions', level: 1 }).waitFor();
    const rows = page.locator('.exceptions-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await expectAccessible(page, 'the exceptions queue');
    await screenshot(page, 'exceptions-01-queue');

    // A filter that matches nothing says so.
    await page.getByLabel('Severity').selectOption('critical');
    await page.getByRole('heading', { name: 'No exception matches these filters' }).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(2);

    // Open one and work it.
    await page.getByRole('button', { name: `${payment.key}: Payment does not match order 1042` }).click();
    const panel = page.getByRole('region', { name: `${payment.key}: Payment does not match order 1042` });
    await panel.getByText('Paid 118.00, order total 125.00.').waitFor();
    await panel.getByRole('button', { name: 'Assign to me' }).click();
    await panel.getByText('You', { exact: true }).waitFor();
    await panel.getByRole('button', { name: 'Start work' }).click();
    await panel.getByText('in progress', { exact: true }).waitFor();
    await panel.getByLabel('Correct category').fill('fraud-risk');
    await panel.getByRole('button', { name: 'Change category' }).click();
    await panel.getByText('fraud-risk', { exact: true }).waitFor();
    await expect.poll(() => panel.getByRole('button', { name: 'Resolve' }).isDisabled()).toBe(true);
    await panel.getByLabel('Note').fill('Card reported stolen; order cancelled and refunded.');
    await expectAccessible(page, 'an exception being worked');
    await screenshot(page, 'exceptions-02-working');
    await panel.getByRole('button', { name: 'Resolve' }).click();
    await panel.getByText('resolved', { exact: true }).waitFor();
    await panel.getByText('Card reported stolen; order cancelled and refunded.').waitFor();
    await expect.poll(() => rows.count()).toBe(1);

    const detail = expectOk(await operator.request<{ state: string; category: string; assigneeId: string; notes: { text: string }[] }>('GET', `/api/v1/tenants/${tenant}/exceptions/${payment.id}`));
    expect(detail).toMatchObject({ state: 'resolved', category: 'fraud-risk', assigneeId: operator.userId, notes: [{ text: 'Card reported stolen; order cancelled and refunded.' }] });

    // Resolved ones are a filter away.
    await page.getByLabel('State').selectOption('resolved');
    await page.getByRole('button', { name: `${payment.key}: Payment does not match order 1042` }).waitFor();

    // The partner's consultant sees them across customers.
    const partnerPage = await suite.openPage();
    await signIn(partnerPage, suite.server.url, DEMO.consultant);
    await partnerPage.goto(`${suite.server.url}/t/${suite.server.tenants.partner}/exceptions`);
    await partnerPage.getByRole('heading', { name: 'Nothing needs work' }).waitFor();
    await partnerPage.getByLabel('Show exceptions of').selectOption('all');
    await partnerPage.getByRole('button', { name: /Pallet short for SO-77/ }).waitFor();
    await partnerPage.getByRole('cell', { name: 'Contoso Distribution' }).waitFor();
    await expectAccessible(partnerPage, "the partner's exceptions across customers");
    await screenshot(partnerPage, 'exceptions-03-partner');
  }, 120_000);

  it('assigns several exceptions at once, to me and to a member', async () => {
    const tenant = suite.server.tenants.customer;
    const operator = await suite.server.signIn(DEMO.operator);
    const report = async (title: string) => expectOk(await operator.request<{ id: string; key: string }>('POST', `/api/v1/tenants/${tenant}/exceptions`, { category: 'address-invalid', severity: 'low', title }), 201);
    const first = await report('Street missing on order 2001');
    const second = await report('Postcode unknown on order 2002');

    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.operator);
    await page.goto(`${suite.server.url}/t/${tenant}/exceptions`);
    const rows = page.locator('.exceptions-table tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const bar = page.getByRole('group', { name: 'Work the selected exceptions' });
    await page.getByRole('checkbox', { name: `Select ${first.key}: Street missing on order 2001` }).check();
    await page.getByRole('checkbox', { name: `Select ${second.key}: Postcode unknown on order 2002` }).check();
    await bar.getByText('2 exceptions selected').waitFor();
    await expectAccessible(page, 'exceptions selected for assignment');
    await screenshot(page, 'exceptions-04-selected');
    await bar.getByRole('button', { name: 'Assign to me' }).click();
    await bar.getByRole('status').getByText('Assigned 2 exceptions to you.').waitFor();
    await bar.getByText('Select exceptions to assign them together.').waitFor();
    const assigneeOf = async (id: string) => expectOk(await operator.request<{ assigneeId: string | null; state: string }>('GET', `/api/v1/tenants/${tenant}/exceptions/${id}`));
    expect(await assigneeOf(first.id)).toEqual(expect.objectContaining({ assigneeId: operator.userId, state: 'assigned' }));
    expect(await assigneeOf(second.id)).toEqual(expect.objectContaining({ assigneeId: operator.userId, state: 'assigned' }));

    // Select all on the page, then hand them to the workspace's owner.
    await page.getByRole('checkbox', { name: 'Select all exceptions on this page' }).check();
    await bar.getByText('3 exceptions selected').waitFor();
    await bar.getByLabel('Assign to').selectOption({ label: 'Olivia Owner (owner@contoso.example)' });
    await bar.getByRole('button', { name: 'Assign', exact: true }).click();
    await bar.getByRole('status').getByText('Assigned 3 exceptions to Olivia Owner.').waitFor();
    const owner = await suite.server.signIn(DEMO.customerOwner);
    expect((await assigneeOf(first.id)).assigneeId).toBe(owner.userId);
    await screenshot(page, 'exceptions-05-assigned');
  }, 120_000);

  it("re-runs the failed step of an exception's failed run once its cause is fixed, and says when a run is no longer failed", async () => {
    const tenant = suite.server.tenants.customer;
    const consultant = await suite.server.signIn(DEMO.consultant);
    const approver = await suite.server.signIn(DEMO.approver);
    const operator = await suite.server.signIn(DEMO.operator);
    const checkStock = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'stock', type: 'connector.http', name: 'Check stock', config: { method: 'GET', url: `${stockApi.url}/stock/SKU-9` }, retry: { maxAttempts: 1 } },
      ],
      [['start', 'out', 'stock']],
    );
    const workflowId = await activeWorkflow(consultant, approver, tenant, 'Check stock', checkStock);
    const failedRun = async () => {
      const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${tenant}/workflows/${workflowId}/runs`, { input: {} }), 201);
      expect((await waitForRun(operator, tenant, runId, ['failed', 'succeeded'])).status).toBe('failed');
      const { items } = expectOk(await operator.request<{ items: { id: string; key: string; title: string; runId: string | null }[] }>('GET', `/api/v1/tenants/${tenant}/exceptions?workflowId=${workflowId}`));
      const exception = items.find((item) => item.runId === runId);
      if (!exception) throw new Error(`the failed run ${runId} left no exception`);
      return { runId, exception };
    };
    const fixedMeanwhile = await failedRun();
    const fixedHere = await failedRun();

    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.operator);
    const openPanel = async (exception: { id: string; key: string; title: string }) => {
      await page.goto(`${suite.server.url}/t/${tenant}/exceptions?state=all&open=${exception.id}`);
      const panel = page.getByRole('region', { name: `${exception.key}: ${exception.title}` });
      await panel.getByText(/^Run failed at "stock"/).waitFor();
      return panel;
    };

    // Someone else re-ran this one while the page showed it failed: the page says why nothing happened.
    const stale = await openPanel(fixedMeanwhile.exception);
    stockDown = false;
    expectOk(await operator.request('POST', `/api/v1/tenants/${tenant}/runs/${fixedMeanwhile.runId}/retry`));
    await waitForRun(operator, tenant, fixedMeanwhile.runId, ['succeeded']);
    await stale.getByRole('button', { name: 'Re-run the failed step' }).click();
    await stale.getByRole('alert').getByText(/The run was not re-run: only failed runs can be retried; this one is (running|succeeded)/).waitFor();

    // The stock API is back: re-running the failed step finishes the run.
    const panel = await openPanel(fixedHere.exception);
    await expectAccessible(page, 'an exception of a failed run');
    await screenshot(page, 'exceptions-06-failed-run');
    await panel.getByRole('button', { name: 'Re-run the failed step' }).click();
    await panel.getByRole('status').getByText('The failed step ran again: the run succeeded.').waitFor();
    await panel.getByText(/^Run succeeded/).waitFor();
    await screenshot(page, 'exceptions-07-rerun');
    expect((await waitForRun(operator, tenant, fixedHere.runId, ['succeeded'])).status).toBe('succeeded');
    await panel.getByRole('link', { name: 'open the run' }).click();
    await page.waitForURL(`**/runs/${fixedHere.runId}`);
  }, 120_000);
});
