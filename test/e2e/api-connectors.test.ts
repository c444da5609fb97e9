import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWorkflow } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { EditorUi, eventually, signIn } from './support/designer-ui.js';

const petstore = readFileSync(new URL('../fixtures/openapi/petstore-3.0.yaml', import.meta.url), 'utf8');

/**
 * API connectors in headless Chromium against the real server: the partner's owner imports the
 * Petstore document in Settings, sees its operations, and a workflow's palette lists them under
 * "Petstore"; adding one shows the operation's parameter form in the inspector. A customer sees
 * the connector read-only. axe-core on every screen; screenshots in test-results/screenshots/api-connectors-*.png.
 */
describe('API connectors', () => {
  const suite = browserSuite('api-connectors');

  it('a partner owner imports the Petstore document and its operations reach the palette and the inspector', async () => {
    const { server } = suite;
    const partner = server.tenants.partner;
    const page = await suite.openPage();
    await signIn(page, server.url, DEMO.partnerOwner);
    await page.goto(`${server.url}/t/${partner}/settings/api-connectors`);
    await page.getByRole('heading', { name: 'API connectors', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No API connectors yet' }).waitFor();
    await expectAccessible(page, 'API connectors page, empty');
    await screenshot(page, 'api-connectors-01-empty');

    await page.getByRole('button', { name: 'Import OpenAPI document' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import an OpenAPI document' });
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill('Petstore');
    await dialog.getByLabel('Document', { exact: true }).fill(petstore);
    await expectAccessible(page, 'import dialog');
    await screenshot(page, 'api-connectors-02-import');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();

    await page.getByRole('status').getByText('was imported with 7 operations').waitFor();
    const row = page.getByRole('row', { name: /Petstore/ });
    await row.getByRole('button', { name: '7 operations' }).click();
    await page.getByRole('list', { name: 'Operations of Petstore' }).getByText('Find pet by ID').waitFor();
    await expectAccessible(page, 'API connectors page with Petstore');
    await screenshot(page, 'api-connectors-03-imported');

    // A workflow's palette lists the operations under the connector's name; adding one draws its form.
    const owner = await server.signIn(DEMO.partnerOwner);
    const created = await createWorkflow(owner, partner, 'Pets (browser test)', workflow([{ id: 'start', type: 'trigger.manual' }], []));
    await page.goto(`${server.url}/t/${partner}/workflows/${created.id}`);
    const ui = new EditorUi(page);
    await ui.node('start').waitFor();
    const section = ui.palette.getByRole('region', { name: 'Petstore' });
    await section.getByRole('button', { name: 'Find pet by ID' }).waitFor();
    expect(await section.getByRole('button').count()).toBe(7);
    await section.getByRole('button', { name: 'Find pet by ID' }).click();
    await ui.node('openapi').waitFor();
    await ui.openTab('Inspector');
    const inspector = page.locator('.inspector');
    await inspector.getByText('GET /pet/{petId}').waitFor();
    await inspector.getByText('petId', { exact: true }).first().waitFor();
    // The operation's own checks show at their fields: the path parameter is required until given.
    const petId = inspector.locator('[data-field-id="config.params.petId"]');
    await petId.getByText('is required').waitFor();
    await petId.getByRole('spinbutton').or(petId.getByRole('textbox')).first().fill('10');
    await eventually(() => petId.getByText('is required').count()).toBe(0);
    await expectAccessible(page, 'editor with an API operation');
    await screenshot(page, 'api-connectors-04-palette-and-form');
    await eventually(async () => ((await owner.request<{ draft: { nodes: { type: string; config: Record<string, unknown> }[] } }>('GET', `/api/v1/tenants/${partner}/workflows/${created.id}`)).body.draft.nodes.find((node) => node.type === 'connector.openapi')?.config.operationId)).toBe('getPetById');

    // The partner's customer sees it read-only.
    const customerPage = await suite.openPage();
    await signIn(customerPage, server.url, DEMO.customerOwner);
    await customerPage.goto(`${server.url}/t/${server.tenants.customer}/settings/api-connectors`);
    const customerRow = customerPage.getByRole('row', { name: /Petstore/ });
    await customerRow.getByText('read-only').waitFor();
    expect(await customerPage.getByRole('button', { name: 'Import OpenAPI document' }).count()).toBe(0);
    await expectAccessible(customerPage, 'API connectors page of a customer');
    await screenshot(customerPage, 'api-connectors-05-customer');
  }, 120_000);
});
