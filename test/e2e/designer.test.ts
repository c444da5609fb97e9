import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/server-harness.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { EditorUi, draftOf, eventually, signIn } from './support/designer-ui.js';

/**
 * The designer in a real browser (Debian's headless Chromium driven by playwright-core) against the
 * real server on a real SQLite file, used as a person uses it: pointer drags and the keyboard.
 * Every page is watched (see `browserSuite`): no request may leave 127.0.0.1, the
 * Content-Security-Policy must report nothing, and no script error may go uncaught. Screenshots of
 * key states go to test-results/screenshots/.
 */
const suite = browserSuite('designer');
const openPage = () => suite.openPage();

describe('designer', () => {
  it('builds a workflow by drag and drop, checks it, edits it as JSON, saves it and test-runs it', async () => {
    const page = await openPage();
    const ui = new EditorUi(page);
    await signIn(page, suite.server.url, DEMO.consultant);

    // Create a workflow; the editor opens on its starter (a manual trigger), which we replace.
    await page.getByLabel('New workflow name').fill('Order routing (browser test)');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/workflows\/[^/]+$/);
    const workflowId = new URL(page.url()).pathname.split('/').pop() as string;
    await ui.node('start').waitFor();
    await ui.select('start');
    await page.keyboard.press('Delete');
    await eventually(() => ui.node('start').count()).toBe(0);

    // Drag a webhook trigger, a condition and two transforms from the palette.
    await ui.dragFromPalette('Webhook', await ui.at(0.13, 0.45));
    await ui.node('webhook').waitFor();
    await ui.dragFromPalette('Condition', await ui.at(0.43, 0.45));
    await ui.node('condition').waitFor();
    // A condition without a rule is invalid: its node shows a problem badge.
    const conditionProblems = ui.node('condition').getByRole('button', { name: /problem/ });
    await conditionProblems.waitFor();
    await ui.dragFromPalette('Transform', await ui.at(0.76, 0.2));
    await ui.node('transform').waitFor();
    await ui.dragFromPalette('Transform', await ui.at(0.76, 0.62));
    await ui.node('transform_2').waitFor();

    // Connect them by dragging from output handles to input handles.
    await ui.connect('webhook', 'out', 'condition', 'in');
    await ui.connect('condition', 'true', 'transform', 'in');
    await ui.connect('condition', 'false', 'transform_2', 'in');
    await eventually(() => ui.edges.count()).toBe(3);
    await screenshot(page, 'designer-01-built');

    // The problems panel lists the condition's missing rule.
    await ui.openTab('Problems');
    const problemsPanel = page.getByRole('tabpanel');
    await eventually(() => problemsPanel.getByText(/Condition/).count()).toBeGreaterThan(0);
    await screenshot(page, 'designer-02-validation-error');

    // Configure the webhook's path and the condition with the builder: the condition's problem goes away.
    await ui.select('webhook');
    await ui.openTab('Inspector');
    await page.getByRole('tabpanel').getByLabel('Path', { exact: true }).fill('orders/routed');
    await page.keyboard.press('Tab');
    await ui.select('condition');
    const inspector = page.getByRole('tabpanel');
    const builder = inspector.getByRole('group', { name: 'Conditions' });
    await builder.getByRole('button', { name: /^(add )?condition$/i }).click();
    await builder.getByLabel('Data path', { exact: true }).fill('input.total');
    await builder.getByLabel('Operator', { exact: true }).selectOption('>');
    await builder.getByLabel('Value type', { exact: true }).selectOption('number');
    await builder.getByLabel('Value', { exact: true }).fill('500');
    await page.keyboard.press('Tab');
    await eventually(() => conditionProblems.count()).toBe(0);
    await screenshot(page, 'designer-03-condition-configured');

    // Undo and redo, from the keyboard: delete a node, undo brings it back with its connection, redo removes it again.
    await ui.select('transform_2');
    await page.keyboard.press('Delete');
    await eventually(() => ui.node('transform_2').count()).toBe(0);
    await eventually(() => ui.edges.count()).toBe(2);
    await page.keyboard.press('ControlOrMeta+Z');
    await ui.node('transform_2').waitFor();
    await eventually(() => ui.edges.count()).toBe(3);
    await page.keyboard.press('ControlOrMeta+Shift+Z');
    await eventually(() => ui.node('transform_2').count()).toBe(0);
    await page.keyboard.press('ControlOrMeta+Z');
    await ui.node('transform_2').waitFor();
    await eventually(() => ui.edges.count()).toBe(3);
    // The condition's configuration survived the round trip.
    await eventually(() => conditionProblems.count()).toBe(0);

    // Copy and paste a node: the copy gets a fresh id; then remove it again.
    await ui.select('transform');
    await page.keyboard.press('ControlOrMeta+C');
    const pasteAt = await ui.at(0.45, 0.85);
    await page.mouse.move(pasteAt.x, pasteAt.y);
    await page.keyboard.press('ControlOrMeta+V');
    await ui.node('transform_3').waitFor();
    await screenshot(page, 'designer-04-pasted');
    await page.keyboard.press('Delete');
    await eventually(() => ui.node('transform_3').count()).toBe(0);

    // A test run of a draft that does not validate is refused, with its problems listed: the
    // transforms have no fields yet. Running saves the draft first.
    await ui.openTab('Test run');
    const testPanel = page.getByRole('region', { name: 'Test run' });
    await testPanel.getByRole('button', { name: 'Run test' }).click();
    const refusal = testPanel.getByRole('list', { name: 'Problems that stop the test run' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/fields/);
    await screenshot(page, 'designer-05-run-refused');
    expect(await ui.saveStatus()).toBe('saved');

    // Autosave caught up; the server has the four nodes and three edges.
    const consultant = await suite.server.signIn(DEMO.consultant);
    await eventually(() => ui.saveStatus()).toBe('saved');
    const saved = await draftOf(consultant, suite.server.tenants.partner, workflowId);
    expect(saved.draft.nodes.map((node) => node.id).sort()).toEqual(['condition', 'transform', 'transform_2', 'webhook']);
    expect(saved.draft.edges).toHaveLength(3);
    expect(JSON.stringify(saved.draft.nodes.find((node) => node.id === 'condition')?.config.rule)).toContain('{">":[{"var":"input.total"},500]}');

    // Edit the JSON view: name the transforms and give them fields; the canvas follows.
    await ui.openTab('JSON');
    const edited = {
      ...saved.draft,
      nodes: saved.draft.nodes.map((node) =>
        node.id === 'transform'
          ? { ...node, name: 'Large order', config: { fields: { route: 'review', total: { var: 'input.total' } } } }
          : node.id === 'transform_2'
            ? { ...node, name: 'Small order', config: { fields: { route: 'auto', total: { var: 'input.total' } } } }
            : node,
      ),
    };
    await ui.replaceMonacoText(page.getByRole('tabpanel'), JSON.stringify(edited, null, 2));
    await eventually(() => ui.node('transform').textContent()).toContain('Large order');
    await eventually(() => ui.node('transform_2').textContent()).toContain('Small order');
    await screenshot(page, 'designer-06-json-edited');

    // Save: the server has the JSON view's edit, and the draft is valid.
    await eventually(() => ui.saveStatus()).toBe('saved');
    await eventually(async () => (await draftOf(consultant, suite.server.tenants.partner, workflowId)).draft.nodes.find((node) => node.id === 'transform')?.name).toBe('Large order');
    expect((await draftOf(consultant, suite.server.tenants.partner, workflowId)).problems).toEqual([]);

    // Test-run with a sample input: the large-order branch succeeds, the other is skipped.
    await ui.openTab('Test run');
    await ui.replaceMonacoText(testPanel.getByTestId('sample-input'), '{ "id": "SO-1001", "total": 900 }');
    await testPanel.getByRole('button', { name: 'Run test' }).click();
    const result = testPanel.getByTestId('test-run-result');
    await eventually(() => result.locator('.run-heading [data-status]').getAttribute('data-status')).toBe('succeeded');
    const steps = testPanel.getByRole('list', { name: 'Steps' });
    await eventually(() => steps.locator('[data-node-id="transform"]').getAttribute('data-status')).toBe('succeeded');
    expect(await steps.locator('[data-node-id="transform_2"]').getAttribute('data-status')).toBe('skipped');
    expect(await steps.locator('[data-node-id="condition"]').getAttribute('data-status')).toBe('succeeded');
    // The canvas shows each node's status from the run.
    await ui.node('transform').getByRole('img', { name: 'Last test run: succeeded' }).waitFor();
    await ui.node('transform_2').getByRole('img', { name: 'Last test run: skipped' }).waitFor();
    await ui.node('condition').getByRole('img', { name: 'Last test run: succeeded' }).waitFor();

    // Selecting a node shows its input, output and attempts in this run.
    await ui.select('transform');
    const details = testPanel.getByTestId('node-run-details');
    await eventually(() => details.getByRole('heading').first().textContent()).toBe('Large order');
    expect(await details.getByTestId('step-attempts').textContent()).toBe('1');
    expect(await details.getByLabel('Output', { exact: true }).textContent()).toContain('"route": "review"');
    expect(await details.getByLabel('Input', { exact: true }).textContent()).toContain('"total": 900');
    await screenshot(page, 'designer-07-test-run');

    // The sample input is remembered for this workflow.
    await page.reload();
    await ui.openTab('Test run');
    await eventually(() => page.getByRole('region', { name: 'Test run' }).getByTestId('sample-input').locator('.view-lines').textContent(), 30_000).toContain('SO-1001');
  }, 240_000);

  it('shows a save conflict between two sessions, and both ways out of it work', async () => {
    const consultant = await suite.server.signIn(DEMO.consultant);
    const tenant = suite.server.tenants.partner;
    const created = await consultant.request<{ id: string; revision: number }>('POST', `/api/v1/tenants/${tenant}/workflows`, {
      name: 'Conflict (browser test)',
      definition: {
        schemaVersion: 1,
        name: 'Conflict (browser test)',
        params: [],
        settings: {},
        nodes: [
          { id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 120 }, config: {} },
          { id: 'alpha', type: 'data.transform', version: 1, name: 'Alpha', position: { x: 320, y: 0 }, config: { fields: { a: 1 } } },
          { id: 'beta', type: 'data.transform', version: 1, name: 'Beta', position: { x: 320, y: 260 }, config: { fields: { b: 2 } } },
        ],
        edges: [
          { id: 'e1', source: 'start', sourcePort: 'out', target: 'alpha', targetPort: 'in' },
          { id: 'e2', source: 'start', sourcePort: 'out', target: 'beta', targetPort: 'in' },
        ],
      },
    });
    expect(created.status).toBe(201);
    const workflowId = created.body.id;
    const editorPath = `/t/${tenant}/workflows/${workflowId}`;

    // Two people open the same workflow: the consultant and the partner's owner.
    const first = await openPage();
    const second = await openPage();
    await signIn(first, suite.server.url, DEMO.consultant);
    await signIn(second, suite.server.url, DEMO.partnerOwner);
    const a = new EditorUi(first);
    const b = new EditorUi(second);
    await first.goto(`${suite.server.url}${editorPath}`);
    await second.goto(`${suite.server.url}${editorPath}`);
    await a.node('alpha').waitFor();
    await b.node('beta').waitFor();

    // The consultant moves Alpha and it saves.
    await a.moveNode('alpha', { x: 80, y: 40 });
    await eventually(async () => (await draftOf(consultant, tenant, workflowId)).revision).toBeGreaterThan(1);
    await eventually(() => a.saveStatus()).toBe('saved');
    const theirs = await draftOf(consultant, tenant, workflowId);
    expect(theirs.draft.nodes.find((node) => node.id === 'alpha')?.position).not.toEqual({ x: 320, y: 0 });

    // The owner, still on revision 1, moves Beta: the save is refused and the conflict dialog explains.
    await b.moveNode('beta', { x: 100, y: 30 });
    const dialog = second.getByRole('dialog');
    await dialog.waitFor({ timeout: 15_000 });
    expect(await b.saveStatus()).toBe('conflict');
    // The dialog opens at once and names who saved once their version has loaded.
    await eventually(() => dialog.textContent()).toContain('Chris Consultant');
    expect(await dialog.textContent()).toContain(`revision ${theirs.revision}`);
    await eventually(() => dialog.getByRole('list', { name: 'Their changes' }).textContent()).toMatch(/Alpha.*position/);
    expect(await dialog.getByRole('list', { name: 'Your changes' }).textContent()).toMatch(/Beta.*position/);
    await screenshot(second, 'designer-08-conflict-dialog');

    // "Overwrite with mine": the owner's version is saved over the consultant's.
    await dialog.getByRole('button', { name: 'Overwrite with mine' }).click();
    await eventually(() => dialog.count()).toBe(0);
    await eventually(() => b.saveStatus()).toBe('saved');
    const overwritten = await draftOf(consultant, tenant, workflowId);
    expect(overwritten.revision).toBe(theirs.revision + 1);
    const betaMoved = overwritten.draft.nodes.find((node) => node.id === 'beta')?.position;
    expect(betaMoved).not.toEqual({ x: 320, y: 260 });
    expect(overwritten.draft.nodes.find((node) => node.id === 'alpha')?.position).toEqual({ x: 320, y: 0 });

    // Now the consultant, still on their own revision, edits again and meets the owner's save.
    await a.moveNode('alpha', { x: 0, y: 80 });
    const firstDialog = first.getByRole('dialog');
    await firstDialog.waitFor({ timeout: 15_000 });
    // The dialog opens at once and names who saved once their version has loaded.
    await eventually(() => firstDialog.textContent()).toContain('Noor Admin');
    // "Reload theirs" asks first, since the consultant's changes are discarded.
    await firstDialog.getByRole('button', { name: 'Reload theirs' }).click();
    await firstDialog.getByRole('button', { name: 'Discard my changes and reload' }).click();
    await eventually(() => firstDialog.count()).toBe(0);
    expect(await a.saveStatus()).toBe('saved');
    // Reloading saved nothing: the server is still at the owner's revision.
    await first.waitForTimeout(1500);
    expect((await draftOf(consultant, tenant, workflowId)).revision).toBe(overwritten.revision);

    // The consultant goes on from the owner's version: the next edit saves without a conflict.
    await a.moveNode('beta', { x: 0, y: 60 });
    await eventually(async () => (await draftOf(consultant, tenant, workflowId)).revision).toBeGreaterThan(overwritten.revision);
    await eventually(() => a.saveStatus()).toBe('saved');
    const final = await draftOf(consultant, tenant, workflowId);
    expect(final.draft.nodes.find((node) => node.id === 'alpha')?.position).toEqual({ x: 320, y: 0 });
    expect(final.draft.nodes.find((node) => node.id === 'beta')?.position.y).toBeGreaterThan(betaMoved?.y ?? 0);
    expect(await first.getByRole('dialog').count()).toBe(0);
  }, 180_000);

  it("shows the partner's brand, never Flowgate's, to the partner's and the customer's users", async () => {
    const checkBrand = async (page: Page, where: string) => {
      await page.getByRole('banner').getByText('Northwind Flow').waitFor();
      await eventually(() => page.title()).toBe('Northwind Flow');
      // Source text: the project's Node type-check has no DOM types.
      const colours = await page.evaluate<{ topbar: string; primary: string; accent: string; icon: string; text: string; labels: string }>(`({
        topbar: getComputedStyle(document.querySelector('.topbar')).backgroundColor,
        primary: getComputedStyle(document.documentElement).getPropertyValue('--brand-primary').trim(),
        accent: getComputedStyle(document.documentElement).getPropertyValue('--brand-accent').trim(),
        icon: document.querySelector('link[rel="icon"]')?.href ?? '',
        text: document.body.innerText,
        labels: [...document.querySelectorAll('[aria-label], [title], [alt]')]
          .map((element) => ['aria-label', 'title', 'alt'].map((name) => element.getAttribute(name) ?? '').join(' '))
          .join(' '),
      })`);
      expect(colours.topbar, where).toBe('rgb(15, 118, 110)');
      expect(colours.primary, where).toBe('#0f766e');
      expect(colours.accent, where).toBe('#f59e0b');
      // The logo is served from its own address on this server (docs/administration.md).
      expect(colours.icon, where).toMatch(new RegExp(`^${suite.server.url}/brand-logos/${suite.server.tenants.partner}/[0-9a-f]{64}$`));
      expect(colours.text, where).not.toMatch(/flowgate/i);
      expect(colours.labels, where).not.toMatch(/flowgate/i);
      expect(await page.title(), where).not.toMatch(/flowgate/i);
    };

    // The partner's consultant: the partner workspace, then a customer workspace and its workflow in the editor.
    const partnerPage = await openPage();
    await signIn(partnerPage, suite.server.url, DEMO.consultant);
    await checkBrand(partnerPage, 'partner workspace, workflow list');
    await screenshot(partnerPage, 'designer-09-brand-partner');
    await partnerPage.getByLabel('Workspace').selectOption({ label: 'Contoso Distribution' });
    await partnerPage.waitForURL(new RegExp(`/t/${suite.server.tenants.customer}/workflows$`));
    await checkBrand(partnerPage, 'customer workspace seen by the partner');
    await partnerPage.getByRole('link', { name: 'Order exception routing' }).click();
    await new EditorUi(partnerPage).canvas.waitFor();
    await checkBrand(partnerPage, 'editor');
    await screenshot(partnerPage, 'designer-10-brand-editor');

    // The customer's own users see the partner's brand too.
    for (const email of [DEMO.customerOwner, DEMO.operator]) {
      const page = await openPage();
      await signIn(page, suite.server.url, email);
      await checkBrand(page, email);
    }
  }, 120_000);

  it("points from an empty workspace to the user's other workspaces", async () => {
    const owner = await suite.server.signIn(DEMO.partnerOwner);
    const created = await owner.request<{ id: string }>('POST', `/api/v1/tenants/${suite.server.tenants.partner}/customers`, { name: 'Fabrikam Retail', slug: 'fabrikam-retail' });
    expect(created.status, created.text).toBe(201);
    const page = await openPage();
    await signIn(page, suite.server.url, DEMO.consultant);
    await page.goto(`${suite.server.url}/t/${created.body.id}/workflows`);
    const empty = page.getByText('No workflows yet');
    await empty.waitFor();
    await page.getByLabel('Search workflows').fill('nothing is called this');
    await page.getByText('No workflow matches the search.').waitFor();
    await page.getByLabel('Search workflows').fill('');
    await empty.waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Contoso Distribution' }).click();
    await page.waitForURL(new RegExp(`/t/${suite.server.tenants.customer}/workflows$`));
    await page.getByRole('link', { name: 'Order exception routing' }).waitFor();
  }, 60_000);
});
