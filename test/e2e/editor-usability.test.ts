import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatFireTime, nextFireTimes } from '../../designer/src/editor/triggers/next-fire-times.js';
import { activeWorkflow, createWorkflow, expectOk, saveDraft } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO, type ApiClient } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { EditorUi, draftOf, eventually, signIn } from './support/designer-ui.js';

/**
 * Editor usability as a new user found it (issue 11), in a real browser against the real server:
 * where click-to-add puts nodes and what it names them, plain text in a transform field, the
 * auto-layout's order and zoom, panels at 1024×768, creating without a name, archive and restore,
 * sorting the list, and the webhook and schedule panels of the inspector.
 */
const suite = browserSuite('editor-usability');
const run = promisify(execFile);

/** The partner workspace the consultant lands in, and an API client of theirs. */
async function setUp(page: Page): Promise<{ ui: EditorUi; tenant: string; consultant: ApiClient }> {
  await signIn(page, suite.server.url, DEMO.consultant);
  return { ui: new EditorUi(page), tenant: suite.server.tenants.partner, consultant: await suite.server.signIn(DEMO.consultant) };
}

async function openEditor(page: Page, tenant: string, workflowId: string, firstNode: string): Promise<void> {
  await page.goto(`${suite.server.url}/t/${tenant}/workflows/${workflowId}`);
  await new EditorUi(page).node(firstNode).waitFor();
}

/** A node's box on the screen. */
async function box(ui: EditorUi, id: string): Promise<{ x: number; y: number; width: number; height: number }> {
  await ui.node(id).waitFor();
  const found = await ui.node(id).boundingBox();
  if (!found) throw new Error(`node ${id} has no box`);
  return found;
}

/** The workflow names in the list, top to bottom. */
function listedNames(page: Page): Promise<string[]> {
  return page.locator('.workflow-list tbody tr td:first-child a').allTextContents();
}

describe('editor usability', () => {
  it('adds nodes by click next to the selection or in free space, never on a node, with unique names; a transform field takes plain text', async () => {
    const page = await suite.openPage();
    const { ui, tenant, consultant } = await setUp(page);
    const created = await createWorkflow(consultant, tenant, 'Click to add (usability)', workflow([{ id: 'start', type: 'trigger.manual', name: 'Start' }], []));
    await openEditor(page, tenant, created.id, 'start');
    const transform = ui.palette.getByRole('button', { name: 'Transform', exact: true });

    // With the trigger selected, a click puts the transform to its right, level with it.
    await ui.select('start');
    await transform.click();
    const start = await box(ui, 'start');
    const first = await box(ui, 'transform');
    expect(first.x).toBeGreaterThan(start.x + start.width);
    expect(Math.abs(first.y - start.y)).toBeLessThan(2);
    // Again from the trigger: below the first, not on it.
    await ui.select('start');
    await transform.click();
    const second = await box(ui, 'transform_2');
    expect(Math.abs(second.x - first.x)).toBeLessThan(2);
    expect(second.y).toBeGreaterThan(first.y + first.height);
    // Nothing selected: in the free space nearest the middle of the view.
    await page.keyboard.press('Escape');
    await ui.palette.getByRole('button', { name: 'Condition', exact: true }).click();
    await ui.node('condition').waitFor();
    // And from the condition (selected once added): to its right.
    await transform.click();
    const third = await box(ui, 'transform_3');
    expect(third.x).toBeGreaterThan((await box(ui, 'condition')).x);

    const boxes = await Promise.all(['start', 'transform', 'transform_2', 'condition', 'transform_3'].map(async (id) => ({ id, ...(await box(ui, id)) })));
    const overlapping = boxes.flatMap((a, index) => boxes.slice(index + 1).filter((b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height).map((b) => `${a.id}/${b.id}`));
    expect(overlapping).toEqual([]);
    await expect.poll(() => ui.node('transform_3').textContent()).toContain('Transform 3');
    await screenshot(page, 'editor-usability-01-click-to-add');

    // A transform field: plain text, no JSON quotes; json-logic only when switched to it.
    await ui.select('transform');
    await ui.openTab('Inspector');
    const inspector = page.getByRole('tabpanel');
    await inspector.getByLabel('New Fields entry').fill('label');
    await page.keyboard.press('Enter');
    const value = inspector.getByLabel('Value of label', { exact: true });
    await value.fill('Priority order');
    await page.keyboard.press('Tab');
    await expect.poll(() => inspector.getByRole('group', { name: 'How to enter label' }).getByRole('button', { name: 'Text' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'editor-usability-02-plain-text-field');

    await eventually(() => ui.saveStatus()).toBe('saved');
    const saved = await draftOf(consultant, tenant, created.id);
    expect(Object.fromEntries(saved.draft.nodes.map((node) => [node.id, node.name]))).toEqual({
      start: 'Start',
      transform: 'Transform',
      transform_2: 'Transform 2',
      condition: 'Condition',
      transform_3: 'Transform 3',
    });
    expect(saved.draft.nodes.find((node) => node.id === 'transform')?.config).toEqual({ fields: { label: 'Priority order' } });
    // Switched to json-logic, the same value is the JSON string it is.
    await inspector.getByRole('group', { name: 'How to enter label' }).getByRole('button', { name: 'JSON-logic' }).click();
    await eventually(() => inspector.locator('[data-field-id="config.fields.label"]').textContent()).toContain('"Priority order"');
    await expectAccessible(page, 'the editor after click-to-add, a transform in the inspector');
  }, 120_000);

  it('auto-layout keeps True above False and shows the result at a readable zoom', async () => {
    const page = await suite.openPage();
    const { ui, tenant, consultant } = await setUp(page);
    // False's branch drawn above True's, True's edge drawn first: what made the old layout put False on top.
    const branches = workflow(
      [
        { id: 'start', type: 'trigger.manual', position: { x: 0, y: 0 } },
        { id: 'check', type: 'logic.condition', config: { rule: { '>': [{ var: 'input.total' }, 500] } }, position: { x: 300, y: 0 } },
        { id: 'large', type: 'data.transform', name: 'Large', config: { fields: { route: 'review' } }, position: { x: 600, y: -300 } },
        { id: 'small', type: 'data.transform', name: 'Small', config: { fields: { route: 'auto' } }, position: { x: 600, y: 300 } },
      ],
      [
        ['start', 'out', 'check'],
        ['check', 'true', 'small'],
        ['check', 'false', 'large'],
      ],
    );
    const created = await createWorkflow(consultant, tenant, 'Auto-layout order (usability)', branches);
    await openEditor(page, tenant, created.id, 'start');
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await eventually(async () => {
      const nodes = (await draftOf(consultant, tenant, created.id)).draft.nodes;
      const y = (id: string) => nodes.find((node) => node.id === id)?.position.y ?? Number.NaN;
      return y('small') < y('large');
    }).toBe(true);
    const small = await box(ui, 'small');
    const large = await box(ui, 'large');
    expect(small.y + small.height).toBeLessThan(large.y);
    expect(Math.abs(small.x - large.x)).toBeLessThan(2);
    await screenshot(page, 'editor-usability-03-layout-true-above-false');
    // One undo puts everything back where it was.
    await page.keyboard.press('ControlOrMeta+Z');
    await eventually(async () => (await draftOf(consultant, tenant, created.id)).draft.nodes.map((node) => node.position)).toEqual(branches.nodes.map((node) => node.position));

    // A long chain is not shrunk to a strip: the view keeps a readable zoom, at the trigger.
    const chain = workflow(
      [{ id: 'start', type: 'trigger.manual' }, ...Array.from({ length: 40 }, (_, index) => ({ id: `step${index + 1}`, type: 'data.transform', config: { fields: { step: index + 1 } }, position: { x: (index % 5) * 50, y: index * 37 } }))],
      Array.from({ length: 40 }, (_, index) => [index === 0 ? 'start' : `step${index}`, 'out', `step${index + 1}`] as const),
    );
    const long = await createWorkflow(consultant, tenant, 'Auto-layout zoom (usability)', chain);
    await openEditor(page, tenant, long.id, 'start');
    await page.keyboard.press('Shift+L');
    await eventually(async () => {
      const nodes = (await draftOf(consultant, tenant, long.id)).draft.nodes;
      return nodes.every((node, index) => index === 0 || node.position.x > (nodes[index - 1]?.position.x ?? 0));
    }).toBe(true);
    const zoom = async () => Number(/scale\(([\d.]+)\)/.exec((await page.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1]);
    await eventually(zoom).toBeGreaterThanOrEqual(0.5);
    const canvas = await ui.canvas.boundingBox();
    const trigger = await box(ui, 'start');
    expect(canvas && trigger.x >= canvas.x && trigger.x + trigger.width <= canvas.x + canvas.width).toBe(true);
    await screenshot(page, 'editor-usability-04-layout-readable-zoom');
  }, 120_000);

  it('keeps the canvas usable at 1024×768: panels close, reopen and resize, and stay so', async () => {
    const page = await suite.openPage();
    await page.setViewportSize({ width: 1024, height: 768 });
    const { ui, tenant, consultant } = await setUp(page);
    const created = await createWorkflow(consultant, tenant, 'Small screen (usability)', workflow([{ id: 'start', type: 'trigger.manual' }, { id: 'shape', type: 'data.transform', config: { fields: { a: 1 } } }], [['start', 'out', 'shape']]));
    await openEditor(page, tenant, created.id, 'start');
    const canvasWidth = async () => (await ui.canvas.boundingBox())?.width ?? 0;
    expect(await canvasWidth()).toBeGreaterThanOrEqual(360);
    // Nothing spills out of the window: no horizontal scrolling.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await ui.select('shape');
    await screenshot(page, 'editor-usability-05-1024-both-panels');
    await expectAccessible(page, 'the editor at 1024×768');

    const withBoth = await canvasWidth();
    await page.getByRole('button', { name: 'Close the node palette' }).click();
    await expect.poll(canvasWidth).toBeGreaterThan(withBoth + 150);
    const withoutPalette = await canvasWidth();
    await page.getByRole('button', { name: 'Close the side panel' }).click();
    await expect.poll(canvasWidth).toBeGreaterThan(withoutPalette + 250);
    await screenshot(page, 'editor-usability-06-1024-panels-closed');
    // Test run from the toolbar opens the side panel at its tab.
    await page.getByRole('button', { name: 'Test run' }).click();
    await page.getByRole('region', { name: 'Test run' }).waitFor();

    // The side panel's border resizes it, from the keyboard too.
    const border = page.getByRole('separator', { name: 'Resize the side panel' });
    const before = Number(await border.getAttribute('aria-valuenow'));
    await border.focus();
    for (let press = 0; press < 4; press++) await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => Number(await border.getAttribute('aria-valuenow'))).toBe(before + 64);
    const panel = page.getByRole('complementary', { name: 'Side panel' });
    expect(Math.round((await panel.boundingBox())?.width ?? 0)).toBe(before + 64);
    // It never leaves the canvas less than its minimum.
    await page.keyboard.press('End');
    expect(await canvasWidth()).toBeGreaterThanOrEqual(360);
    await page.keyboard.press('Home');
    await expect.poll(async () => Number(await border.getAttribute('aria-valuenow'))).toBe(280);

    // The arrangement is kept for the next opening.
    await page.reload();
    await ui.node('start').waitFor();
    expect(await page.getByRole('button', { name: 'Open the node palette' }).count()).toBe(1);
    expect(Number(await page.getByRole('separator', { name: 'Resize the side panel' }).getAttribute('aria-valuenow'))).toBe(280);
    await page.getByRole('button', { name: 'Open the node palette' }).click();
    await ui.palette.waitFor();
    await screenshot(page, 'editor-usability-07-1024-reopened');
  }, 120_000);

  it('says why Create needs a name', async () => {
    const page = await suite.openPage();
    await setUp(page);
    const listUrl = page.url();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Give the workflow a name first');
    const field = page.getByLabel('New workflow name');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('New workflow name');
    expect(page.url()).toBe(listUrl);
    await screenshot(page, 'editor-usability-08-create-without-name');
    await expectAccessible(page, 'the workflow list saying a name is needed');
    // Typing a name clears the message; creating then works.
    await field.fill('Named at last (usability)');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/workflows\/[^/]+$/);
  }, 60_000);

  it('archives with an undo, and restores from the Archived filter', async () => {
    const page = await suite.openPage();
    const { tenant, consultant } = await setUp(page);
    const created = await createWorkflow(consultant, tenant, 'Restore me (usability)', workflow([{ id: 'start', type: 'trigger.manual' }], []));
    const archived = async () => expectOk(await consultant.request<{ id: string; archived: boolean }[]>('GET', `/api/v1/tenants/${tenant}/workflows?status=archived`)).some((entry) => entry.id === created.id);
    await page.getByLabel('Search workflows').fill('Restore me');
    await eventually(() => listedNames(page)).toEqual(['Restore me (usability)']);

    // Archive, then Undo in the notice.
    await page.getByRole('button', { name: 'Archive Restore me (usability)' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Archived' });
    await notice.waitFor();
    await eventually(archived).toBe(true);
    await eventually(() => listedNames(page)).toEqual([]);
    await screenshot(page, 'editor-usability-09-archived-with-undo');
    await notice.getByRole('button', { name: 'Undo' }).click();
    await eventually(archived).toBe(false);
    await eventually(() => listedNames(page)).toEqual(['Restore me (usability)']);

    // Archive again; later, Restore from the Archived filter.
    await page.getByRole('button', { name: 'Archive Restore me (usability)' }).click();
    await eventually(archived).toBe(true);
    await page.getByLabel('Status').selectOption('archived');
    await eventually(() => listedNames(page)).toEqual(['Restore me (usability)']);
    expect(page.url()).toContain('status=archived');
    await screenshot(page, 'editor-usability-10-archived-filter');
    await expectAccessible(page, 'the archived workflows');
    await page.getByRole('button', { name: 'Restore Restore me (usability)' }).click();
    await page.getByRole('status').filter({ hasText: 'Restored “Restore me (usability)” as a draft.' }).waitFor();
    await eventually(() => listedNames(page)).toEqual([]);
    expect(await archived()).toBe(false);
    await page.getByLabel('Status').selectOption('');
    await eventually(() => listedNames(page)).toEqual(['Restore me (usability)']);
    // Restored as a draft that can be edited again.
    expect((await saveDraft(consultant, tenant, created.id, workflow([{ id: 'start', type: 'trigger.manual' }], [], { name: 'Restore me (usability)' }))).revision).toBe(2);
  }, 90_000);

  it('sorts the list by name, status and date, in the address', async () => {
    const page = await suite.openPage();
    const { tenant, consultant } = await setUp(page);
    const approver = await suite.server.signIn(DEMO.approver);
    const definition = workflow([{ id: 'start', type: 'trigger.manual' }], []);
    await activeWorkflow(consultant, approver, tenant, 'Sorting check b', definition);
    for (const name of ['Sorting check A', 'Sorting check C 10', 'Sorting check C 2']) await createWorkflow(consultant, tenant, name, definition);
    await page.getByLabel('Search workflows').fill('Sorting check');
    // Newest change first by default.
    await eventually(() => listedNames(page)).toEqual(['Sorting check C 2', 'Sorting check C 10', 'Sorting check A', 'Sorting check b']);

    const header = (name: string) => page.getByRole('columnheader', { name });
    await header('Name').getByRole('button').click();
    await eventually(() => listedNames(page)).toEqual(['Sorting check A', 'Sorting check b', 'Sorting check C 2', 'Sorting check C 10']);
    expect(await header('Name').getAttribute('aria-sort')).toBe('ascending');
    expect(page.url()).toMatch(/sort=name&dir=asc/);
    await header('Name').getByRole('button').click();
    await eventually(() => listedNames(page)).toEqual(['Sorting check C 10', 'Sorting check C 2', 'Sorting check b', 'Sorting check A']);
    expect(await header('Name').getAttribute('aria-sort')).toBe('descending');

    // Status: live first, then drafts by name.
    await header('Status').getByRole('button').click();
    await eventually(() => listedNames(page)).toEqual(['Sorting check b', 'Sorting check A', 'Sorting check C 2', 'Sorting check C 10']);
    await screenshot(page, 'editor-usability-11-sorted-by-status');
    await expectAccessible(page, 'the sorted workflow list');

    // The sort survives a reload; Updated goes back to newest first.
    await page.reload();
    await eventually(() => listedNames(page)).toEqual(['Sorting check b', 'Sorting check A', 'Sorting check C 2', 'Sorting check C 10']);
    await header('Updated').getByRole('button').click();
    await eventually(() => listedNames(page)).toEqual(['Sorting check C 2', 'Sorting check C 10', 'Sorting check A', 'Sorting check b']);
    expect(await header('Updated').getAttribute('aria-sort')).toBe('descending');
  }, 90_000);

  it('shows how to call a webhook and issues its secret once; the copied examples work', async () => {
    const page = await suite.openPage();
    const { ui, tenant, consultant } = await setUp(page);
    const approver = await suite.server.signIn(DEMO.approver);
    const hooks = workflow(
      [
        { id: 'signed', type: 'trigger.webhook', name: 'Signed hook', config: { path: 'usability/signed', auth: 'hmac' } },
        { id: 'token', type: 'trigger.webhook', name: 'Token hook', config: { path: 'usability/token', auth: 'token' } },
        { id: 'shape', type: 'data.transform', config: { fields: { received: true } } },
      ],
      [
        ['signed', 'out', 'shape'],
        ['token', 'out', 'shape'],
      ],
    );
    const workflowId = await activeWorkflow(consultant, approver, tenant, 'Webhook panel (usability)', hooks);
    await openEditor(page, tenant, workflowId, 'signed');
    const inspector = page.getByRole('tabpanel');

    for (const [nodeId, path] of [
      ['signed', 'usability/signed'],
      ['token', 'usability/token'],
    ] as const) {
      await ui.select(nodeId);
      const panel = inspector.getByRole('region', { name: 'Calling this webhook' });
      await eventually(() => panel.getByTestId('webhook-url').textContent()).toBe(`${suite.server.url}/hooks/northwind/${path}`);
      await panel.getByText('Live: the active version answers at this URL.').waitFor();
      expect(await panel.getByTestId('webhook-secret').count()).toBe(0);

      // Issue a secret: it is asked for first, then shown once, and the example uses it.
      await panel.getByRole('button', { name: 'Issue a new secret…' }).click();
      await panel.getByRole('button', { name: 'Issue new secret', exact: true }).click();
      const secret = (await panel.getByTestId('webhook-secret').textContent()) ?? '';
      expect(secret).toMatch(/^whsec_/);
      await eventually(() => panel.getByTestId('curl-example').textContent()).toContain(secret);
      await screenshot(page, `editor-usability-12-webhook-${nodeId}`);
      await expectAccessible(page, `the ${nodeId} webhook's panel with its new secret`);

      // The example, as copied from the page, starts a run.
      await panel.getByRole('button', { name: 'Copy curl example' }).click();
      await panel.getByText('Copied').waitFor();
      const example = await page.evaluate<string>('navigator.clipboard.readText()');
      expect(example).toContain(nodeId === 'token' ? 'X-Flowgate-Token' : 'X-Flowgate-Signature');
      const { stdout } = await run('bash', ['-c', `${example} -o /dev/null -w '%{http_code}'`]);
      expect(stdout).toBe('202');
    }

    // A Shopify trigger takes the secret Shopify signs with, keeping the old one for the chosen overlap.
    const shopifyHooks = workflow([{ id: 'orders', type: 'trigger.webhook', name: 'Shopify orders', config: { path: 'usability/shopify', auth: 'shopify' } }], []);
    const shopifyId = await activeWorkflow(consultant, approver, tenant, 'Shopify webhook (usability)', shopifyHooks);
    await openEditor(page, tenant, shopifyId, 'orders');
    await ui.select('orders');
    const shopifyPanel = inspector.getByRole('region', { name: 'Calling this webhook' });
    await shopifyPanel.getByText('Shopify’s own signature').waitFor();
    await shopifyPanel.getByLabel('Shopify’s signing secret').fill('shpss_usability_0123456789abcdef');
    await shopifyPanel.getByLabel('The current secret keeps working').selectOption({ label: 'For 24 hours' });
    await shopifyPanel.getByRole('button', { name: 'Use this secret' }).click();
    await shopifyPanel.getByText('Shopify’s secret is in use now.').waitFor();
    await shopifyPanel.getByText(/The previous secret keeps working until/).waitFor();
    await expectAccessible(page, "a Shopify webhook's panel with the sender's secret");
    await screenshot(page, 'editor-usability-12-webhook-shopify');
    const shopifyExample = (await shopifyPanel.getByTestId('curl-example').textContent()) ?? '';
    const shopifyRun = await run('bash', ['-c', `${shopifyExample} -o /dev/null -w '%{http_code}'`]);
    expect(shopifyRun.stdout).toBe('202');
    await openEditor(page, tenant, workflowId, 'signed');

    // Shown once: selected again, the panel no longer has it.
    await ui.select('signed');
    await inspector.getByRole('region', { name: 'Calling this webhook' }).getByTestId('webhook-url').waitFor();
    expect(await inspector.getByTestId('webhook-secret').count()).toBe(0);
    expect(await inspector.getByTestId('curl-example').textContent()).toContain('whsec_paste-your-secret-here');
    const runs = expectOk(await consultant.request<{ items: { workflowId: string }[] }>('GET', `/api/v1/tenants/${tenant}/runs?workflowId=${workflowId}`));
    expect(runs.items.length).toBe(2);
  }, 120_000);

  it('lists the schedule’s next five fire times in its time zone', async () => {
    const page = await suite.openPage();
    const { ui, tenant, consultant } = await setUp(page);
    const config = { cron: '0 7 * * 1-5', timeZone: 'America/New_York' };
    const created = await createWorkflow(consultant, tenant, 'Schedule panel (usability)', workflow([{ id: 'daily', type: 'trigger.schedule', config }], []));
    await openEditor(page, tenant, created.id, 'daily');
    await ui.select('daily');
    const list = page.getByRole('list', { name: 'Next runs in America/New_York' });
    await list.waitFor();
    const expected = nextFireTimes(config.cron, config.timeZone, new Date());
    if (!expected.ok) throw new Error(expected.reason);
    expect(await list.getByRole('listitem').allTextContents()).toEqual(expected.times.map((time) => formatFireTime(time, config.timeZone)));
    // Zones are named by their offset, which no reader can misread ("EST" means something else in Australia).
    for (const text of await list.getByRole('listitem').allTextContents()) expect(text).toMatch(/, 07:00 GMT-[45]$/);
    await screenshot(page, 'editor-usability-13-schedule');
    await expectAccessible(page, "the schedule's next runs");

    // Changing the time zone in the form changes the times at once.
    const zone = page.getByRole('tabpanel').getByLabel('Time zone', { exact: true });
    await zone.fill('Asia/Tokyo');
    await page.getByRole('list', { name: 'Next runs in Asia/Tokyo' }).waitFor();
    for (const text of await page.getByRole('list', { name: 'Next runs in Asia/Tokyo' }).getByRole('listitem').allTextContents()) expect(text).toMatch(/, 07:00 GMT\+9$/);
    await zone.fill('Nowhere/Special');
    await page.getByText('"Nowhere/Special" is not a known IANA time zone').waitFor();
  }, 90_000);
});
