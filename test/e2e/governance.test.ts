import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import { expectOk, waitForRun } from '../support/api-helpers.js';
import { workflow, type NodeInput } from '../support/definitions.js';
import { DEMO, type ApiClient } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { EditorUi, eventually, signIn } from './support/designer-ui.js';

/**
 * Sign-off in the designer, in headless Chromium over the real server: a consultant submits a
 * version; the approver finds it in Approvals, opens the comparison, sees the added node and the
 * changed fields, runs the impact preview over recorded runs, approves and activates; a rollback
 * with a reason; a run waiting at a gate on the replaced version is decided from the inbox and
 * finishes on its own version. Screenshots of the comparison, the impact preview and the inbox go
 * to test-results/screenshots/ (governance-*), and axe-core checks every screen.
 */
const suite = browserSuite('governance');

/** A refund workflow: large refunds wait for an approver, the rest are queued. `threshold` decides which. */
function refunds(threshold: number, tagged: boolean): WorkflowDefinition {
  const nodes: NodeInput[] = [
    { id: 'received', type: 'trigger.webhook', name: 'Refund requested', config: { path: 'refunds', auth: 'token', respond: 'immediately' } },
    { id: 'large', type: 'logic.condition', name: 'Large refund?', config: { rule: { '>': [{ var: 'input.total' }, threshold] } } },
    {
      id: 'review',
      type: 'human.approval',
      name: 'Review refund',
      config: {
        title: { cat: ['Release refund ', { var: 'input.orderId' }] },
        instructions: 'Check the return arrived before releasing the refund.',
        fields: { Order: { var: 'input.orderId' }, Total: { var: 'input.total' } },
        approverRoles: ['approver', 'owner'],
        dueInMinutes: 240,
        onDue: 'escalate',
      },
    },
    { id: 'queue', type: 'data.transform', name: 'Queue refund', config: { fields: { orderId: { var: 'input.orderId' }, queue: 'refunds' } } },
    { id: 'released', type: 'data.transform', name: 'Release refund', config: { fields: { orderId: { var: 'nodes.received.orderId' }, queue: 'released' } } },
    ...(tagged ? [{ id: 'tag', type: 'data.transform', name: 'Tag for finance', config: { fields: { finance: true, orderId: { var: 'nodes.received.orderId' } } } }] : []),
  ];
  const edges: [string, string, string][] = [
    ['received', 'out', 'large'],
    ['large', 'true', 'review'],
    ['large', 'false', 'queue'],
    ['review', 'approved', 'released'],
    ...(tagged ? ([['released', 'out', 'tag']] as [string, string, string][]) : []),
  ];
  return workflow(nodes, edges, { name: 'Refund routing' });
}

let consultant: ApiClient;
let approver: ApiClient;
let tenant: string;
let workflowId: string;
let secret: string;

/** Calls the refund webhook (token auth, answered at once); answers the run id. */
async function refundRequested(orderId: string, total: number): Promise<string> {
  const response = await fetch(`${suite.server.url}/hooks/contoso/refunds`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-flowgate-token': secret },
    body: JSON.stringify({ orderId, total }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { runId: string }).runId;
}

const base = () => `/api/v1/tenants/${tenant}/workflows/${workflowId}`;

/** Saves a new draft through the API, on top of the current revision. */
async function saveDraft(definition: WorkflowDefinition): Promise<void> {
  const { revision } = expectOk(await consultant.request<{ revision: number }>('GET', base()));
  expectOk(await consultant.request('PUT', base(), { revision, definition }));
}

beforeAll(async () => {
  consultant = await suite.server.signIn(DEMO.consultant);
  approver = await suite.server.signIn(DEMO.approver);
  tenant = suite.server.tenants.customer;
  // Version 1 is live and has handled two small refunds: the recorded runs the impact preview replays.
  workflowId = expectOk(await consultant.request<{ id: string }>('POST', `/api/v1/tenants/${tenant}/workflows`, { name: 'Refund routing', definition: refunds(500, false) }), 201).id;
  expectOk(await consultant.request('POST', `${base()}/versions`, { note: 'Refunds over 500 EUR are reviewed' }), 201);
  expectOk(await approver.request('POST', `${base()}/versions/1/approve`, { comment: 'Agreed with finance' }));
  expectOk(await approver.request('POST', `${base()}/activate`, { version: 1, reason: 'Go-live' }));
  secret = expectOk(await consultant.request<{ secret: string }>('POST', `${base()}/triggers/received/secret`)).secret;
  for (const [orderId, total] of [
    ['R-100', 100],
    ['R-300', 300],
  ] as const) {
    expect((await waitForRun(consultant, tenant, await refundRequested(orderId, total), ['succeeded'])).status).toBe('succeeded');
  }
}, 120_000);

/** The comparison page's side panel. */
const side = (page: Page) => page.getByRole('complementary', { name: 'Sign-off and changes' });

describe('sign-off in the designer', () => {
  it('takes a version from submission through review, impact preview, approval, activation and rollback, and decides a gate from the inbox', async () => {
    // The consultant changes the threshold and adds a node (saved through the API), then submits from the editor.
    await saveDraft(refunds(200, true));
    const author = await suite.openPage();
    await signIn(author, suite.server.url, DEMO.consultant);
    await author.goto(`${suite.server.url}/t/${tenant}/workflows/${workflowId}`);
    const editor = new EditorUi(author);
    await editor.node('tag').waitFor();
    await eventually(() => author.getByTestId('live-version').textContent()).toBe('Live: version 1');
    await eventually(() => author.getByTestId('draft-differs').textContent()).toBe('Draft: changed since version 1');
    await author.getByRole('button', { name: 'Submit for approval' }).click();
    const submit = author.getByRole('dialog', { name: 'Submit for approval' });
    await submit.getByLabel('Note for the approvers').fill('Review refunds over 200 EUR, and tag released ones for finance');
    await expectAccessible(author, 'editor, submit for approval');
    await submit.getByRole('button', { name: 'Submit for approval' }).click();
    await submit.waitFor({ state: 'detached' });
    const versions = author.getByRole('region', { name: 'Versions' });
    const second = versions.locator('[data-version="2"]');
    await second.getByText('Pending').waitFor();
    await expect.poll(() => second.textContent()).toContain('Review refunds over 200 EUR');
    await eventually(() => author.getByTestId('draft-differs').textContent()).toBe('Draft: the same as version 2');
    await expectAccessible(author, 'editor, versions panel');

    // The author may not approve their own version: the button is disabled and says why.
    await second.getByRole('link', { name: 'Compare' }).click();
    await author.waitForURL(/\/compare\?from=1&to=2$/);
    const ownApprove = side(author).getByRole('button', { name: 'Approve' });
    await ownApprove.waitFor();
    expect(await ownApprove.isDisabled()).toBe(true);
    expect(await side(author).getByTestId('decision-refusal').textContent()).toBe('You submitted version 2; another approver must review it.');

    // The approver finds it in Approvals (with a count in the navigation), across workspaces.
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.approver);
    const approvalsLink = page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /^Approvals/ });
    await eventually(() => page.getByTestId('approvals-count').textContent()).toMatch(/^1 waiting/);
    await approvalsLink.click();
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Version 2 of Refund routing' }) });
    await item.waitFor();
    expect(await item.textContent()).toContain('Contoso Distribution');
    expect(await item.textContent()).toContain('0 of 1 approval');
    await expectAccessible(page, 'approvals inbox');
    await screenshot(page, 'governance-01-inbox');

    // One click opens the comparison: the submitted version against the live one, never the draft.
    await item.getByRole('link', { name: 'Compare version 2 of Refund routing' }).click();
    await page.waitForURL(/\/compare\?to=2$/);
    await page.getByRole('heading', { name: 'Compare version 1 with version 2' }).waitFor();
    await eventually(() => page.getByTestId('compare-summary').textContent()).toBe('1 node added, 0 removed, 1 changed, 1 edge changed');
    const ui = new EditorUi(page);
    await ui.node('tag').locator('.wf-node.change-added').waitFor();
    expect(await ui.node('tag').getByText('Added').count()).toBe(1);
    await ui.node('large').locator('.wf-node.change-changed').waitFor();
    await ui.select('tag');
    const changes = page.getByTestId('node-changes');
    await changes.getByRole('heading', { name: /Tag for finance/ }).waitFor();
    expect(await changes.textContent()).toContain('This node was added.');
    await side(page).getByRole('button', { name: 'Large refund?' }).click();
    await changes.getByRole('heading', { name: /Large refund\?/ }).waitFor();
    const condition = changes.getByRole('row', { name: /Condition/ });
    expect(await condition.getByRole('cell').allTextContents()).toEqual(['input.total > 500', 'input.total > 200']);
    await expectAccessible(page, 'comparison, canvas');
    await screenshot(page, 'governance-02-comparison');
    await page.getByRole('tab', { name: 'JSON' }).click();
    await page.getByRole('tab', { name: 'JSON', selected: true }).waitFor();
    // Monaco's chunk is the largest the designer loads; a cold, busy machine has taken over 30 s.
    await page.getByRole('textbox', { name: 'version 2 (JSON, read-only)' }).waitFor({ state: 'attached', timeout: 90_000 });
    await page.getByRole('textbox', { name: 'version 1 (JSON, read-only)' }).waitFor({ state: 'attached' });
    // A narrow window shows the diff inline and a wide one side by side again; Monaco re-applies
    // its options on each switch, and both sides keep their names through it.
    await page.setViewportSize({ width: 1000, height: 1000 });
    await page.locator('.json-diff .monaco-diff-editor.side-by-side').waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.locator('.json-diff .monaco-diff-editor.side-by-side').waitFor();
    await page.getByRole('textbox', { name: 'version 2 (JSON, read-only)' }).waitFor({ state: 'attached' });
    await page.getByRole('textbox', { name: 'version 1 (JSON, read-only)' }).waitFor({ state: 'attached' });
    await expectAccessible(page, 'comparison, JSON');
    await page.getByRole('tab', { name: 'Canvas' }).click();

    // The impact preview replays the two recorded runs: the 300 EUR refund now goes to review.
    await side(page).getByLabel('Sample size').fill('50');
    await side(page).getByRole('button', { name: 'Run impact preview' }).click();
    await eventually(() => page.getByTestId('impact-summary').locator('.impact-headline').textContent(), 30_000).toBe('1 of 2 runs unchanged');
    const impact = page.getByTestId('impact-view');
    await impact.getByRole('button', { name: /Another path/ }).waitFor();
    const canvases = impact.locator('.path-canvas');
    await eventually(() => canvases.count()).toBe(2);
    await canvases.nth(1).locator('[data-testid="rf__node-review"] .wf-node.status-succeeded').waitFor();
    await canvases.nth(0).locator('[data-testid="rf__node-queue"] .wf-node.status-succeeded').waitFor();
    expect(await impact.textContent()).toContain('Review refund');
    await expectAccessible(page, 'comparison, impact preview');
    await screenshot(page, 'governance-03-impact-preview');

    // Approve with a comment, then activate: version 2 is live.
    await side(page).getByLabel(/Comment/).fill('Finance agreed to the lower threshold');
    await side(page).getByRole('button', { name: 'Approve' }).click();
    await eventually(() => page.getByTestId('approval-progress').textContent()).toBe('1 of 1 approval');
    await side(page).getByRole('button', { name: 'Activate version 2' }).click();
    const activate = page.getByRole('dialog', { name: 'Activate version 2' });
    await activate.getByLabel(/Reason/).fill('Lower review threshold agreed with finance');
    await expectAccessible(page, 'activation dialog');
    await activate.getByRole('button', { name: 'Activate', exact: true }).click();
    await activate.waitFor({ state: 'detached' });
    await side(page).locator('.badge.state-active').waitFor();
    expect(expectOk(await approver.request<{ activeVersion: number }>('GET', base())).activeVersion).toBe(2);

    // A large refund on version 2 waits at its approval gate.
    const waiting = await refundRequested('R-900', 900);
    expect(await waitForRun(approver, tenant, waiting, ['waiting'])).toMatchObject({ status: 'waiting', workflowVersion: 2 });

    // A third version is approved and activated the same way.
    await saveDraft({ ...refunds(200, true), description: 'Refund routing with finance tags' });
    expectOk(await consultant.request('POST', `${base()}/versions`, { note: 'Description for the catalogue' }), 201);
    await page.goto(`${suite.server.url}/t/${tenant}/approvals`);
    await page.getByRole('link', { name: 'Compare version 3 of Refund routing' }).click();
    await page.getByRole('heading', { name: 'Compare version 2 with version 3' }).waitFor();
    await side(page).getByRole('button', { name: 'Approve' }).click();
    await side(page).getByRole('button', { name: 'Activate version 3' }).click();
    await page.getByRole('dialog', { name: 'Activate version 3' }).getByLabel(/Reason/).fill('Catalogue description');
    await page.getByRole('dialog', { name: 'Activate version 3' }).getByRole('button', { name: 'Activate', exact: true }).click();
    await side(page).locator('.badge.state-active').waitFor();

    // Roll back to version 1 from the versions panel, with a reason; the confirmation names the runs in flight.
    await page.goto(`${suite.server.url}/t/${tenant}/workflows/${workflowId}`);
    await ui.openTab('Versions');
    const panel = page.getByRole('region', { name: 'Versions' });
    await panel.locator('[data-version="1"]').getByRole('button', { name: 'Roll back' }).click();
    const rollback = page.getByRole('dialog', { name: 'Roll back to version 1' });
    await eventually(() => rollback.getByTestId('runs-in-flight').textContent()).toBe(
      '0 runs are in flight on version 3; they finish on version 3. Also in flight: 1 on version 2; every run finishes on the version it started on.',
    );
    await rollback.getByLabel(/Reason/).fill('Finance wants the 500 EUR threshold back for now');
    await expectAccessible(page, 'rollback dialog');
    await screenshot(page, 'governance-04-rollback');
    await rollback.getByRole('button', { name: 'Roll back', exact: true }).click();
    await rollback.waitFor({ state: 'detached' });
    const first = panel.locator('[data-version="1"]');
    await first.getByText('Active', { exact: true }).waitFor();
    await expect.poll(() => first.textContent()).toContain('Rolled back from version 3 by Alex Approver');
    expect(await first.textContent()).toContain('Finance wants the 500 EUR threshold back for now');
    await expectAccessible(page, 'read-only editor, versions panel');

    // New webhook runs use version 1: a 300 EUR refund is queued again.
    const fresh = await waitForRun(approver, tenant, await refundRequested('R-301', 300), ['succeeded']);
    expect(fresh.workflowVersion).toBe(1);
    expect(fresh.steps.map((step) => step.nodeId)).toContain('queue');

    // The gate still waiting on version 2 is decided from the inbox; the run finishes on version 2.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /^Approvals/ }).click();
    const task = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Release refund R-900' }) });
    await task.waitFor();
    expect(await task.textContent()).toContain('Refund routing, version 2');
    expect(await task.locator('.task-fields').textContent()).toBe('OrderR-900Total900');
    await task.getByLabel(/Comment/).fill('Return received');
    await task.getByRole('button', { name: 'Approve' }).click();
    await task.waitFor({ state: 'detached' });
    const finished = await waitForRun(approver, tenant, waiting, ['succeeded']);
    expect(finished.workflowVersion).toBe(2);
    expect(finished.steps.find((step) => step.nodeId === 'tag')).toMatchObject({ status: 'succeeded' });
    await page.getByRole('tab', { name: 'History' }).click();
    const decided = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Release refund R-900' }) });
    await decided.waitFor();
    expect(await decided.textContent()).toContain('You approved');
    await expectAccessible(page, 'approvals history');
    await screenshot(page, 'governance-05-history');
  }, 300_000);

  it('decides a test run waiting at an approval gate in the test-run panel', async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.consultant);
    await page.goto(`${suite.server.url}/t/${tenant}/workflows/${workflowId}`);
    const ui = new EditorUi(page);
    await ui.node('review').waitFor();
    await ui.openTab('Test run');
    await ui.replaceMonacoText(page.getByTestId('sample-input'), '{"orderId": "T-1", "total": 950}');
    await page.getByRole('button', { name: 'Run test' }).click();
    const gate = page.getByRole('region', { name: 'Approval: Release refund T-1' });
    await gate.waitFor({ timeout: 20_000 });
    expect(await gate.locator('.task-fields').textContent()).toBe('OrderT-1Total950');
    await expectAccessible(page, 'test run waiting at an approval gate');
    await screenshot(page, 'governance-06-test-run-gate');
    await gate.getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('test-run-result').locator('[data-status="succeeded"]').first().waitFor({ timeout: 20_000 });
    await ui.node('tag').locator('.wf-node.status-succeeded').waitFor();
  }, 180_000);

  it('has designed empty states and closes its dialogs with Escape', async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.operator);
    await page.goto(`${suite.server.url}/t/${tenant}/approvals`);
    await page.getByRole('heading', { name: 'Nothing waits for you' }).waitFor();
    expect(await page.getByTestId('approvals-count').count()).toBe(0);
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'No decisions yet' }).waitFor();
    await expectAccessible(page, 'empty approvals');

    const author = await suite.openPage();
    await signIn(author, suite.server.url, DEMO.consultant);
    await author.goto(`${suite.server.url}/t/${tenant}/workflows/${workflowId}`);
    await author.getByRole('button', { name: 'Submit for approval' }).click();
    const dialog = author.getByRole('dialog', { name: 'Submit for approval' });
    await dialog.waitFor();
    await author.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  }, 120_000);
});
