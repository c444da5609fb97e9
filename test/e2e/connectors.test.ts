import { describe, expect, it } from 'vitest';
import { createWorkflow, expectOk } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { EditorUi, draftOf, eventually, signIn } from './support/designer-ui.js';

/**
 * Typed connectors in the editor, in a real browser against the real server: the palette lists each
 * external system's operations in a section of its own, opened by keyboard or by searching, and an
 * operation's form names the fields of its API and offers only credentials of the type it accepts.
 */
const suite = browserSuite('connectors');

describe('connectors in the editor', () => {
  it("lists a system's operations in its own palette section and offers only credentials the operation accepts", async () => {
    const tenant = suite.server.tenants.partner;
    const owner = await suite.server.signIn(DEMO.partnerOwner);
    const credential = (name: string, secret: Record<string, unknown>) =>
      owner.request('POST', `/api/v1/tenants/${tenant}/credentials`, { name, secret, allowedHosts: ['contoso.myshopify.com'] }).then((response) => expectOk(response, 201));
    await credential('Contoso shop', { type: 'shopify', accessToken: 'shpat_e2e' });
    await credential('Some API', { type: 'bearer', token: 'bearer-e2e' });
    const consultant = await suite.server.signIn(DEMO.consultant);
    const created = await createWorkflow(consultant, tenant, 'Tag risky orders', workflow([{ id: 'start', type: 'trigger.manual', name: 'Start' }], []));

    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.consultant);
    await page.goto(`${suite.server.url}/t/${tenant}/workflows/${created.id}`);
    const ui = new EditorUi(page);
    await ui.node('start').waitFor();

    // The Shopify section is closed; opening it by keyboard shows its operations.
    const getOrder = ui.palette.getByRole('button', { name: 'Shopify: get order', exact: true });
    await expect(getOrder.isVisible()).resolves.toBe(false);
    const section = ui.palette.locator('summary', { hasText: 'Shopify' });
    await section.focus();
    await page.keyboard.press('Enter');
    await getOrder.waitFor();
    await expectAccessible(page, 'the palette with the Shopify section open');
    await screenshot(page, 'connectors-01-palette-shopify');

    await ui.select('start');
    await getOrder.click();
    await eventually(async () => (await draftOf(consultant, tenant, created.id)).draft.nodes.map((node) => node.type)).toContain('connector.shopify.getOrder');
    const inspector = page.locator('.inspector');
    await inspector.getByLabel('Shop URL').waitFor();
    await expect(inspector.getByLabel('Order id').count()).resolves.toBeGreaterThan(0);
    const picker = inspector.getByLabel('Credential', { exact: true });
    await expect(picker.locator('option').allTextContents()).resolves.toEqual(['— choose —', 'Contoso shop (shopify)']);
    await picker.selectOption('Contoso shop');
    await inspector.getByLabel('Shop URL').fill('https://contoso.myshopify.com');
    await eventually(async () => (await draftOf(consultant, tenant, created.id)).draft.nodes.find((node) => node.type === 'connector.shopify.getOrder')?.config).toMatchObject({
      credential: 'Contoso shop',
      shopUrl: 'https://contoso.myshopify.com',
    });
    await expectAccessible(page, 'a Shopify operation in the inspector');
    await screenshot(page, 'connectors-02-shopify-get-order-form');

    // A search opens every section with a match.
    await page.getByRole('searchbox', { name: 'Search nodes' }).fill('refund');
    await ui.palette.getByRole('button', { name: 'Shopify: create refund', exact: true }).waitFor();
  });
});
