import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import { activeWorkflow, expectOk, saveDraft, sendJson, startLocalHttpServer, waitForRun } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO, DEMO_PASSWORD, type ApiClient } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { EditorUi, eventually, signIn } from './support/designer-ui.js';

/**
 * Runs in the designer, in headless Chromium over the real server: an operator opens a failed run
 * by its address, sees its path on the canvas and the failing step's error, retries it from the
 * failed step once the ERP (a loopback HTTP service) answers again, and sees it succeed; a user of
 * another customer gets "Run not found" for it; a run started by hand through the parameter form;
 * Replay with draft showing both paths. Screenshots go to test-results/screenshots/ (runs-*), and
 * axe-core checks every screen.
 */

/** The ERP stand-in: `/orders/…` answers 500 while `erpDown`, the draft's `/v2/orders/…` always works. */
let erpDown = true;
const erp = await startLocalHttpServer((request, response) => {
  if (request.url.startsWith('/orders/') && erpDown) sendJson(response, 500, { error: 'ERP maintenance' });
  else sendJson(response, 200, { accepted: true, url: request.url });
});
// The loopback ERP is private: the deployment's allow-list opens its port, as for a real on-premises ERP.
const suite = browserSuite('runs', { egressAllow: [new URL(erp.url).host] });
afterAll(() => erp.close());

/** Order sync: prepare the order, send it to the ERP for the region chosen, confirm. */
function orderSync(path: string): WorkflowDefinition {
  return workflow(
    [
      { id: 'start', type: 'trigger.manual', name: 'Run by hand' },
      { id: 'prepare', type: 'data.transform', name: 'Prepare order', config: { fields: { order: { var: 'input.order' }, region: { var: 'params.region' } } } },
      {
        id: 'send',
        type: 'connector.http',
        name: 'Send to ERP',
        config: { method: 'POST', url: { cat: [`${erp.url}${path}`, { var: 'params.region' }] }, bodyType: 'json', body: { var: 'nodes.prepare' } },
        retry: { maxAttempts: 1 },
      },
      { id: 'confirm', type: 'data.transform', name: 'Confirm', config: { fields: { sent: { var: 'nodes.send.body.accepted' } } } },
    ],
    [
      ['start', 'out', 'prepare'],
      ['prepare', 'out', 'send'],
      ['send', 'out', 'confirm'],
    ],
    {
      name: 'Order sync',
      params: [
        { name: 'region', title: 'ERP region', type: 'string', enum: ['eu', 'us'], default: 'eu', description: 'Which ERP instance receives the order' },
        { name: 'dryRun', title: 'Dry run', type: 'boolean', default: false },
      ],
    },
  );
}

let consultant: ApiClient;
let operator: ApiClient;
let tenant: string;
let workflowId: string;

/** Starts a run as the operator through the API while the ERP is down; answers its id once it failed. */
async function failedRun(): Promise<string> {
  erpDown = true;
  const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${tenant}/workflows/${workflowId}/runs`, { input: { order: 'SO-1001' } }), 201);
  expect((await waitForRun(operator, tenant, runId, ['failed', 'succeeded'])).status).toBe('failed');
  return runId;
}

const node = (page: Page, id: string) => new EditorUi(page).node(id);

beforeAll(async () => {
  consultant = await suite.server.signIn(DEMO.consultant);
  const approver = await suite.server.signIn(DEMO.approver);
  operator = await suite.server.signIn(DEMO.operator);
  tenant = suite.server.tenants.customer;
  workflowId = await activeWorkflow(consultant, approver, tenant, 'Order sync', orderSync('/orders/'));
}, 120_000);

describe('a run in the designer', () => {
  it('shows a failed run with its path and error, and retries it from the failed step', async () => {
    const runId = await failedRun();
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.operator);
    await page.goto(`${suite.server.url}/t/${tenant}/runs/${runId}`);
    await page.getByRole('heading', { name: 'Run of Order sync' }).waitFor();
    await node(page, 'prepare').locator('.wf-node.status-succeeded').waitFor();
    await node(page, 'send').locator('.wf-node.status-failed').waitFor();
    expect(await node(page, 'confirm').locator('.wf-node[class*="status-"]').count()).toBe(0);
    expect(await page.getByTestId('run-error').textContent()).toContain('Send to ERP failed:');
    // The failed step is selected: its error and input are shown beside the canvas.
    const details = page.getByTestId('node-run-details');
    await details.getByRole('heading', { name: 'Send to ERP' }).waitFor();
    expect(await details.getByRole('alert').textContent()).toContain('500');
    expect(await page.getByRole('list', { name: 'Step timeline' }).getByRole('listitem').count()).toBe(3);
    await expectAccessible(page, 'run detail, failed');
    await screenshot(page, 'runs-01-failed-run');

    // The ERP is back: Retry from failed step runs the failed step again, not the ones before it.
    erpDown = false;
    await page.getByRole('button', { name: 'Retry from failed step' }).click();
    await node(page, 'confirm').locator('.wf-node.status-succeeded').waitFor();
    await node(page, 'send').locator('.wf-node.status-succeeded').waitFor();
    await eventually(() => page.locator('.run-title-line [data-status]').getAttribute('data-status')).toBe('succeeded');
    expect(await page.getByTestId('run-error').count()).toBe(0);
    expect(await page.getByTestId('timeline-attempt').textContent()).toBe('attempt 2');
    await page.getByRole('list', { name: 'Step timeline' }).getByRole('button', { name: /Confirm/ }).click();
    await eventually(() => page.getByTestId('node-run-details').textContent()).toContain('"sent": true');
    await expectAccessible(page, 'run detail, retried');
    await screenshot(page, 'runs-02-retried-run');
    const done = expectOk(await operator.request<{ steps: { nodeId: string; attempt: number }[] }>('GET', `/api/v1/tenants/${tenant}/runs/${runId}`));
    expect(done.steps.filter((step) => step.nodeId === 'prepare').map((step) => step.attempt)).toEqual([1]);
  });

  it('is "not found" for a user of another customer who opens its address', async () => {
    const runId = await failedRun();
    const owner = await suite.server.signIn(DEMO.partnerOwner);
    const fabrikam = expectOk(await owner.request<{ id: string }>('POST', `/api/v1/tenants/${suite.server.tenants.partner}/customers`, { name: 'Fabrikam', slug: 'fabrikam' }), 201);
    const user = await suite.server.app.sessions.createUser('owner@fabrikam.example', 'Fabrikam owner', DEMO_PASSWORD);
    await suite.server.app.tenants.grantMembership(fabrikam.id, user.id, ['owner']);

    const page = await suite.openPage();
    await signIn(page, suite.server.url, 'owner@fabrikam.example');
    await page.goto(`${suite.server.url}/t/${fabrikam.id}/runs/${runId}`);
    await page.getByRole('heading', { name: 'Run not found' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Run of Order sync' }).count()).toBe(0);
    await expectAccessible(page, 'run not found');
  });

  it('starts a run by hand with parameters from the form generated from the workflow', async () => {
    erpDown = false;
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.operator);
    await page.getByRole('button', { name: 'Run Order sync' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run Order sync' });
    const region = dialog.getByLabel(/ERP region/);
    await region.waitFor();
    expect(await region.inputValue()).toBe('eu');
    await region.selectOption('us');
    await dialog.getByLabel(/Dry run/).check();
    await dialog.getByLabel('Input (JSON)').fill('{ "order": "SO-2002" }');
    await expectAccessible(page, 'run dialog');
    await screenshot(page, 'runs-03-run-dialog');
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    await node(page, 'confirm').locator('.wf-node.status-succeeded').waitFor();
    const runId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const run = expectOk(await operator.request<{ params: unknown; input: unknown; triggerType: string }>('GET', `/api/v1/tenants/${tenant}/runs/${runId}`));
    expect(run).toMatchObject({ params: { region: 'us', dryRun: true }, input: { order: 'SO-2002' }, triggerType: 'manual' });
    expect(erp.requests.some((request) => request.url === '/orders/us' && request.body.includes('SO-2002'))).toBe(true);
    await eventually(() => page.getByRole('figure', { name: 'Parameters' }).textContent()).toContain('"region": "us"');
  });

  it("takes the editor's test-run parameters from the same form", async () => {
    erpDown = false;
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.consultant);
    await page.goto(`${suite.server.url}/t/${tenant}/workflows/${workflowId}`);
    const ui = new EditorUi(page);
    await ui.node('send').waitFor();
    await ui.openTab('Test run');
    const panel = page.getByRole('region', { name: 'Test run' });
    const region = panel.getByLabel(/ERP region/);
    expect(await region.inputValue()).toBe('eu');
    await region.selectOption('us');
    await expectAccessible(page, 'editor, test run with parameters');
    await screenshot(page, 'runs-05-test-run-parameters');
    await panel.getByRole('button', { name: 'Run test' }).click();
    await eventually(() => panel.getByTestId('test-run-result').locator('.run-heading [data-status]').getAttribute('data-status')).toBe('succeeded');
    const runs = expectOk(await consultant.request<{ items: { id: string; triggerType: string }[] }>('GET', `/api/v1/tenants/${tenant}/runs?workflowId=${workflowId}&limit=1`));
    const run = expectOk(await consultant.request<{ params: unknown; triggerType: string }>('GET', `/api/v1/tenants/${tenant}/runs/${runs.items[0]?.id ?? ''}`));
    expect(run).toMatchObject({ triggerType: 'test', params: { region: 'us', dryRun: false } });
  });

  it('replays a failed run with the draft and shows both paths side by side', async () => {
    const runId = await failedRun();
    await saveDraft(consultant, tenant, workflowId, orderSync('/v2/orders/'));
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.consultant);
    await page.goto(`${suite.server.url}/t/${tenant}/runs/${runId}`);
    await page.getByRole('button', { name: 'Replay with draft' }).click();
    await page.waitForURL(/\/replay\/[^/]+$/);
    await page.getByRole('heading', { name: 'Replay with draft' }).waitFor();
    const recorded = page.getByTestId('replay-side-recorded');
    const replay = page.getByTestId('replay-side-replay');
    await recorded.locator('[data-testid="rf__node-send"] .wf-node.status-failed').waitFor();
    await replay.locator('[data-testid="rf__node-confirm"] .wf-node.status-succeeded').waitFor();
    await eventually(() => replay.getAttribute('data-status')).toBe('succeeded');
    expect(await recorded.getAttribute('data-status')).toBe('failed');
    await expectAccessible(page, 'replay with draft');
    await screenshot(page, 'runs-04-replay-with-draft');
    expect(erp.requests.some((request) => request.url === '/v2/orders/eu' && request.body.includes('SO-1001'))).toBe(true);
  });
});
