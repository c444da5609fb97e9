import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPassword, nextMailTo } from '../support/accounts.js';
import { linkIn } from '../support/mail-sink.js';
import { DEMO, DEMO_PASSWORD } from '../support/server-harness.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';

/**
 * The account pages in a real browser against the real server, with the links read from the mail
 * the server sent to a real SMTP server on 127.0.0.1: accepting an invitation (new and existing
 * account), forgetting and resetting a password, changing it, deciding through a decision link.
 * Screenshots go to test-results/screenshots/accounts-*.png.
 */

const suite = browserSuite('accounts');
const openPage = () => suite.openPage();

/** The page's visible text must never name Flowgate: a customer sees their partner's brand only. */
async function expectPartnerBrand(page: Page): Promise<void> {
  await page.getByText('Northwind Flow').first().waitFor();
  expect(await page.evaluate<string>('document.body.innerText')).not.toMatch(/flowgate/i);
  expect(await page.title()).toBe('Northwind Flow');
}

describe('account pages', () => {
  it('accepts an invitation with a new account: name and password, then straight into the workspace', async () => {
    const owner = await suite.server.signIn(DEMO.customerOwner);
    const since = suite.server.mail.messages.length;
    expect((await owner.request('POST', `/api/v1/tenants/${suite.server.tenants.customer}/members`, { email: 'browser.invitee@contoso.example', roles: ['designer'] })).status).toBe(201);
    const link = linkIn(await nextMailTo(suite.server, 'browser.invitee@contoso.example', since, /invited/), '/accept-invite');

    const page = await openPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Join Contoso Distribution' }).waitFor();
    await page.getByText('Olivia Owner invites browser.invitee@contoso.example to Contoso Distribution as designer.').waitFor();
    // The token leaves the address bar once read.
    expect(new URL(page.url()).search).toBe('');
    await expectPartnerBrand(page);
    await screenshot(page, 'accounts-01-invitation');

    const password = newPassword();
    await page.getByLabel('Your name').fill('Browser Invitee');
    await page.getByLabel('Choose a password').fill(password);
    await page.getByLabel('Repeat the password').fill(`${password}x`);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await page.getByRole('alert').getByText('The two passwords differ').waitFor();
    await page.getByLabel('Repeat the password').fill(password);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await page.waitForURL(new RegExp(`/t/${suite.server.tenants.customer}/workflows$`));
    await page.getByRole('banner').getByRole('button', { name: 'Browser Invitee' }).click();
    await page.getByRole('banner').getByText(/Your role in .*: designer$/).waitFor();
    await screenshot(page, 'accounts-02-joined');
    expect((await suite.server.signIn('browser.invitee@contoso.example', password)).userId).toBeTruthy();

    // The link worked once.
    await page.goto(link);
    await page.getByRole('alert').getByText('This invitation was already accepted').waitFor();
  }, 120_000);

  it('accepts an invitation for an existing account by signing in as it', async () => {
    const owner = await suite.server.signIn(DEMO.customerOwner);
    const since = suite.server.mail.messages.length;
    expect((await owner.request('POST', `/api/v1/tenants/${suite.server.tenants.customer}/members`, { email: DEMO.approver, roles: ['viewer'] })).status).toBe(201);
    const link = linkIn(await nextMailTo(suite.server, DEMO.approver, since, /invited/), '/accept-invite');
    const page = await openPage();
    await page.goto(link);
    await page.getByText('You already have an account. Sign in to accept.').waitFor();
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in and accept' }).click();
    await page.waitForURL(new RegExp(`/t/${suite.server.tenants.customer}/workflows$`));
    // A viewer membership adds to the approver role the partner gives; it takes nothing away.
    await page.getByRole('banner').getByRole('button', { name: 'Alex Approver' }).click();
    await page.getByRole('banner').getByText(/Your role in .*: approver and viewer$/).waitFor();
  }, 120_000);

  it('resets a forgotten password through the mailed link, by keyboard', async () => {
    const owner = await suite.server.signIn(DEMO.customerOwner);
    const since = suite.server.mail.messages.length;
    expect((await owner.request('POST', `/api/v1/tenants/${suite.server.tenants.customer}/members`, { email: 'forgetful.browser@contoso.example', roles: ['viewer'] })).status).toBe(201);
    const invitation = linkIn(await nextMailTo(suite.server, 'forgetful.browser@contoso.example', since, /invited/), '/accept-invite');
    const accepted = await suite.server.request('POST', `/api/v1/invitations/${new URL(invitation).searchParams.get('token') ?? ''}/accept`, { name: 'Forgetful Browser', password: newPassword() });
    expect(accepted.status, accepted.text).toBe(200);

    const page = await openPage();
    await page.goto(`${suite.server.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByLabel('Email').focus();
    const resetSince = suite.server.mail.messages.length;
    await page.keyboard.type('forgetful.browser@contoso.example');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('If there is an account for forgetful.browser@contoso.example').waitFor();
    await screenshot(page, 'accounts-03-reset-requested');

    const link = linkIn(await nextMailTo(suite.server, 'forgetful.browser@contoso.example', resetSince, /Reset your/), '/reset-password');
    await page.goto(link);
    await page.getByText('For forgetful.browser@contoso.example.').waitFor();
    const password = newPassword();
    await page.getByLabel('New password', { exact: true }).focus();
    await page.keyboard.type('too-short');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('too-short');
    await page.keyboard.press('Enter');
    // The browser's own check (minlength) or the server's policy refuses it; nothing is set.
    expect(await page.getByRole('heading', { name: 'Password changed' }).count()).toBe(0);
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Repeat the password').fill(password);
    await screenshot(page, 'accounts-04-reset-form');
    await page.getByLabel('Repeat the password').press('Enter');
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await screenshot(page, 'accounts-05-reset-done');

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill('forgetful.browser@contoso.example');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/t\/[^/]+\/workflows$/);

    // The link works once.
    await page.goto(link);
    await page.getByRole('alert').getByText('This password reset link was already used').waitFor();
  }, 120_000);

  it('changes the password from the user menu', async () => {
    const owner = await suite.server.signIn(DEMO.customerOwner);
    const since = suite.server.mail.messages.length;
    expect((await owner.request('POST', `/api/v1/tenants/${suite.server.tenants.customer}/members`, { email: 'changer.browser@contoso.example', roles: ['operator'] })).status).toBe(201);
    const invitation = linkIn(await nextMailTo(suite.server, 'changer.browser@contoso.example', since, /invited/), '/accept-invite');
    const first = newPassword();
    expect((await suite.server.request('POST', `/api/v1/invitations/${new URL(invitation).searchParams.get('token') ?? ''}/accept`, { name: 'Changer', password: first })).status).toBe(200);

    const page = await openPage();
    await page.goto(`${suite.server.url}/sign-in`);
    await page.getByLabel('Email').fill('changer.browser@contoso.example');
    await page.getByLabel('Password').fill(first);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/t\/[^/]+\/workflows$/);
    await page.getByRole('banner').getByRole('button', { name: 'Changer' }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Change password' }).waitFor();
    const second = newPassword();
    await page.getByLabel('Current password').fill('not-the-password');
    await page.getByLabel('New password', { exact: true }).fill(second);
    await page.getByLabel('Repeat the password').fill(second);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').getByText('The current password is wrong.').waitFor();
    await page.getByLabel('Current password').fill(first);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').getByText('Your password is changed.').waitFor();
    await screenshot(page, 'accounts-06-password-changed');
    expect((await suite.server.signIn('changer.browser@contoso.example', second)).userId).toBeTruthy();
  }, 120_000);

  it('decides an approval through the mailed decision link, with a comment', async () => {
    const operator = await suite.server.signIn(DEMO.operator);
    const workflows = await operator.request<{ id: string; name: string }[]>('GET', `/api/v1/tenants/${suite.server.tenants.customer}/workflows`);
    const demo = workflows.body.find((candidate) => candidate.name === 'Order exception routing');
    const since = suite.server.mail.messages.length;
    const started = await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${suite.server.tenants.customer}/workflows/${demo?.id ?? ''}/runs`, {
      input: { orderId: 'B-7001', total: 1200, customer: 'Contoso Distribution', reason: 'credit limit exceeded' },
    });
    expect(started.status, started.text).toBe(201);
    const link = linkIn(await nextMailTo(suite.server, DEMO.approver, since, /^Approval needed: Release order B-7001/), '/decide/');

    const page = await openPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Release order B-7001 (1200 EUR)' }).waitFor();
    await page.getByText('credit limit exceeded').waitFor();
    await expectPartnerBrand(page);
    await screenshot(page, 'accounts-07-decision');
    await page.getByLabel('Comment (optional)').fill('Checked with finance');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').getByText('You approved this task: “Checked with finance”').waitFor();
    await screenshot(page, 'accounts-08-decided');
    const run = await operator.request<{ status: string }>('GET', `/api/v1/tenants/${suite.server.tenants.customer}/runs/${started.body.runId}`);
    expect(['running', 'succeeded']).toContain(run.body.status);
  }, 120_000);
});
