import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPassword, nextMailTo } from '../support/accounts.js';
import { linkIn } from '../support/mail-sink.js';
import { DEMO } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { eventually, signIn } from './support/designer-ui.js';

/**
 * Administration in headless Chromium against the real server: a partner owner creates a customer,
 * invites a member (whose link works once), sets the brand's colours and logo, which the customer's
 * user then sees; the audit log shows it all over a verified chain; a customer user cannot reach
 * another customer by its address; the sign-in page wears a partner's brand at its address; and a
 * server started without the demo is set up through the first-run page. axe-core on every screen;
 * screenshots in test-results/screenshots/administration-*.png.
 */

/** A logo with a script, an event handler and an outside image: the server keeps only the drawing. */
const HOSTILE_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" onload="alert(1)"><script>alert(document.cookie)</script>' +
  '<image href="https://evil.example/pixel.png" width="1" height="1"/><rect width="64" height="64" rx="14" fill="#7c2d12"/>' +
  '<path d="M18 46V18h7l14 17V18h7v28h-7L25 29v17z" fill="#fff"/></svg>';

/**
 * A screenshot of the whole page: the shell scrolls its content inside the window, so the window
 * is made as tall as the content first (and put back after).
 */
async function screenshotWhole(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1600, height: 1000 };
  const height = await page.evaluate<number>(`(() => { const content = document.querySelector('.content'); return content ? content.scrollHeight + content.getBoundingClientRect().top : document.body.scrollHeight; })()`);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.ceil(height)) });
  await screenshot(page, name);
  await page.setViewportSize(size);
}

/** The topbar's background colour as the browser draws it. */
const topbarColour = (page: Page) => page.evaluate<string>(`getComputedStyle(document.querySelector('.topbar')).backgroundColor`);

/** Opens a settings page of a workspace and waits for its heading. */
async function openSettings(page: Page, origin: string, tenantId: string, path: string, heading: string): Promise<void> {
  await page.goto(`${origin}/t/${tenantId}/settings/${path}`);
  await page.getByRole('heading', { name: heading, exact: true, level: 1 }).waitFor();
}

describe('administration by a partner owner', () => {
  const suite = browserSuite('administration');
  let customerId = '';
  let memberPassword = '';

  it('creates a customer, whose status shows at a glance', async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.partnerOwner);
    await page.getByRole('banner').getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await page.getByRole('cell', { name: /Contoso Distribution/ }).waitFor();
    await expectAccessible(page, 'customers page');
    await page.getByLabel('Customer name').fill('Fabrikam Retail');
    expect(await page.getByLabel('Short name (in addresses)').inputValue()).toBe('fabrikam-retail');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByRole('status').getByText('Fabrikam Retail was created').waitFor();
    const row = page.getByRole('row', { name: /Fabrikam Retail/ });
    await row.waitFor();
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(['Fabrikam Retail\nfabrikam-retail', '0', '0', '0', '0']);
    await screenshot(page, 'administration-01-customers');
    customerId = (await suite.server.app.tenants.bySlug('fabrikam-retail'))?.id ?? '';
    expect(customerId).not.toBe('');
    // The switcher offers the new workspace at once.
    await page.getByRole('banner').getByRole('combobox').selectOption({ label: 'Fabrikam Retail' });
    await page.waitForURL(new RegExp(`/t/${customerId}/settings`));
  }, 120_000);

  it('invites a member, whose invitation link works once', async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.partnerOwner);
    await openSettings(page, suite.server.url, customerId, 'members', 'Members');
    await page.getByRole('heading', { name: 'What each role may do' }).waitFor();
    // The partner's people, who act here too, are listed for the customer to see (managed at the partner).
    const staff = page.getByRole('table', { name: 'Through Northwind Integrations' });
    await staff.getByRole('cell', { name: DEMO.consultant, exact: true }).waitFor();
    const since = suite.server.mail.messages.length;
    await page.getByLabel('Email').fill('fiona@fabrikam.example');
    await page.getByRole('checkbox', { name: 'viewer' }).uncheck();
    await page.getByRole('checkbox', { name: 'operator' }).check();
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('status').getByText('An invitation was sent to fiona@fabrikam.example').waitFor();
    await page.getByRole('cell', { name: 'fiona@fabrikam.example', exact: true }).waitFor();
    await expectAccessible(page, 'members page with a pending invitation');

    const link = linkIn(await nextMailTo(suite.server, 'fiona@fabrikam.example', since, /invited/), '/accept-invite');
    const invitee = await suite.openPage();
    await invitee.goto(link);
    await invitee.getByRole('heading', { name: 'Join Fabrikam Retail' }).waitFor();
    memberPassword = newPassword();
    await invitee.getByLabel('Your name').fill('Fiona Fabrikam');
    await invitee.getByLabel('Choose a password').fill(memberPassword);
    await invitee.getByLabel('Repeat the password').fill(memberPassword);
    await invitee.getByRole('button', { name: 'Create account and join' }).click();
    await invitee.waitForURL(new RegExp(`/t/${customerId}/workflows$`));
    // Once: the same link is refused now.
    const again = await suite.openPage();
    await again.goto(link);
    await again.getByRole('alert').getByText('This invitation was already accepted').waitFor();

    // The owner sees the new member, and the role change dialog keeps the rules.
    await page.reload();
    const row = page.getByRole('row', { name: /Fiona Fabrikam/ });
    await row.getByRole('cell', { name: 'operator' }).waitFor();
    await page.getByRole('button', { name: 'Change roles of Fiona Fabrikam' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roles of Fiona Fabrikam' });
    await dialog.getByRole('checkbox', { name: 'approver' }).check();
    await expectAccessible(page, 'change roles dialog');
    await dialog.getByRole('button', { name: 'Save roles' }).click();
    await page.getByRole('status').getByText('Fiona Fabrikam is now approver and operator.').waitFor();
    await screenshotWhole(page, 'administration-02-members');
  }, 120_000);

  it("sets the brand's colours and logo (sanitised), which the customer's user sees on the next page load", async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.partnerOwner);
    await openSettings(page, suite.server.url, suite.server.tenants.partner, 'branding', 'Branding');
    await page.getByLabel('Product name').fill('Northwind Automate');
    await page.getByLabel('Primary colour', { exact: true }).fill('#7c2d12');
    await page.getByLabel('Accent colour', { exact: true }).fill('#fde68a');
    // A light accent: links are darkened to stay readable, and the check says so.
    await page.getByRole('list', { name: 'Contrast check' }).getByText(/The accent colour as links on white: .* \(darkened to #/).waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(HOSTILE_LOGO) });
    await page.getByText('Chosen: logo.svg').waitFor();
    await page.getByRole('figure', { name: 'Preview' }).getByText('Northwind Automate').waitFor();
    await expectAccessible(page, 'branding page with a preview');
    await screenshot(page, 'administration-03-branding');
    await page.getByRole('button', { name: 'Save brand' }).click();
    await page.getByRole('status').getByText('The brand was saved').waitFor();
    // The owner's own shell shows it at once.
    await eventually(() => page.getByRole('banner').getByText('Northwind Automate').count()).toBe(1);
    expect(await topbarColour(page)).toBe('rgb(124, 45, 18)');

    const member = await suite.openPage();
    await member.goto(`${suite.server.url}/sign-in`);
    await member.getByLabel('Email').fill('fiona@fabrikam.example');
    await member.getByLabel('Password').fill(memberPassword);
    await member.getByRole('button', { name: 'Sign in', exact: true }).click();
    await member.waitForURL(new RegExp(`/t/${customerId}/workflows$`));
    const banner = member.getByRole('banner');
    await banner.getByText('Northwind Automate').waitFor();
    expect(await member.title()).toBe('Northwind Automate');
    expect(await topbarColour(member)).toBe('rgb(124, 45, 18)');
    const logo = banner.locator('img.brand-logo');
    const logoUrl = (await logo.getAttribute('src')) ?? '';
    expect(logoUrl).toMatch(/^\/brand-logos\//);
    // Source text: the project's Node type-check has no DOM types.
    await eventually(() => member.evaluate<boolean>(`(() => { const image = document.querySelector('.topbar img.brand-logo'); return Boolean(image && image.complete && image.naturalWidth > 0); })()`)).toBe(true);
    const served = await (await fetch(`${suite.server.url}${logoUrl}`)).text();
    expect(served).not.toMatch(/script|onload|evil\.example/);
    await banner.getByRole('link', { name: 'Support' }).waitFor();
    await screenshot(member, 'administration-04-customer-sees-brand');
  }, 120_000);

  it('shows those actions in the audit log over a verified chain', async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.partnerOwner);
    await openSettings(page, suite.server.url, customerId, 'audit', 'Audit log');
    await page.getByTestId('audit-chain').getByText(/^Chain verified: \d+ entries/).waitFor();
    for (const action of ['invitation.create', 'invitation.accept', 'member.roles.update']) await page.getByRole('cell', { name: action, exact: true }).first().waitFor();
    await page.getByRole('row', { name: /invitation\.create/ }).getByRole('cell', { name: 'Noor Admin' }).waitFor();
    await expectAccessible(page, 'audit log of the customer');
    await screenshotWhole(page, 'administration-05-audit-customer');

    await openSettings(page, suite.server.url, suite.server.tenants.partner, 'audit', 'Audit log');
    await page.getByTestId('audit-chain').getByText(/^Chain verified/).waitFor();
    for (const action of ['tenant.create', 'tenant.branding.update']) await page.getByRole('cell', { name: action, exact: true }).first().waitFor();
    // Filtering by action keeps the filter in the address.
    await page.getByLabel('Action').fill('tenant.branding.update');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForURL(/action=tenant\.branding\.update/);
    await eventually(() => page.getByRole('cell', { name: 'tenant.create', exact: true }).count()).toBe(0);
    await page.getByRole('cell', { name: /"logoSanitised":\["<image>","<script>","onload"\]/ }).waitFor();
    await screenshotWhole(page, 'administration-06-audit-partner');
  }, 120_000);

  it("keeps a customer's user out of the partner's other customers, whatever the address", async () => {
    const page = await suite.openPage();
    await page.goto(`${suite.server.url}/sign-in`);
    await page.getByLabel('Email').fill('fiona@fabrikam.example');
    await page.getByLabel('Password').fill(memberPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(new RegExp(`/t/${customerId}/workflows$`));
    for (const path of ['workflows', 'settings/members', 'settings/audit', 'settings/customers']) {
      await page.goto(`${suite.server.url}/t/${suite.server.tenants.customer}/${path}`);
      await page.getByRole('heading', { name: 'Workspace not found' }).waitFor();
      expect(await page.evaluate<string>('document.body.innerText')).not.toMatch(/Contoso|Olivia|Order exception/);
    }
    await page.goto(`${suite.server.url}/t/${suite.server.tenants.partner}/settings/customers`);
    await page.getByRole('heading', { name: 'Workspace not found' }).waitFor();
    // In its own workspace, a customer has no customers or brand of its own; it sees its partner's API connectors (read-only).
    await page.goto(`${suite.server.url}/t/${customerId}/settings/customers`);
    await page.getByRole('heading', { name: 'No such settings page' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Settings' }).getByRole('link').allInnerTexts()).toEqual(['Members', 'API connectors', 'Audit log', 'Policies']);
    await screenshot(page, 'administration-07-customer-settings');
  }, 120_000);

  it('offers credentials with the workflows that use them, and the policies', async () => {
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.customerOwner);
    await openSettings(page, suite.server.url, suite.server.tenants.customer, 'credentials', 'Credentials');
    await page.getByLabel('Name', { exact: true }).fill('erp-api');
    await page.getByLabel('Type').selectOption({ label: 'Basic (user name and password)' });
    await page.getByLabel('User name').fill('contoso-erp');
    await page.getByLabel('Password').fill('a-secret-erp-password');
    await page.getByLabel('Hosts it may be sent to').fill('erp.contoso.example');
    await page.getByRole('button', { name: 'Save credential' }).click();
    await page.getByRole('status').getByText('erp-api was saved').waitFor();
    // Write-only: the value is in no field and nowhere on the page.
    expect(await page.evaluate<string>('document.body.innerText')).not.toContain('a-secret-erp-password');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await page.getByRole('row', { name: /erp-api/ }).getByText('no workflow').waitFor();
    await expectAccessible(page, 'credentials page');
    await screenshotWhole(page, 'administration-08-credentials');

    await page.getByRole('button', { name: 'Rotate erp-api' }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate erp-api' });
    await rotate.getByLabel('User name').fill('contoso-erp');
    await rotate.getByLabel('Password').fill('the-next-erp-password');
    await expectAccessible(page, 'rotate dialog');
    await rotate.getByRole('button', { name: 'Save new values' }).click();
    await page.getByRole('status').getByText('erp-api was rotated').waitFor();

    await openSettings(page, suite.server.url, suite.server.tenants.customer, 'policies', 'Policies');
    await page.getByLabel('Someone other than the submitter activates a version').check();
    await page.getByLabel('Keep run data for (days)').fill('90');
    await page.getByRole('button', { name: 'Save policies' }).click();
    await page.getByRole('status').getByText('The policies were saved').waitFor();
    await expectAccessible(page, 'policies page');
    await screenshot(page, 'administration-09-policies');
    expect(await suite.server.app.tenants.policyView(suite.server.tenants.customer)).toMatchObject({ retentionDays: 90, requireSeparateActivator: true });
  }, 120_000);

  it("wears the partner's brand and support link on the sign-in page at the partner's address", async () => {
    const page = await suite.openPage();
    await page.goto(`${suite.server.url}/sign-in/northwind`);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByText('Northwind Automate').waitFor();
    await form.getByRole('link', { name: 'Help' }).waitFor();
    expect(await page.title()).toBe('Northwind Automate');
    await expectAccessible(page, 'branded sign-in page');
    await screenshot(page, 'administration-10-branded-sign-in');
    // A customer's slug is no partner's address: the page stays plain.
    await page.goto(`${suite.server.url}/sign-in/contoso`);
    await form.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await form.getByText('Northwind').count()).toBe(0);
  }, 120_000);
});

describe('first-run setup of a server started without the demo', () => {
  const fresh = browserSuite('first-run', { demo: false });

  it('sets up the platform operator and the first partner through the first-run page', async () => {
    const page = await fresh.openPage();
    await page.goto(`${fresh.server.url}/`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByText('This installation is not set up yet.').waitFor();
    await page.getByRole('link', { name: 'Set it up' }).click();
    await page.getByRole('heading', { name: 'Set up Flowgate' }).waitFor();
    await page.getByLabel('Setup code').fill('a-wrong-code');
    await page.getByLabel('Your name').fill('Pat Platform');
    await page.getByLabel('Your email').fill('pat@operator.example');
    await page.getByLabel('Your password').fill('a long operator passphrase');
    await page.getByLabel('Repeat the password').fill('a long operator passphrase');
    await page.getByLabel('Partner name').fill('Northwind Integrations');
    await page.getByLabel('Short name (in addresses)').fill('northwind');
    await expectAccessible(page, 'first-run setup page');
    await screenshot(page, 'first-run-01-setup');
    await page.getByRole('button', { name: 'Set up' }).click();
    await page.getByRole('alert').getByText(/the setup code is wrong/).waitFor();

    await page.getByLabel('Setup code').fill(fresh.server.setupCode ?? '');
    await page.getByRole('button', { name: 'Set up' }).click();
    const partnerId = await eventually(async () => (await fresh.server.app.tenants.bySlug('northwind'))?.id).toBeTruthy().then(async () => (await fresh.server.app.tenants.bySlug('northwind'))?.id ?? '');
    await page.waitForURL(new RegExp(`/t/${partnerId}/settings/customers$`));
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No customers yet' }).waitFor();
    await screenshot(page, 'first-run-02-partner-workspace');

    // The operator's Partners page, from the user menu.
    await page.getByRole('banner').getByRole('button', { name: 'Pat Platform' }).click();
    await page.getByRole('link', { name: 'Partners (platform)' }).click();
    await page.getByRole('heading', { name: 'Partners', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: /Northwind Integrations/ });
    await row.getByText('Active').waitFor();
    await page.getByLabel('Partner name').fill('Globex Consulting');
    await page.getByLabel('Short name (in addresses)').fill('globex');
    await page.getByLabel('Owner’s email').fill('owner@globex.example');
    await page.getByRole('button', { name: 'Create partner' }).click();
    await page.getByRole('status').getByText('Globex Consulting was created; owner@globex.example was invited as its owner').waitFor();
    await page.getByRole('button', { name: 'Suspend Globex Consulting' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend Globex Consulting' });
    await dialog.getByLabel(/Reason/).fill('Contract not signed yet');
    await expectAccessible(page, 'suspend dialog');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await page.getByRole('row', { name: /Globex Consulting/ }).getByText('Suspended').waitFor();
    await expectAccessible(page, 'partners page');
    await screenshot(page, 'first-run-03-partners');

    // Setup works once.
    await page.goto(`${fresh.server.url}/setup`);
    await page.getByRole('heading', { name: 'Already set up' }).waitFor();
  }, 180_000);
});
