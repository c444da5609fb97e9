import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { EditorUi, draftOf, eventually, signIn } from './support/designer-ui.js';

/**
 * The designer as an application, in headless Chromium against the real server: the shell (brand,
 * workspace switcher, sections, user menu), addresses that open where they point, the route
 * table's role guards and the read-only editor, navigation without reloads, and axe-core on every
 * screen (no serious or critical violation).
 */
const suite = browserSuite('shell');

/** The demo's workflow in the customer workspace, by the id the server gave it. */
async function demoWorkflowId(): Promise<string> {
  const consultant = await suite.server.signIn(DEMO.consultant);
  const list = await consultant.request<{ id: string; name: string }[]>('GET', `/api/v1/tenants/${suite.server.tenants.customer}/workflows`);
  const found = list.body.find((workflow) => workflow.name === 'Order exception routing');
  if (!found) throw new Error(`no demo workflow: ${list.text}`);
  return found.id;
}

/** Requests the page sent that changed something, and answers that refused it. */
function watchApi(page: Page): { changes: string[]; refusals: string[] } {
  const seen = { changes: [] as string[], refusals: [] as string[] };
  page.on('request', (request) => {
    if (request.url().includes('/api/') && request.method() !== 'GET' && !request.url().endsWith('/auth/login')) seen.changes.push(`${request.method()} ${request.url()}`);
  });
  page.on('response', (response) => {
    if (response.status() === 403) seen.refusals.push(`${response.request().method()} ${response.url()}`);
  });
  return seen;
}

/** Waits for a workflow list to have loaded, whatever it holds (other tests add workflows). */
async function listLoaded(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Workflows', exact: true }).waitFor();
  await eventually(() => page.getByText('Loading workflows…').count()).toBe(0);
}

/** How many documents the tab has loaded: one, as long as every move was a client-side navigation. */
const documentLoads = (page: Page) => page.evaluate<number>(`performance.getEntriesByType('navigation').length`);

describe('the designer shell', () => {
  it('passes axe-core on the sign-in page, the workflow list, the editor and the read-only editor', async () => {
    const workflowId = await demoWorkflowId();
    const page = await suite.openPage();
    await page.goto(`${suite.server.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await expectAccessible(page, 'sign-in page');
    await screenshot(page, 'shell-01-sign-in');

    await signIn(page, suite.server.url, DEMO.consultant);
    await listLoaded(page);
    await expectAccessible(page, 'workflow list (partner workspace)');
    await page.goto(`${suite.server.url}/t/${suite.server.tenants.customer}/workflows`);
    await page.getByRole('link', { name: 'Order exception routing' }).waitFor();
    await expectAccessible(page, 'workflow list');
    await screenshot(page, 'shell-02-workflow-list');

    await page.getByRole('link', { name: 'Order exception routing' }).click();
    const ui = new EditorUi(page);
    await ui.node('large').waitFor();
    await expectAccessible(page, 'editor');
    await ui.openTab('Problems');
    await expectAccessible(page, 'editor, problems panel');
    await screenshot(page, 'shell-03-editor');

    const approverPage = await suite.openPage();
    await signIn(approverPage, suite.server.url, DEMO.approver);
    await approverPage.goto(`${suite.server.url}/t/${suite.server.tenants.customer}/workflows/${workflowId}`);
    await new EditorUi(approverPage).node('large').waitFor();
    await expectAccessible(approverPage, 'read-only editor');
    await new EditorUi(approverPage).select('review');
    await expectAccessible(approverPage, 'read-only editor, a node in the inspector');
  }, 180_000);

  it('opens a workflow read-only for an approver: no palette, save, test run or edits, and says why in words', async () => {
    const workflowId = await demoWorkflowId();
    const tenant = suite.server.tenants.customer;
    const before = await draftOf(await suite.server.signIn(DEMO.consultant), tenant, workflowId);
    const page = await suite.openPage();
    const api = watchApi(page);
    await signIn(page, suite.server.url, DEMO.approver);

    // The list offers reading only: no create, import or archive.
    await page.goto(`${suite.server.url}/t/${tenant}/workflows`);
    await page.getByRole('link', { name: 'Order exception routing' }).waitFor();
    for (const name of ['Create', 'Import JSON', 'Archive Order exception routing']) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    expect(await page.getByRole('button', { name: 'Export Order exception routing' }).count()).toBe(1);

    await page.getByRole('link', { name: 'Order exception routing' }).click();
    const ui = new EditorUi(page);
    await ui.node('large').waitFor();
    const note = page.getByRole('note');
    await eventually(() => note.textContent()).toBe('Read-only: your role (approver) cannot edit workflows');
    expect(await ui.palette.count()).toBe(0);
    expect(await ui.saveIndicator.count()).toBe(0);
    for (const name of ['Test run', 'Undo', 'Redo', 'Auto-layout']) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
      expect(await page.getByRole('tab', { name, exact: true }).count(), name).toBe(0);
    }
    // The name is a heading, not a field; the inspector's own name field is disabled.
    expect(await page.locator('.editor-toolbar').getByRole('textbox').count()).toBe(0);
    await page.locator('.editor-toolbar').getByRole('heading', { name: 'Order exception routing' }).waitFor();
    expect(await page.getByRole('tabpanel').getByRole('textbox', { name: 'Workflow name' }).isDisabled()).toBe(true);
    await screenshot(page, 'shell-04-read-only-editor');

    // The inspector shows a node's settings and lets nothing change.
    await ui.select('large');
    const inspector = page.getByRole('tabpanel');
    await inspector.getByRole('heading', { name: 'Condition' }).waitFor();
    const fields = inspector.locator('input, select, textarea, button:not(.tab)');
    expect(await fields.count()).toBeGreaterThan(0);
    for (const field of await fields.all()) expect(await field.isDisabled(), `${await field.getAttribute('aria-label')} ${await field.textContent()}`).toBe(true);

    // Keys and pointer change nothing: delete, cut, paste, undo, drag.
    await ui.select('queue');
    for (const key of ['Delete', 'Backspace', 'ControlOrMeta+X', 'ControlOrMeta+D', 'ControlOrMeta+V', 'ControlOrMeta+Z', 'Shift+L']) await page.keyboard.press(key);
    await ui.moveNode('queue', { x: 120, y: 80 });
    await ui.node('queue').waitFor();
    expect(await ui.edges.count()).toBe(before.draft.edges.length);
    // The JSON view shows the definition and takes no typing.
    await ui.openTab('JSON');
    await page.getByRole('tabpanel').getByText('Read-only: the workflow').waitFor();
    await page.getByRole('tabpanel').locator('.monaco-editor').first().waitFor({ timeout: 30_000 });
    await page.getByRole('tabpanel').locator('.view-lines').click();
    await page.keyboard.type('garbage');
    expect(await page.getByRole('tabpanel').locator('.view-lines').textContent()).not.toContain('garbage');
    await page.waitForTimeout(1500);

    // Nothing was sent that changes anything, nothing was refused, and the server's draft is as it was.
    expect(api.changes).toEqual([]);
    expect(api.refusals).toEqual([]);
    const after = await draftOf(await suite.server.signIn(DEMO.consultant), tenant, workflowId);
    expect(after.revision).toBe(before.revision);
    expect(after.draft).toEqual(before.draft);
  }, 180_000);

  it('moves between the partner and its customer with the workspace switcher, keeping the section', async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.consultant);
    const switcher = page.getByRole('combobox', { name: 'Workspace' });
    expect(await switcher.inputValue()).toBe(suite.server.tenants.partner);
    expect(await switcher.locator('option').allTextContents()).toEqual(['Northwind Integrations (partner)', 'Contoso Distribution']);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Workflows' }).waitFor();

    await switcher.selectOption({ label: 'Contoso Distribution' });
    await page.waitForURL(new RegExp(`/t/${suite.server.tenants.customer}/workflows$`));
    await page.getByRole('link', { name: 'Order exception routing' }).waitFor();
    expect(await switcher.inputValue()).toBe(suite.server.tenants.customer);
    await screenshot(page, 'shell-05-customer-workspace');

    await switcher.selectOption({ label: 'Northwind Integrations (partner)' });
    await page.waitForURL(new RegExp(`/t/${suite.server.tenants.partner}/workflows$`));
    await listLoaded(page);
    await eventually(() => page.getByRole('link', { name: 'Order exception routing' }).count()).toBe(0);
    expect(await switcher.inputValue()).toBe(suite.server.tenants.partner);
    expect(await documentLoads(page)).toBe(1);
  }, 60_000);

  it('goes from the editor back to the list and on without reloading, saving an edit on the way out', async () => {
    const workflowId = await demoWorkflowId();
    const tenant = suite.server.tenants.customer;
    const consultant = await suite.server.signIn(DEMO.consultant);
    const before = await draftOf(consultant, tenant, workflowId);
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.consultant);
    await page.goto(`${suite.server.url}/t/${tenant}/workflows`);
    // A marker on the window survives only client-side navigation.
    await page.evaluate(`window.__marker = 'still here'`);
    await page.getByRole('link', { name: 'Order exception routing' }).click();
    const ui = new EditorUi(page);
    await ui.node('queue').waitFor();

    // Move a node and leave at once: the edit is saved before the list shows.
    await ui.moveNode('queue', { x: 60, y: 40 });
    await page.getByRole('link', { name: 'All workflows' }).click();
    await page.waitForURL(new RegExp(`/t/${tenant}/workflows$`));
    await page.getByRole('link', { name: 'Order exception routing' }).waitFor();
    await eventually(async () => (await draftOf(consultant, tenant, workflowId)).revision).toBeGreaterThan(before.revision);

    // And back again through the list, then to the list through the section link.
    await page.getByRole('link', { name: 'Order exception routing' }).click();
    await ui.node('queue').waitFor();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Workflows' }).click();
    await page.waitForURL(new RegExp(`/t/${tenant}/workflows$`));
    expect(await page.evaluate<string | undefined>('window.__marker')).toBe('still here');
    expect(await documentLoads(page)).toBe(1);

    // Dates are written one way everywhere, with the exact time in the tooltip.
    const updated = page.getByRole('row', { name: /Order exception routing/ }).locator('time');
    expect(await updated.textContent()).toMatch(/^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$/);
    expect(await updated.getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  }, 120_000);

  it('asks before leaving an editor whose edits cannot be saved, and offers them again at the next opening', async () => {
    const tenant = suite.server.tenants.partner;
    const consultant = await suite.server.signIn(DEMO.consultant);
    const definition = {
      schemaVersion: 1,
      name: 'Leave guard (browser test)',
      params: [],
      settings: {},
      nodes: [
        { id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 120 }, config: {} },
        { id: 'alpha', type: 'data.transform', version: 1, name: 'Alpha', position: { x: 320, y: 120 }, config: { fields: { a: 1 } } },
      ],
      edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'alpha', targetPort: 'in' }],
    };
    const created = await consultant.request<{ id: string; revision: number }>('POST', `/api/v1/tenants/${tenant}/workflows`, { name: definition.name, definition });
    expect(created.status, created.text).toBe(201);
    const editorPath = `/t/${tenant}/workflows/${created.body.id}`;
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.consultant);
    await page.goto(`${suite.server.url}${editorPath}`);
    const ui = new EditorUi(page);
    await ui.node('alpha').waitFor();

    // Someone else saves meanwhile, so this editor's next save is refused.
    const saved = await consultant.request('PUT', `/api/v1/tenants/${tenant}/workflows/${created.body.id}`, { revision: created.body.revision, definition: { ...definition, name: 'Renamed elsewhere' } });
    expect(saved.status, saved.text).toBe(200);
    await ui.moveNode('alpha', { x: 80, y: 40 });
    const conflict = page.getByRole('dialog', { name: 'This workflow was changed by someone else' });
    await conflict.waitFor({ timeout: 15_000 });
    // Escape sets the conflict aside, as "Decide later" does.
    await page.keyboard.press('Escape');
    await eventually(() => conflict.count()).toBe(0);

    // Leaving asks; Escape stays.
    await page.getByRole('link', { name: 'All workflows' }).click();
    const leave = page.getByRole('dialog', { name: 'Your changes are not saved' });
    await leave.waitFor();
    await expectAccessible(page, 'leave dialog');
    await screenshot(page, 'shell-07-leave-dialog');
    await page.keyboard.press('Escape');
    await eventually(() => leave.count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe(editorPath);

    // Leaving anyway keeps the edits in this browser: opening the workflow again offers them.
    await page.getByRole('link', { name: 'All workflows' }).click();
    await leave.getByRole('button', { name: 'Leave', exact: true }).click();
    await page.waitForURL(new RegExp(`/t/${tenant}/workflows$`));
    await page.getByRole('link', { name: 'Renamed elsewhere' }).click();
    await conflict.waitFor({ timeout: 15_000 });
    expect(await conflict.textContent()).toContain('kept from your last visit');
    expect(await documentLoads(page)).toBe(1);
  }, 120_000);

  it('keeps a wrong address inside its workspace, and opens a shared link after sign-in', async () => {
    const workflowId = await demoWorkflowId();
    const tenant = suite.server.tenants.customer;
    const page = await suite.openPage();

    // A link to the editor opened signed out: sign in, and it opens where it points.
    await page.goto(`${suite.server.url}/t/${tenant}/workflows/${workflowId}`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByLabel('Email').fill(DEMO.consultant);
    await page.getByLabel('Password').fill('demo-password-for-tests');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(new RegExp(`/t/${tenant}/workflows/${workflowId}$`));
    await new EditorUi(page).node('large').waitFor();

    // A page that does not exist: said so inside the same workspace, with the way back.
    await page.goto(`${suite.server.url}/t/${tenant}/no-such-page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Workspace' }).inputValue()).toBe(tenant);
    await page.getByRole('banner').getByText('Northwind Flow').waitFor();
    await expectAccessible(page, 'not-found page');
    await screenshot(page, 'shell-06-not-found');
    await page.getByRole('main').getByRole('link', { name: 'Go to Workflows' }).click();
    await page.waitForURL(new RegExp(`/t/${tenant}/workflows$`));
    await page.getByRole('link', { name: 'Order exception routing' }).waitFor();

    // A workflow that does not exist, and a workspace that is not the user's.
    await page.goto(`${suite.server.url}/t/${tenant}/workflows/no-such-workflow`);
    await page.getByRole('heading', { name: 'Workflow not found' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Workspace' }).inputValue()).toBe(tenant);
    await page.goto(`${suite.server.url}/t/no-such-tenant/workflows`);
    await page.getByRole('heading', { name: 'Workspace not found' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Contoso Distribution' }).click();
    await page.waitForURL(new RegExp(`/t/${tenant}/workflows$`));
  }, 90_000);

  it('works by keyboard: skip link, user menu opened and closed with Escape, sign-out', async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.approver);
    // From the top of a freshly loaded page, the first Tab reaches the skip link.
    await page.reload();
    await listLoaded(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await skip.waitFor();
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    const menuButton = page.getByRole('button', { name: 'Alex Approver' });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    await page.getByText('Your role in Northwind Integrations: approver').waitFor();
    await expectAccessible(page, 'user menu open');
    await page.keyboard.press('Escape');
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Alex Approver');
    await page.keyboard.press('Enter');
    // What the designer kept in this browser (unsaved edits, sample inputs) leaves with the person.
    await page.evaluate("localStorage.setItem('flowgate.unsaved.t.w', '{}'); localStorage.setItem('other.app', 'kept')");
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    expect(await page.evaluate('Object.keys(localStorage).sort()')).toEqual(['other.app']);
  }, 60_000);

  it('tells the people of a suspended partner why they have no workspace, and lets them sign out', async () => {
    const { partner } = suite.server.tenants;
    await suite.server.app.platform.suspend(partner, 'Contract renewal');
    try {
      const page = await suite.openPage();
      await page.goto(`${suite.server.url}/sign-in`);
      await page.getByLabel('Email').fill(DEMO.customerOwner);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Your workspace is suspended' }).waitFor();
      await page.getByText('Contoso Distribution', { exact: true }).waitFor();
      await expectAccessible(page, 'suspended workspace');
      await screenshot(page, 'shell-suspended-workspace');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in$/);
    } finally {
      await suite.server.app.platform.resume(partner);
    }
  }, 60_000);
});
