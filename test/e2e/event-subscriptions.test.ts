import type { ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { SIGNATURE_SCHEMES } from '../../server/triggers/signature-schemes.js';
import { createWorkflow, startLocalHttpServer, type LocalHttpServer, type ReceivedRequest } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { signIn } from './support/designer-ui.js';

/**
 * Event subscriptions in headless Chromium against the real server and a loopback receiver: a
 * customer's owner subscribes an endpoint, copies the secret (shown once), sends a test event that
 * arrives signed, sees a failed attempt of a real event, re-sends it, disables and deletes the
 * subscription; a designer sees it read-only. axe-core on every screen; screenshots in
 * test-results/screenshots/event-subscriptions-*.png.
 */

/** A screenshot of the whole page (the shell scrolls its content inside the window). */
async function screenshotWhole(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1600, height: 1000 };
  const height = await page.evaluate<number>(`(() => { const content = document.querySelector('.content'); return content ? content.scrollHeight + content.getBoundingClientRect().top : document.body.scrollHeight; })()`);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.ceil(height)) });
  await screenshot(page, name);
  await page.setViewportSize(size);
}

describe('event subscriptions', () => {
  let receiver: LocalHttpServer;
  const answers: number[] = [];
  beforeAll(async () => {
    receiver = await startLocalHttpServer((_request: ReceivedRequest, response: ServerResponse) => {
      response.writeHead(answers.shift() ?? 200, { 'content-type': 'text/plain' });
      response.end('ok');
    });
  });
  afterAll(() => receiver.close());
  // The receiver starts first (the hook above runs before the suite's), so the allow-list is read as the server starts.
  const suite = browserSuite('event-subscriptions', {
    config: { subscriptionsAllowHttp: true },
    get egressAllow() {
      return [new URL(receiver.url).host];
    },
  });

  /** Hands recorded events to the subscriptions and attempts what is due, as the server's timers would. */
  const deliver = async () => {
    await suite.server.app.eventDispatcher.pump();
    await suite.server.app.deliverer.deliverDue();
  };

  it('an owner subscribes an endpoint, copies the secret, sends a test event, re-sends a failed one and deletes it', async () => {
    const { server } = suite;
    const customer = server.tenants.customer;
    const endpoint = `${receiver.url}/flowgate-events`;
    const page = await suite.openPage();
    await signIn(page, server.url, DEMO.customerOwner);
    await page.goto(`${server.url}/t/${customer}/settings/event-subscriptions`);
    await page.getByRole('heading', { name: 'Event subscriptions', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No event subscriptions yet' }).waitFor();
    await expectAccessible(page, 'event subscriptions page, empty');
    await screenshot(page, 'event-subscriptions-01-empty');

    await page.getByRole('button', { name: 'New subscription' }).click();
    const dialog = page.getByRole('dialog', { name: 'New event subscription' });
    await dialog.waitFor();
    await dialog.getByLabel('Endpoint URL').fill(endpoint);
    await dialog.getByLabel('Description').fill('Alerts to the ERP team');
    await dialog.getByRole('checkbox', { name: /^version\.submitted/ }).check();
    await expectAccessible(page, 'new event subscription dialog');
    await screenshot(page, 'event-subscriptions-02-create');
    await dialog.getByRole('button', { name: 'Create and show secret' }).click();

    const issued = page.getByRole('group', { name: `Signing secret for ${endpoint}` });
    await issued.waitFor();
    await issued.getByText('it is shown only this once').waitFor();
    await issued.getByRole('button', { name: 'Copy secret' }).click();
    await issued.getByRole('status').getByText('Copied').waitFor();
    const secret = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(secret).toMatch(/^whsec_/);
    const row = page.getByRole('row', { name: /Alerts to the ERP team/ });
    await row.getByText('run.failed, version.submitted').waitFor();
    await expectAccessible(page, 'event subscriptions with a new secret');
    await screenshotWhole(page, 'event-subscriptions-03-secret');
    await issued.getByRole('button', { name: 'I have copied it' }).click();
    await issued.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);

    // A test event: it arrives signed with the secret, and the deliveries list shows the attempt.
    await row.getByRole('button', { name: `Send test event to ${endpoint}` }).click();
    await page.getByRole('status').getByText(`A test event is on its way to ${endpoint}.`).waitFor();
    await deliver();
    const ping = receiver.requests.at(-1) as ReceivedRequest;
    expect(JSON.parse(ping.body)).toMatchObject({ type: 'ping', tenantId: customer });
    const header = (name: string) => ping.headers[name] as string | undefined;
    expect(SIGNATURE_SCHEMES.hmac.verify(secret, header, Buffer.from(ping.body), Date.now()).ok).toBe(true);
    const deliveries = page.getByRole('region', { name: `Deliveries to ${endpoint}` });
    await deliveries.getByRole('button', { name: 'Refresh' }).click();
    await deliveries.getByText(/answered 200 in \d+ ms/).waitFor();

    // A real event the endpoint refuses: the failed attempt, its reason and the next try; then a re-send.
    answers.push(500);
    const designer = await server.signIn(DEMO.consultant);
    const created = await createWorkflow(designer, customer, 'Subscribed workflow', workflow([{ id: 'start', type: 'trigger.manual' }], [], { name: 'Subscribed workflow' }));
    expect((await designer.request('POST', `/api/v1/tenants/${customer}/workflows/${created.id}/versions`, { note: 'v1' })).status).toBe(201);
    await deliver();
    await deliveries.getByRole('button', { name: 'Refresh' }).click();
    const failed = deliveries.getByRole('row', { name: /version\.submitted/ });
    await failed.getByText('the endpoint answered 500: ok').waitFor();
    await failed.getByText(/next try/).waitFor();
    await expectAccessible(page, 'deliveries with a failed attempt');
    await screenshotWhole(page, 'event-subscriptions-04-deliveries');
    await failed.getByRole('button', { name: /^Resend version\.submitted/ }).click();
    await page.getByRole('status').getByText('version.submitted is sent again as a new delivery.').waitFor();
    await deliver();
    await deliveries.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => deliveries.getByRole('row', { name: /version\.submitted.*delivered/ }).count()).toBe(1);
    await deliveries.getByLabel('Show', { exact: true }).selectOption('delivered');
    await expect.poll(() => deliveries.getByRole('row', { name: /ping|version\.submitted/ }).count()).toBe(2);
    await screenshotWhole(page, 'event-subscriptions-05-resent');

    // Disabled, then deleted (with a confirmation).
    await row.getByRole('button', { name: `Change the subscription to ${endpoint}` }).click();
    const change = page.getByRole('dialog', { name: 'Change subscription' });
    await change.getByRole('checkbox', { name: /^Enabled/ }).uncheck();
    await change.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText(`The subscription to ${endpoint} was saved.`).waitFor();
    await row.getByText('disabled').waitFor();
    page.once('dialog', (confirm) => void confirm.accept());
    await row.getByRole('button', { name: `Delete the subscription to ${endpoint}` }).click();
    await page.getByRole('heading', { name: 'No event subscriptions yet' }).waitFor();
  }, 180_000);

  it('a designer sees subscriptions and deliveries, and changes nothing', async () => {
    const { server } = suite;
    const owner = await server.signIn(DEMO.customerOwner);
    const endpoint = `${receiver.url}/designer-view`;
    expect((await owner.request('POST', `/api/v1/tenants/${server.tenants.customer}/event-subscriptions`, { url: endpoint, events: ['run.failed'], description: 'Seen by designers' })).status).toBe(201);
    const page = await suite.openPage();
    await signIn(page, server.url, DEMO.consultant);
    await page.goto(`${server.url}/t/${server.tenants.customer}/settings/event-subscriptions`);
    const row = page.getByRole('row', { name: /Seen by designers/ });
    await row.waitFor();
    expect(await page.getByRole('button', { name: 'New subscription' }).count()).toBe(0);
    expect(await row.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    await row.getByRole('button', { name: `Deliveries to ${endpoint}` }).click();
    await page.getByRole('heading', { name: 'No deliveries yet' }).waitFor();
    await expectAccessible(page, 'event subscriptions, read-only');
    await screenshot(page, 'event-subscriptions-06-designer');
  }, 120_000);
});
