import { afterAll, describe, expect, it } from 'vitest';
import { expectOk } from '../support/api-helpers.js';
import { DEMO } from '../support/server-harness.js';
import { DEMO_CREDENTIALS } from '../../server/sandbox/credentials.js';
import { BC_API, startTestSandbox } from '../server/sandbox/sandbox-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { signIn } from './support/designer-ui.js';

/**
 * The template gallery in a real browser against the real server, with a real sandbox on loopback
 * beside it as in the demo (its credentials seeded into the customer's workspace): a customer's
 * owner finds a template, previews it, clones it with a parameter of their own and the sandbox's
 * connections, test-runs the new draft against the sandbox and submits it for sign-off.
 */
const sandbox = await startTestSandbox();
const smtp = `${sandbox.sandbox.smtp.host}:${sandbox.sandbox.smtp.port}`;
const suite = browserSuite('templates', { egressAllow: [new URL(sandbox.url).host, smtp], config: { sandboxUrl: sandbox.url, sandboxSmtp: smtp } });
afterAll(() => sandbox.close());

/** The template the test clones, and what its connection settings are in the sandbox (by field label). */
const SLUG = 'order-to-cash';
const TITLE = 'Order to cash';
const CONNECTION_SETTINGS: Readonly<Record<string, string>> = {
  'Shop URL': `${sandbox.url}/shopify`,
  'Business Central API URL': `${sandbox.url}${BC_API}`,
  'Business Central company id': DEMO_CREDENTIALS.businessCentral.companyId,
  'Teams service URL': `${sandbox.url}/teams`,
};
/** Which sandbox credential each connection takes, by the words its system's name starts with. */
const CREDENTIAL_OF: readonly (readonly [string, string])[] = [
  ['Shopify', 'Shopify (sandbox)'],
  ['Business Central', 'Business Central (sandbox)'],
  ['Microsoft Teams', 'Teams Contoso Operations (sandbox)'],
];

/** The demo's sandbox credential for each system a template connects to. */
const SANDBOX_CREDENTIALS: Readonly<Record<string, string>> = {
  Shopify: 'Shopify (sandbox)',
  'Business Central': 'Business Central (sandbox)',
  ShipStation: 'ShipStation (sandbox)',
  Slack: 'Slack #ops-alerts (sandbox)',
  'Microsoft Teams': 'Teams Contoso Operations (sandbox)',
  'E-mail': 'SMTP (sandbox)',
};

interface TemplateDetail {
  slug: string;
  title: string;
  connectors: { key: string; system: string }[];
}

describe('the template gallery', () => {
  it('finds, previews, clones with parameters, test-runs against the sandbox and submits a template', async () => {
    const tenant = suite.server.tenants.customer;
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.customerOwner);
    await page.goto(`${suite.server.url}/t/${tenant}/workflows`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
    const cards = page.locator('.template-card');
    await cards.first().waitFor();
    const all = await cards.count();
    await expectAccessible(page, 'the template gallery');
    await screenshot(page, 'templates-01-gallery');

    // A search narrows the gallery; one that matches nothing says so and clears.
    await page.getByRole('searchbox', { name: 'Search templates' }).fill('zzz no such template');
    await page.getByRole('heading', { name: 'No template matches' }).waitFor();
    await expectAccessible(page, 'the gallery with no match');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => cards.count()).toBe(all);
    await page.getByRole('searchbox', { name: 'Search templates' }).fill('invoice payment');
    await page.getByRole('link', { name: TITLE, exact: true }).waitFor();
    await screenshot(page, 'templates-02-search');
    await page.getByRole('link', { name: TITLE, exact: true }).click();
    await page.waitForURL(`**/templates/${SLUG}`);

    // The template's page: preview, README, connections and parameters.
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await page.locator('.template-preview .react-flow__node').first().waitFor();
    await page.getByRole('heading', { name: 'Parameters' }).waitFor();
    await page.getByRole('complementary', { name: 'What the template needs' }).getByText('Business Central', { exact: true }).waitFor();
    await expectAccessible(page, "a template's page");
    await screenshot(page, 'templates-03-template-page');
    await page.getByRole('link', { name: 'Use template' }).click();

    // 1. Name and parameters.
    await page.getByRole('heading', { name: '1. Name and parameters' }).waitFor();
    await page.getByLabel('Workflow name').fill('Contoso order to cash');
    const tolerance = page.getByLabel(/Matching tolerance/);
    await tolerance.fill('-5');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(/Matching tolerance.*must be at least 0/).waitFor();
    await expectAccessible(page, 'wizard step 1');
    await screenshot(page, 'templates-04-wizard-parameters');
    await tolerance.fill('0.1');
    await page.getByLabel(/Business Central customer for web orders/).fill('C10000');
    await page.getByRole('button', { name: 'Next' }).click();

    // 2. Connections: the sandbox's credentials and addresses.
    await page.getByRole('heading', { name: '2. Connections' }).waitFor();
    for (const [system, credential] of CREDENTIAL_OF) {
      await page.getByRole('group', { name: system }).getByLabel(`${system} credential`).selectOption(credential);
    }
    for (const [label, value] of Object.entries(CONNECTION_SETTINGS)) {
      for (const field of await page.locator('fieldset.connector-choice').getByLabel(label).all()) await field.fill(value);
    }
    await expectAccessible(page, 'wizard step 2');
    await screenshot(page, 'templates-05-wizard-connections');
    await page.getByRole('button', { name: 'Next' }).click();

    // 3. Create and test.
    await page.getByRole('heading', { name: '3. Create and test' }).waitFor();
    await page.getByRole('button', { name: 'Create workflow' }).click();
    await page.getByText('as a draft. Try it with a sample input').waitFor();
    await page.getByLabel('Sample input').selectOption('paid-order');
    await page.getByRole('button', { name: 'Run test' }).click();
    await page.getByText('Test run succeeded').waitFor({ timeout: 20_000 });
    // The sandbox booked the order and invoice in Business Central and tagged the Shopify order.
    const effects = sandbox.sandbox.records.effects();
    expect(effects.filter((effect) => effect.system === 'business-central').length).toBe(8);
    expect(effects.filter((effect) => effect.system === 'shopify').map((effect) => effect.method)).toEqual(['PUT']);
    await expectAccessible(page, 'wizard step 3 after the test run');
    await screenshot(page, 'templates-06-wizard-test-run');

    const customer = await suite.server.signIn(DEMO.customerOwner);
    const workflows = expectOk(await customer.request<{ id: string; name: string }[]>('GET', `/api/v1/tenants/${tenant}/workflows`));
    const created = workflows.find((workflow) => workflow.name === 'Contoso order to cash');
    if (!created) throw new Error('the wizard created no workflow');
    const detail = expectOk(await customer.request<{ draft: { params: { name: string; default?: unknown }[] } }>('GET', `/api/v1/tenants/${tenant}/workflows/${created.id}`));
    expect(detail.draft.params.find((param) => param.name === 'tolerance')?.default).toBe(0.1);
    const runs = expectOk(await customer.request<{ items: { id: string; status: string }[] }>('GET', `/api/v1/tenants/${tenant}/runs?workflowId=${created.id}`));
    expect(runs.items.length).toBe(1);

    // Open in the editor and submit for sign-off.
    await page.getByRole('button', { name: 'Open in editor' }).click();
    await page.waitForURL(`**/workflows/${created.id}`);
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    const submit = page.getByRole('dialog', { name: 'Submit for approval' });
    await submit.getByLabel('Note for the approvers').fill('Cloned from the order to cash template');
    await submit.getByRole('button', { name: 'Submit for approval' }).click();
    await submit.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Versions' }).locator('[data-version="1"]').getByText('Pending').waitFor();
    await screenshot(page, 'templates-07-submitted');
  }, 120_000);

  it("clones every template through the wizard with the sandbox's credentials and addresses, and its test run does not fail", async () => {
    const tenant = suite.server.tenants.customer;
    const customer = await suite.server.signIn(DEMO.customerOwner);
    const listed = expectOk(await customer.request<{ slug: string }[]>('GET', `/api/v1/tenants/${tenant}/templates`));
    expect(listed.length).toBeGreaterThanOrEqual(10);
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.customerOwner);
    const outcomes: string[] = [];
    for (const { slug } of listed) {
      const template = expectOk(await customer.request<TemplateDetail>('GET', `/api/v1/tenants/${tenant}/templates/${slug}`));
      await page.goto(`${suite.server.url}/t/${tenant}/templates`);
      await page.getByRole('link', { name: template.title, exact: true }).click();
      await page.getByRole('heading', { name: template.title, level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Use template' }).click();

      await page.getByLabel('Workflow name').fill(`Gallery: ${template.title}`);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: '2. Connections' }).waitFor();
      const choices = page.locator('fieldset.connector-choice');
      for (const [index, connector] of template.connectors.entries()) {
        await choices.nth(index).getByLabel(`${connector.system} credential`).selectOption(SANDBOX_CREDENTIALS[connector.system] ?? '');
      }
      if (template.connectors.length > 0) {
        await page.getByRole('button', { name: "Use the sandbox's addresses" }).click();
        await page.getByText('connection settings below now point at the sandbox').waitFor();
      }
      if (slug === 'returns-to-refund') {
        await expectAccessible(page, "wizard step 2 with the sandbox's addresses");
        await screenshot(page, 'templates-08-connections-sandbox');
      }
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Create workflow' }).click();
      await page.getByText('as a draft. Try it with a sample input').waitFor();
      await page.getByRole('button', { name: 'Run test' }).click();
      const outcome = page.getByRole('status').filter({ hasText: /Test run (succeeded|waiting|failed|cancelled)/ });
      await outcome.waitFor({ timeout: 30_000 });
      outcomes.push(`${slug}: ${/Test run (\w+)/.exec(await outcome.innerText())?.[1] ?? ''}`);
      if (slug === 'returns-to-refund') await screenshot(page, 'templates-09-every-template-test-run');

      await page.getByRole('button', { name: 'Open in editor' }).click();
      await page.waitForURL(/\/workflows\/[^/]+$/);
      const workflowId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      const opened = expectOk(await customer.request<{ name: string; template: { slug: string } | null; problems: unknown[] }>('GET', `/api/v1/tenants/${tenant}/workflows/${workflowId}`));
      expect([slug, opened.name, opened.template?.slug, opened.problems]).toEqual([slug, `Gallery: ${template.title}`, slug, []]);
    }
    expect(outcomes.filter((outcome) => /: (failed|cancelled)$/.test(outcome))).toEqual([]);
  }, 300_000);
});
