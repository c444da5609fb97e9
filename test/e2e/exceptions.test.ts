import { describe, expect, it } from 'vitest';
import { expectOk } from '../support/api-helpers.js';
import { DEMO } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { signIn } from './support/designer-ui.js';

/**
 * The remediation queue in a real browser against the real server: a customer's operator finds
 * the exceptions that need work, assigns one to themselves, starts it, corrects its category,
 * resolves it with a note; the partner's consultant sees the customer's exceptions from the
 * partner's workspace.
 */
const suite = browserSuite('exceptions');

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
});
