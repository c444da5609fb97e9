import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextMailTo } from '../support/accounts.js';
import { expectError } from '../support/api-helpers.js';
import { startLoopbackIdp } from '../support/oidc-idp.js';
import { DEMO, DEMO_PASSWORD } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { eventually, signIn } from './support/designer-ui.js';

/**
 * Identity in headless Chromium against the real server and a real OpenID Connect provider
 * (oidc-provider) on loopback: a partner owner connects single sign-on in Settings and maps a
 * group to a role; a person of that group signs in through the provider from the sign-in page,
 * sees how they signed in on their Sessions page and signs out everywhere; mandatory single
 * sign-on refuses password sign-in; an owner mails a member a password reset link.
 */
const idp = await startLoopbackIdp({
  ada: { email: 'ada@northwind.example', email_verified: true, name: 'Ada Lovelace', groups: ['flowgate-designers'] },
});
const suite = browserSuite('identity', { egressAllow: [idp.hostPort] });

beforeAll(() => idp.register(`${suite.server.url}/sso/callback`));
afterAll(() => idp.close());

/** The single sign-on page of the partner's settings, as its owner. */
async function openSsoSettings(page: Page): Promise<void> {
  await signIn(page, suite.server.url, DEMO.partnerOwner);
  await page.goto(`${suite.server.url}/t/${suite.server.tenants.partner}/settings/sso`);
  await page.getByRole('heading', { name: 'Single sign-on', level: 1 }).waitFor();
}

describe('single sign-on', () => {
  it('is connected by the partner owner, and a person of a mapped group signs in through the provider', async () => {
    const owner = await suite.openPage();
    await openSsoSettings(owner);
    await owner.getByText('Not set up: everyone signs in with a password.').waitFor();
    await expectAccessible(owner, 'the single sign-on settings, not set up');
    await owner.getByLabel('Issuer URL').fill(idp.issuer);
    await owner.getByLabel('Client ID').fill(idp.clientId);
    await owner.getByLabel('Client secret').fill(idp.clientSecret);
    await owner.getByLabel('Scopes').fill('openid email profile groups');
    await owner.getByRole('button', { name: 'Add mapping' }).click();
    await owner.getByLabel('Group', { exact: true }).fill('flowgate-designers');
    const roles = owner.getByRole('group', { name: 'Roles for group flowgate-designers' });
    await roles.getByLabel('designer').check();
    await roles.getByLabel('viewer').uncheck();
    await owner.getByRole('button', { name: 'Save single sign-on' }).click();
    await owner.getByRole('status').getByText('Single sign-on was saved').waitFor();
    // The secret is write-only: the page never shows it, and leaving it empty keeps it.
    expect(await owner.getByLabel('Client secret').inputValue()).toBe('');
    expect(await owner.content()).not.toContain(idp.clientSecret);
    await expectAccessible(owner, 'the single sign-on settings, connected');
    await screenshot(owner, 'identity-sso-settings');

    const ada = await suite.openPage([idp.issuer]);
    await ada.goto(`${suite.server.url}/sign-in`);
    await ada.getByRole('button', { name: 'Sign in with single sign-on' }).click();
    await ada.getByLabel('Organisation').fill('northwind');
    await expectAccessible(ada, 'the sign-in page asking for the organisation');
    await screenshot(ada, 'identity-sign-in-sso');
    await ada.getByRole('button', { name: 'Continue with single sign-on' }).click();
    // The provider's own sign-in form (oidc-provider's development interaction).
    await ada.waitForURL((url) => url.origin === idp.issuer);
    await ada.locator('input[name="login"]').fill('ada');
    await ada.locator('input[name="password"]').fill('any password');
    await ada.locator('button[type="submit"]').click();
    await ada.waitForURL(new RegExp(`^${suite.server.url}/t/[^/]+/workflows$`));
    await ada.getByRole('button', { name: /Ada Lovelace/ }).waitFor();

    // Her sessions say how she signed in; signing out everywhere ends this one too.
    await ada.goto(`${suite.server.url}/t/${suite.server.tenants.partner}/account/sessions`);
    const row = ada.getByRole('row').filter({ hasText: 'This browser' });
    await expect.poll(() => row.getByRole('cell', { name: 'Single sign-on' }).count()).toBe(1);
    await expectAccessible(ada, 'the sessions page');
    await screenshot(ada, 'identity-sessions');
    ada.once('dialog', (dialog) => void dialog.accept());
    await ada.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
    await ada.waitForURL(/\/sign-in/);
  });

  it('when mandatory, refuses password sign-in to the partner\'s staff and says to use single sign-on', async () => {
    const owner = await suite.openPage();
    await openSsoSettings(owner);
    await owner.getByLabel('Require single sign-on for staff and customers').check();
    await owner.getByRole('button', { name: 'Save single sign-on' }).click();
    await owner.getByRole('status').getByText('Single sign-on was saved').waitFor();

    const consultant = await suite.openPage();
    await consultant.goto(`${suite.server.url}/sign-in/northwind`);
    await consultant.getByLabel('Email').fill(DEMO.consultant);
    await consultant.getByLabel('Password').fill(DEMO_PASSWORD);
    await consultant.getByRole('button', { name: 'Sign in', exact: true }).click();
    await consultant.getByRole('alert').getByText(/requires single sign-on/).waitFor();
    // Reached through the partner's address, one button names the partner.
    await consultant.getByRole('button', { name: /Sign in with .* single sign-on/ }).waitFor();
    await expectAccessible(consultant, 'the branded sign-in page refusing a password');
    await screenshot(consultant, 'identity-sso-required');
    expectError(await suite.server.request('POST', '/api/v1/auth/login', { email: DEMO.consultant, password: DEMO_PASSWORD }), 403, 'SSO_REQUIRED');

    // Owners keep their password, as a way back in: turning it off again.
    await owner.getByLabel('Require single sign-on for staff and customers').uncheck();
    await owner.getByRole('button', { name: 'Save single sign-on' }).click();
    await owner.getByRole('status').getByText('Single sign-on was saved').waitFor();
  });
});

describe('an owner resets a member\'s password', () => {
  it('mails the member a link from the Members page', async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.customerOwner);
    await page.goto(`${suite.server.url}/t/${suite.server.tenants.customer}/settings/members`);
    const since = suite.server.mail.messages.length;
    const row = page.getByRole('row').filter({ hasText: DEMO.operator });
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: /^Reset password of / }).click();
    await page.getByRole('status').getByText(`A password reset link was mailed to ${DEMO.operator}`).waitFor();
    const mail = await nextMailTo(suite.server, DEMO.operator, since, /password/);
    expect(mail.text).toContain('/reset-password?token=');
    await eventually(() => page.getByRole('button', { name: /^Reset password of / }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'the members page after a reset link was sent');
    await screenshot(page, 'identity-member-reset');
  });
});
