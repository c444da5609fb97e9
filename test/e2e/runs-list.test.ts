import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeWorkflow, expectOk, sendJson, startLocalHttpServer, waitForRun, type LocalHttpServer } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO, type ApiClient } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { EditorUi, eventually, signIn } from './support/designer-ui.js';

/**
 * The Runs section's list in headless Chromium against the real server: an operator filters to
 * failures, opens one from the list, sees its path and error, retries it from the failed step and
 * sees it succeed; runs in progress move on without a reload; a partner's list spans its
 * customers; no customer reaches another's runs by address. (A run's own page in detail, the Run
 * dialog and Replay with draft: runs.test.ts.)
 */
/** Whether the stand-in ERP answers 500 (until the test "fixes" it between the attempts). */
let erpBroken = true;
const erp: LocalHttpServer = await startLocalHttpServer((request, response: ServerResponse) => {
  if (erpBroken) sendJson(response, 500, { error: 'ERP is down for maintenance' });
  else sendJson(response, 201, { accepted: true, url: request.url });
});
// The ERP stands in for an outside system on loopback: the deployment's allow-list opens its port.
const suite = browserSuite('runs-list', { egressAllow: [new URL(erp.url).host] });
let consultant: ApiClient;
let approver: ApiClient;
let operator: ApiClient;
let customer: string;
let syncId: string;

beforeAll(async () => {
  customer = suite.server.tenants.customer;
  consultant = await suite.server.signIn(DEMO.consultant);
  approver = await suite.server.signIn(DEMO.approver);
  operator = await suite.server.signIn(DEMO.operator);
  const definition = workflow(
    [
      { id: 'start', type: 'trigger.manual', name: 'Order received' },
      { id: 'shape', type: 'data.transform', name: 'Prepare order', config: { fields: { order: { var: 'input.orderId' }, queue: { var: 'params.queue' } } } },
      { id: 'post', type: 'connector.http', name: 'Post to ERP', config: { method: 'POST', url: `${erp.url}/orders`, bodyType: 'json', body: { var: 'nodes.shape' } }, retry: { maxAttempts: 1 } },
    ],
    [
      ['start', 'out', 'shape'],
      ['shape', 'out', 'post'],
    ],
    {
      name: 'ERP order sync',
      params: [{ name: 'queue', title: 'Queue', type: 'string', default: 'standard', description: 'Where the ERP files the order.' }],
      settings: { businessKey: { var: 'input.orderId' } },
    },
  );
  syncId = await activeWorkflow(consultant, approver, customer, 'ERP order sync', definition);
  for (const orderId of ['SO-1', 'SO-2']) {
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${syncId}/runs`, { input: { orderId } }), 201);
    await waitForRun(operator, customer, runId, ['failed']);
  }
}, 60_000);

afterAll(() => erp.close());

describe('the Runs section', () => {
  it('filters to failures, shows the path and the failing step, and retries it from the failed step to success', async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.operator);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: /^failed/ }).click();
    await page.waitForURL(/status=failed/);
    const rows = page.getByRole('table', { name: 'Runs, newest first' }).getByRole('row');
    await eventually(() => rows.count()).toBe(3);
    await expect.poll(() => page.getByRole('group', { name: 'Status' }).getByRole('button', { name: /^failed/ }).textContent()).toContain('2');
    await expectAccessible(page, 'runs list filtered to failures');
    await screenshot(page, 'runs-list-01-failures');

    await rows.nth(1).getByRole('link', { name: /ERP order sync v1/ }).click();
    await page.getByRole('heading', { name: 'Run of ERP order sync' }).waitFor();
    const ui = new EditorUi(page);
    await ui.node('post').locator('.wf-node.status-failed').waitFor();
    await ui.node('shape').locator('.wf-node.status-succeeded').waitFor();
    expect(await page.getByTestId('run-error').textContent()).toContain('Post to ERP failed:');
    await screenshot(page, 'runs-list-02-opened-failure');

    erpBroken = false;
    await page.getByRole('button', { name: 'Retry from failed step' }).click();
    await eventually(() => page.locator('.run-title-line [data-status]').getAttribute('data-status'), 20_000).toBe('succeeded');
    await ui.node('post').locator('.wf-node.status-succeeded').waitFor();
    const run = expectOk(await operator.request<{ steps: { nodeId: string; attempt: number }[] }>('GET', `/api/v1/tenants/${customer}/runs/${page.url().split('/').pop() ?? ''}`));
    expect(run.steps.find((step) => step.nodeId === 'post')?.attempt).toBe(2);
    expect(run.steps.find((step) => step.nodeId === 'shape')?.attempt).toBe(1);
    // Back in the list, one failure is left.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: /^failed/ }).click();
    await eventually(() => page.getByRole('table', { name: 'Runs, newest first' }).getByRole('row').count()).toBe(2);
    erpBroken = true;
  }, 120_000);

  it('finds a run by its business key from the address-kept search field, and shows the key on the run', async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.operator);
    await page.goto(`${suite.server.url}/t/${customer}/runs`);
    await page.getByLabel('Business key').fill('SO-2');
    await page.waitForURL(/businessKey=SO-2/);
    const rows = page.getByRole('table', { name: 'Runs, newest first' }).getByRole('row');
    await eventually(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('SO-2');
    await rows.nth(1).getByRole('link', { name: /ERP order sync v1/ }).click();
    const keys = page.getByRole('definition').first();
    await keys.waitFor();
    expect(await page.getByLabel('Business key and search attributes').textContent()).toContain('SO-2');
    await expectAccessible(page, 'run with its business key');
  }, 60_000);

  it('moves a run in progress on in the list by itself, without a reload', async () => {
    const waiter = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'paid', type: 'flow.waitForEvent', name: 'Wait for payment', config: { correlationKey: { cat: ['payment:', { var: 'input.id' }] } } },
      ],
      [['start', 'out', 'paid']],
    );
    const waiterId = await activeWorkflow(consultant, approver, customer, 'Payment waiter', waiter);
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${waiterId}/runs`, { input: { id: 'P-1' } }), 201);
    await waitForRun(operator, customer, runId, ['waiting']);
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.operator);
    await page.goto(`${suite.server.url}/t/${customer}/runs?workflowId=${waiterId}`);
    const row = page.getByRole('row', { name: /Payment waiter/ });
    await row.locator('[data-status="waiting"]').waitFor();
    await page.evaluate('window.__notReloaded = true');
    expectOk(await operator.request('POST', `/api/v1/tenants/${customer}/signals`, { correlationKey: 'payment:P-1', payload: {} }));
    await row.locator('[data-status="succeeded"]').waitFor({ timeout: 15_000 });
    expect(await page.evaluate('window.__notReloaded')).toBe(true);
  }, 90_000);

  it("lists a partner's runs across its customers, and no customer reaches another's runs by address", async () => {
    const partnerOwner = await suite.server.signIn(DEMO.partnerOwner);
    const partner = suite.server.tenants.partner;
    const other = expectOk(await partnerOwner.request<{ id: string }>('POST', `/api/v1/tenants/${partner}/customers`, { name: 'Fabrikam Retail', slug: 'fabrikam-runs' }), 201);
    const otherWorkflow = await activeWorkflow(consultant, approver, other.id, 'Fabrikam sync', workflow([{ id: 'start', type: 'trigger.manual' }, { id: 'shape', type: 'data.transform', config: { fields: { ok: true } } }], [['start', 'out', 'shape']]));
    const { runId: otherRun } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${other.id}/workflows/${otherWorkflow}/runs`, { input: {} }), 201);
    await waitForRun(consultant, other.id, otherRun, ['succeeded']);

    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.partnerOwner);
    await page.goto(`${suite.server.url}/t/${partner}/runs`);
    await page.getByLabel('Show runs of').selectOption({ label: 'Northwind Integrations and all customers' });
    const table = page.getByRole('table', { name: 'Runs, newest first' });
    await table.getByRole('cell', { name: 'Fabrikam Retail' }).first().waitFor();
    await table.getByRole('cell', { name: 'Contoso Distribution' }).first().waitFor();
    await expectAccessible(page, "a partner's runs across its customers");
    await screenshot(page, 'runs-list-03-partner-all-customers');

    const customerPage = await suite.openPage();
    await signIn(customerPage, suite.server.url, DEMO.customerOwner);
    await customerPage.goto(`${suite.server.url}/t/${other.id}/runs/${otherRun}`);
    await customerPage.getByRole('heading', { name: 'Workspace not found' }).waitFor();
    await customerPage.goto(`${suite.server.url}/t/${customer}/runs/${otherRun}`);
    await customerPage.getByRole('heading', { name: 'Run not found' }).waitFor();
  }, 120_000);
});
