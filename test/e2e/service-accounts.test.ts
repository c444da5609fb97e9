import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { eventually, signIn } from './support/designer-ui.js';

/**
 * Service accounts in headless Chromium against the real server: a customer's owner creates one
 * that may start runs of one workflow, copies its token (shown once), the token starts a run over
 * HTTP, the owner widens its permissions, revokes the token and the same call is refused. axe-core on every screen; screenshots in
 * test-results/screenshots/service-accounts-*.png.
 */

/** A screenshot of the whole page (the shell scrolls its content inside the window). */
async function screenshotWhole(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1600, height: 1000 };
  const height = await page.evaluate<number>(`(() => { const content = document.querySelector('.content'); return content ? content.scrollHeight + content.getBoundingClientRect().top : document.body.scrollHeight; })()`);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.ceil(height)) });
  await screenshot(page, name);
  await page.setViewportSize(size);
}

describe('service accounts', () => {
  const suite = browserSuite('service-accounts');

  it('an owner creates one for a workflow, copies its token, which starts a run until revoked', async () => {
    const { server } = suite;
    const customer = server.tenants.customer;
    const owner = await server.signIn(DEMO.customerOwner);
    const workflows = (await owner.request<{ id: string; name: string }[]>('GET', `/api/v1/tenants/${customer}/workflows`)).body;
    const order = workflows.find((workflow) => workflow.name === 'Order exception routing');
    expect(order).toBeDefined();

    const page = await suite.openPage();
    await signIn(page, server.url, DEMO.customerOwner);
    await page.goto(`${server.url}/t/${customer}/settings/service-accounts`);
    await page.getByRole('heading', { name: 'Service accounts', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No service accounts yet' }).waitFor();
    await expectAccessible(page, 'service accounts page, empty');
    await screenshot(page, 'service-accounts-01-empty');

    // The create dialog, by keyboard where a person would use it.
    await page.getByRole('button', { name: 'New service account' }).click();
    const dialog = page.getByRole('dialog', { name: 'New service account' });
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill('ERP order sync');
    await dialog.getByLabel('Description').fill('Starts order runs from the ERP');
    await dialog.getByRole('checkbox', { name: 'Start runs' }).check();
    await dialog.getByRole('checkbox', { name: 'See runs and their data' }).check();
    await dialog.getByRole('radio', { name: 'Only these:' }).check();
    await dialog.getByRole('checkbox', { name: 'Order exception routing' }).check();
    await dialog.getByLabel('Token expires after').selectOption({ label: '30 days' });
    await expectAccessible(page, 'new service account dialog');
    await screenshot(page, 'service-accounts-02-create');
    await dialog.getByRole('button', { name: 'Create and show token' }).click();

    // The token, shown once, with a warning and a Copy button.
    const issued = page.getByRole('group', { name: 'New token of ERP order sync' });
    await issued.waitFor();
    await issued.getByText('it is shown only this once').waitFor();
    await issued.getByRole('button', { name: 'Copy token' }).click();
    await issued.getByRole('status').getByText('Copied').waitFor();
    const token = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(token).toMatch(/^fgsa_/);
    expect(await issued.getByTestId('service-account-token').innerText()).toBe(token);
    const row = page.getByRole('row', { name: /ERP order sync/ });
    await row.waitFor();
    await row.getByText('never used').first().waitFor();
    await expectAccessible(page, 'service accounts page with a new token');
    await screenshotWhole(page, 'service-accounts-03-token');

    // The integration uses the token over HTTP.
    const start = () =>
      server.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${order?.id}/runs`, { input: { orderId: 'ERP-1', total: 10 } }, { authorization: `Bearer ${token}` });
    const started = await start();
    expect(started.status, started.text).toBe(201);

    // Once the token is gone from the page, the list shows when it was used.
    await issued.getByRole('button', { name: 'I have copied it' }).click();
    await issued.waitFor({ state: 'detached' });
    await page.reload();
    await row.getByText(/last used/).first().waitFor();
    expect(await page.content()).not.toContain(token);
    await expectAccessible(page, 'service accounts list');
    await screenshotWhole(page, 'service-accounts-04-list');

    // Its permissions change in place; the token carries them from its next request.
    await row.getByRole('button', { name: 'Change ERP order sync' }).click();
    const change = page.getByRole('dialog', { name: 'Change ERP order sync' });
    expect(await change.getByRole('checkbox', { name: 'Start runs' }).isChecked()).toBe(true);
    expect(await change.getByRole('checkbox', { name: 'Order exception routing' }).isChecked()).toBe(true);
    await change.getByRole('checkbox', { name: 'Cancel and retry runs, send events to waiting runs' }).check();
    await expectAccessible(page, 'change service account dialog');
    await change.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText('ERP order sync was saved.').waitFor();
    await row.getByText('Cancel and retry runs, send events to waiting runs').waitFor();

    // Revoke, with a confirmation; the same call is refused from then on.
    page.once('dialog', (confirm) => void confirm.accept());
    await row.getByRole('button', { name: /^Revoke token …/ }).click();
    await page.getByRole('status').getByText(/was revoked/).waitFor();
    await eventually(async () => (await start()).status).toBe(401);
    await row.getByText('no tokens').waitFor();
    await screenshotWhole(page, 'service-accounts-05-revoked');
  }, 180_000);

  it('is not offered to people who are not owners', async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.operator);
    await page.goto(`${suite.server.url}/t/${suite.server.tenants.customer}/settings/service-accounts`);
    await page.getByText(/manage service accounts/).first().waitFor();
    await expectAccessible(page, 'service accounts refused');
  }, 120_000);
});
