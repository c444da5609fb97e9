import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import { expectOk, saveDraft, submitApproveActivate } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO } from '../support/server-harness.js';
import { expectAccessible } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserSuite } from './support/browser-suite.js';
import { EditorUi, eventually, signIn } from './support/designer-ui.js';

/**
 * A partner's private templates in a real browser against the real server: the partner's approver
 * publishes an approved version from the Versions panel and finds it in Settings → Templates; its
 * customer sees it in the gallery; after the partner publishes a new version, the customer's editor
 * says so and the merge screen applies the clean change and the conflict as the customer chooses.
 */
const suite = browserSuite('template-publishing');

/** The partner's workflow: an order fetched from the shop, routed to a queue and labelled. */
function partnerDefinition(queue: string, label: string): WorkflowDefinition {
  return workflow(
    [
      { id: 'start', type: 'trigger.manual', name: 'Start' },
      { id: 'order', type: 'connector.shopify.getOrder', name: 'Fetch the order', config: { shopUrl: 'https://contoso.myshopify.com', credential: 'Northwind Shopify', orderId: { var: 'input.id' } } },
      { id: 'note', type: 'data.transform', name: 'Route to queue', config: { fields: { queue } } },
      { id: 'tag', type: 'data.transform', name: 'Label', config: { fields: { label } } },
    ],
    [
      ['start', 'out', 'order'],
      ['order', 'out', 'note'],
      ['note', 'out', 'tag'],
    ],
    { name: 'Order review' },
  );
}

type Node = WorkflowDefinition['nodes'][number];

describe('publishing a template and updating its clones', () => {
  it('publishes from the versions panel, lists it for the partner and its customer, and merges a new version into a clone', async () => {
    const { partner, customer } = suite.server.tenants;
    const consultant = await suite.server.signIn(DEMO.consultant);
    const approver = await suite.server.signIn(DEMO.approver);
    const owner = await suite.server.signIn(DEMO.customerOwner);
    expectOk(await consultant.request('POST', `/api/v1/tenants/${partner}/credentials`, { name: 'Northwind Shopify', secret: { type: 'shopify', accessToken: 'shpat_nw' }, allowedHosts: ['contoso.myshopify.com'] }), 201);
    const workflowId = expectOk(await consultant.request<{ id: string }>('POST', `/api/v1/tenants/${partner}/workflows`, { name: 'Order review', definition: partnerDefinition('exceptions', 'review') }), 201).id;
    await submitApproveActivate(consultant, approver, partner, workflowId);

    // The partner's approver publishes version 1.
    const page = await suite.openPage();
    await signIn(page, suite.server.url, DEMO.approver);
    await page.goto(`${suite.server.url}/t/${partner}/workflows/${workflowId}`);
    const ui = new EditorUi(page);
    await ui.node('order').waitFor();
    await ui.openTab('Versions');
    await page.locator('[data-version="1"]').getByRole('button', { name: 'Publish as template' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish as template' });
    await expect(dialog.getByLabel('Address (slug)').inputValue()).resolves.toBe('order-review');
    await dialog.getByLabel('Summary').fill('Fetches an order from the shop and routes it to the review queue.');
    await dialog.getByLabel('Tags (separated by commas)').fill('orders, review');
    await expectAccessible(page, 'the publish dialog');
    await screenshot(page, 'template-publishing-01-dialog');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('is in your customers’ template gallery').or(page.getByText("is in your customers' template gallery")).waitFor();
    await page.getByRole('link', { name: 'Manage your templates' }).click();
    await page.getByRole('heading', { name: 'Templates', level: 2 }).waitFor();
    await page.getByRole('row', { name: /order-review/ }).getByText('In the gallery').waitFor();
    await expectAccessible(page, 'Settings → Templates');
    await screenshot(page, 'template-publishing-02-catalog');

    // The customer sees it; a customer of another partner does not.
    const listed = expectOk(await owner.request<{ slug: string; publisher: { kind: string } }[]>('GET', `/api/v1/tenants/${customer}/templates`));
    expect(listed.find((entry) => entry.slug === 'order-review')?.publisher.kind).toBe('partner');
    const globex = await suite.server.app.tenants.createPartner('Globex Partners', 'globex');
    const initech = await suite.server.app.tenants.createCustomer(globex.id, 'Initech', 'initech');
    expect((await suite.server.app.templates.list(initech)).map((entry) => entry.template.manifest.slug)).not.toContain('order-review');

    // The customer clones it and routes to a queue of its own; the partner then publishes 1.1.0.
    expectOk(await owner.request('POST', `/api/v1/tenants/${customer}/credentials`, { name: 'Contoso shop', secret: { type: 'shopify', accessToken: 'shpat_c' }, allowedHosts: ['contoso.myshopify.com'] }), 201);
    const clone = expectOk(await owner.request<{ id: string; draft: WorkflowDefinition }>('POST', `/api/v1/tenants/${customer}/templates/order-review/clone`, { name: 'Contoso order review', credentials: { shopify: 'Contoso shop' } }), 201);
    const mine = structuredClone(clone.draft);
    (mine.nodes.find((node) => node.id === 'note') as Node).config.fields = { queue: 'contoso-queue' };
    await saveDraft(owner, customer, clone.id, mine);
    await saveDraft(consultant, partner, workflowId, partnerDefinition('partner-queue', 'urgent'));
    await submitApproveActivate(consultant, approver, partner, workflowId);
    expectOk(
      await approver.request('POST', `/api/v1/tenants/${partner}/templates/order-review/versions`, {
        workflowId,
        workflowVersion: 2,
        manifest: { title: 'Order review', summary: 'Fetches an order from the shop and routes it to the review queue.', category: 'Orders', tags: ['orders'], version: '1.1.0', changes: ['Urgent label; the partner queue'] },
        readme: '# Order review\n\nRoutes orders to the review queue.',
      }),
      201,
    );

    // The customer's editor says so; the merge screen applies the clean change and asks about the conflict.
    const customerPage = await suite.openPage();
    await signIn(customerPage, suite.server.url, DEMO.customerOwner);
    await customerPage.goto(`${suite.server.url}/t/${customer}/workflows/${clone.id}`);
    const notice = customerPage.getByTestId('template-update');
    await expect.poll(() => notice.textContent()).toContain('Template Order review 1.1.0 is available (this workflow is on 1.0.0)');
    await screenshot(customerPage, 'template-publishing-03-notice');
    await notice.getByRole('link', { name: 'Review update' }).click();
    await customerPage.getByRole('heading', { name: 'Update from template: Order review' }).waitFor();
    await customerPage.getByRole('list', { name: 'Changes applied to your draft' }).getByText('Label: config.fields').waitFor();
    const apply = customerPage.getByRole('button', { name: 'Apply to draft' });
    await expect(apply.isDisabled()).resolves.toBe(true);
    await customerPage.getByText('1 conflict left to resolve.').waitFor();
    const conflict = customerPage.getByRole('group', { name: 'Route to queue: config.fields' });
    await expect(conflict.textContent()).resolves.toContain('contoso-queue');
    await expectAccessible(customerPage, 'the template update screen');
    await screenshot(customerPage, 'template-publishing-04-merge');
    await conflict.getByLabel('Keep mine').check();
    await apply.click();
    await customerPage.waitForURL(`**/workflows/${clone.id}`);
    await eventually(async () => {
      const draft = expectOk(await owner.request<{ draft: WorkflowDefinition; template: { version: string } }>('GET', `/api/v1/tenants/${customer}/workflows/${clone.id}`));
      return [draft.template.version, draft.draft.nodes.map((node) => node.config.fields ?? null)];
    }).toEqual(['1.1.0', [null, null, { queue: 'contoso-queue' }, { label: 'urgent' }]]);
    await expect(customerPage.getByTestId('template-update').count()).resolves.toBe(0);
  }, 120_000);
});
