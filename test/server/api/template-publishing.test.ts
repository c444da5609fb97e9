import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../runtime/definition/index.js';
import { createMember } from '../../support/accounts.js';
import { expectError, expectOk, saveDraft, submitApproveActivate } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface Summary {
  slug: string;
  version: string;
  publisher: { kind: string; name?: string };
}
interface Detail extends Summary {
  connectors: { key: string; system: string; credentialTypes: string[] }[];
  parameters: { properties: Record<string, { type: string; default: unknown }> };
  definition: WorkflowDefinition;
  versions: { version: string }[];
}
interface Opened {
  revision: number;
  draft: WorkflowDefinition;
  template: { slug: string; version: string; latestVersion: string } | null;
}
interface Update {
  upToDate: boolean;
  revision: number;
  source: { version: string };
  latest: { version: string; changelog: { version: string; changes: string[] }[] };
  applied: { id: string }[];
  conflicts: { id: string; base: unknown; theirs: unknown; mine: unknown }[];
}

const SLUG = 'northwind-order-review';
let server: ServerHarness;
let partner: string;
let customer: string;
let consultant: ApiClient;
let approver: ApiClient;
let customerOwner: ApiClient;
let otherPartnerOwner: ApiClient;
let otherCustomerOwner: ApiClient;
let otherPartner: string;
let otherCustomer: string;
let partnerWorkflow: string;

/** The partner's workflow: an order fetched from the customer's shop, routed to a queue and labelled. */
function partnerDefinition(queue: string, label: string): WorkflowDefinition {
  return workflow(
    [
      { id: 'start', type: 'trigger.manual', name: 'Start' },
      { id: 'order', type: 'connector.shopify.getOrder', name: 'Fetch the order', config: { shopUrl: 'https://contoso.myshopify.com', credential: 'Northwind Shopify', orderId: { var: 'input.id' } } },
      { id: 'note', type: 'data.transform', name: 'Route to queue', config: { fields: { queue, limit: { var: 'params.threshold' } } } },
      { id: 'tag', type: 'data.transform', name: 'Label', config: { fields: { label } } },
    ],
    [
      ['start', 'out', 'order'],
      ['order', 'out', 'note'],
      ['note', 'out', 'tag'],
    ],
    { name: 'Order review', params: [{ name: 'threshold', type: 'number', title: 'Review above (EUR)', default: 500 }] },
  );
}

const manifest = (version: string, changes: string[]) => ({ title: 'Order review', summary: 'Fetches an order from the shop and routes it to the review queue.', category: 'Orders', tags: ['orders', 'review'], version, changes });
const readme = '# Order review\n\nWhen to use it: orders that need a second look. Configure the shop connection.';

beforeAll(async () => {
  server = await startServerHarness();
  ({ partner, customer } = server.tenants);
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  customerOwner = await server.signIn(DEMO.customerOwner);
  const globex = await server.app.tenants.createPartner('Globex Partners', 'globex');
  const initech = await server.app.tenants.createCustomer(globex.id, 'Initech Wholesale', 'initech');
  [otherPartner, otherCustomer] = [globex.id, initech.id];
  otherPartnerOwner = (await createMember(server, globex.id, 'owner@globex.example', ['owner'])).client;
  otherCustomerOwner = (await createMember(server, initech.id, 'owner@initech.example', ['owner'])).client;
  expectOk(await consultant.request('POST', `/api/v1/tenants/${partner}/credentials`, { name: 'Northwind Shopify', secret: { type: 'shopify', accessToken: 'shpat_northwind' }, allowedHosts: ['contoso.myshopify.com'] }), 201);
  partnerWorkflow = expectOk(await consultant.request<{ id: string }>('POST', `/api/v1/tenants/${partner}/workflows`, { name: 'Order review', definition: partnerDefinition('exceptions', 'review') }), 201).id;
  await submitApproveActivate(consultant, approver, partner, partnerWorkflow);
}, 60_000);
afterAll(() => server.close());

describe("a partner's private templates", () => {
  it("are published from an approved version, seen by the partner's customers only, and never name the partner's credential", async () => {
    const published = expectOk(await approver.request<Detail>('POST', `/api/v1/tenants/${partner}/templates`, { workflowId: partnerWorkflow, workflowVersion: 1, manifest: { slug: SLUG, ...manifest('1.0.0', ['First version']) }, readme }), 201);
    expect(published.publisher).toEqual({ kind: 'partner', tenantId: partner, name: 'Northwind Integrations' });
    expect(published.connectors).toEqual([{ key: 'shopify', system: 'Shopify', credentialTypes: ['shopify'], description: 'The Shopify connection of your workspace', settings: {} }]);
    expect(published.parameters.properties.threshold).toMatchObject({ type: 'number', default: 500 });
    expect(JSON.stringify(published.definition)).not.toContain('Northwind Shopify');

    const listed = expectOk(await customerOwner.request<Summary[]>('GET', `/api/v1/tenants/${customer}/templates`));
    expect(listed.find((entry) => entry.slug === SLUG)?.publisher.kind).toBe('partner');
    expect(listed.some((entry) => entry.publisher.kind === 'flowgate')).toBe(true);
    for (const [client, tenant] of [
      [otherPartnerOwner, otherPartner],
      [otherCustomerOwner, otherCustomer],
    ] as const) {
      expect(expectOk(await client.request<Summary[]>('GET', `/api/v1/tenants/${tenant}/templates`)).map((entry) => entry.slug)).not.toContain(SLUG);
      expectError(await client.request('GET', `/api/v1/tenants/${tenant}/templates/${SLUG}`), 404);
      expectError(await client.request('POST', `/api/v1/tenants/${tenant}/templates/${SLUG}/clone`, { name: 'Stolen' }), 404);
    }
  });

  it('refuses customers, taken or built-in slugs, unapproved versions and bad manifests, saying where', async () => {
    const body = { workflowId: partnerWorkflow, workflowVersion: 1, manifest: { slug: 'contoso-own', ...manifest('1.0.0', ['x']) }, readme };
    expect(expectError(await customerOwner.request('POST', `/api/v1/tenants/${customer}/templates`, body), 403).message).toContain('only partner workspaces publish templates');
    expectError(await approver.request('POST', `/api/v1/tenants/${partner}/templates`, { ...body, manifest: { ...body.manifest, slug: SLUG } }), 409);
    expectError(await approver.request('POST', `/api/v1/tenants/${partner}/templates`, { ...body, manifest: { ...body.manifest, slug: 'order-exception-routing' } }), 409);
    expectError(await approver.request('POST', `/api/v1/tenants/${partner}/templates`, { ...body, workflowVersion: 9 }), 404);
    const refused = expectError(await approver.request('POST', `/api/v1/tenants/${partner}/templates`, { ...body, manifest: { ...body.manifest, summary: 'short', tags: ['Bad Tag'] } }), 400);
    expect(refused.details.map((detail) => detail.path).sort()).toEqual(['body.manifest.summary', 'body.manifest.tags.0']);
  });
});

describe('a cloned workflow follows its template', () => {
  it('merges a new template version into the draft: the clean change applied, the conflict chosen, the rest of the draft kept', async () => {
    expectOk(await customerOwner.request('POST', `/api/v1/tenants/${customer}/credentials`, { name: 'Contoso shop', secret: { type: 'shopify', accessToken: 'shpat_contoso' }, allowedHosts: ['contoso.myshopify.com'] }), 201);
    const cloned = expectOk(
      await customerOwner.request<{ id: string; template: { version: string } }>('POST', `/api/v1/tenants/${customer}/templates/${SLUG}/clone`, { name: 'Contoso order review', params: { threshold: 800 }, credentials: { shopify: 'Contoso shop' } }),
      201,
    );
    expect(cloned.template).toEqual({ slug: SLUG, version: '1.0.0' });
    const opened = expectOk(await customerOwner.request<Opened>('GET', `/api/v1/tenants/${customer}/workflows/${cloned.id}`));
    expect(opened.template).toEqual({ slug: SLUG, title: 'Order review', version: '1.0.0', latestVersion: '1.0.0' });
    expect(opened.draft.nodes.find((node) => node.id === 'order')?.config.credential).toBe('Contoso shop');
    // The customer routes to a queue of its own.
    const mine = structuredClone(opened.draft);
    (mine.nodes.find((node) => node.id === 'note') as WorkflowDefinition['nodes'][number]).config.fields = { queue: 'contoso-queue', limit: { var: 'params.threshold' } };
    await saveDraft(customerOwner, customer, cloned.id, mine);
    expect(expectOk(await customerOwner.request<Update>('GET', `/api/v1/tenants/${customer}/workflows/${cloned.id}/template-update`)).upToDate).toBe(true);

    // The partner changes the same field (a conflict) and another one (clean), and publishes 1.1.0.
    await saveDraft(consultant, partner, partnerWorkflow, partnerDefinition('partner-queue', 'urgent'));
    expect(await submitApproveActivate(consultant, approver, partner, partnerWorkflow)).toBe(2);
    const next = { workflowId: partnerWorkflow, workflowVersion: 2, manifest: manifest('1.1.0', ['Urgent label, partner queue']), readme };
    expectError(await approver.request('POST', `/api/v1/tenants/${partner}/templates/${SLUG}/versions`, { ...next, manifest: manifest('1.0.0', ['again']) }), 409);
    expect(expectOk(await approver.request<Detail>('POST', `/api/v1/tenants/${partner}/templates/${SLUG}/versions`, next), 201).versions.map((entry) => entry.version)).toEqual(['1.1.0', '1.0.0']);

    const notice = expectOk(await customerOwner.request<Opened>('GET', `/api/v1/tenants/${customer}/workflows/${cloned.id}`)).template;
    expect(notice).toMatchObject({ version: '1.0.0', latestVersion: '1.1.0' });
    const update = expectOk(await customerOwner.request<Update>('GET', `/api/v1/tenants/${customer}/workflows/${cloned.id}/template-update`));
    expect(update.upToDate).toBe(false);
    expect(update.latest.changelog).toEqual([expect.objectContaining({ version: '1.1.0', changes: ['Urgent label, partner queue'] })]);
    expect(update.applied.map((change) => change.id)).toEqual(['tag:config.fields']);
    expect(update.conflicts).toEqual([
      {
        id: 'note:config.fields',
        nodeId: 'note',
        nodeName: 'Route to queue',
        field: 'config.fields',
        base: { queue: 'exceptions', limit: { var: 'params.threshold' } },
        theirs: { queue: 'partner-queue', limit: { var: 'params.threshold' } },
        mine: { queue: 'contoso-queue', limit: { var: 'params.threshold' } },
      },
    ]);

    const path = `/api/v1/tenants/${customer}/workflows/${cloned.id}/template-update`;
    const unresolved = expectError(await customerOwner.request('POST', path, { version: '1.1.0', revision: update.revision, resolutions: {} }), 422);
    expect(unresolved.details.map((detail) => detail.path)).toEqual(['resolutions.note:config.fields']);
    expectError(await customerOwner.request('POST', path, { version: '1.1.0', revision: update.revision - 1, resolutions: { 'note:config.fields': 'mine' } }), 409);
    expectError(await customerOwner.request('POST', path, { version: '1.0.0', revision: update.revision, resolutions: { 'note:config.fields': 'mine' } }), 409);
    const merged = expectOk(await customerOwner.request<Opened>('POST', path, { version: '1.1.0', revision: update.revision, resolutions: { 'note:config.fields': 'mine' } }));
    const fields = (id: string) => merged.draft.nodes.find((node) => node.id === id)?.config.fields;
    expect(fields('note')).toEqual({ queue: 'contoso-queue', limit: { var: 'params.threshold' } });
    expect(fields('tag')).toEqual({ label: 'urgent' });
    expect(merged.draft.params.find((param) => param.name === 'threshold')?.default).toBe(800);
    expect(merged.draft.nodes.find((node) => node.id === 'order')?.config.credential).toBe('Contoso shop');
    const after = expectOk(await customerOwner.request<Update>('GET', path));
    expect([after.upToDate, after.source.version]).toEqual([true, '1.1.0']);
    const audit = await server.app.sql.all<{ action: string }>("SELECT action FROM audit_log WHERE tenant_id = ? AND action LIKE 'template.%' ORDER BY seq", [customer]);
    expect(audit.map((entry) => entry.action)).toEqual(['template.clone', 'template.update']);

    // The partner's catalog counts the clone; withdrawing hides the template from the gallery, not from its clones.
    const catalog = expectOk(await approver.request<{ slug: string; clones: number; withdrawn: boolean }[]>('GET', `/api/v1/tenants/${partner}/published-templates`));
    expect(catalog).toEqual([expect.objectContaining({ slug: SLUG, clones: 1, withdrawn: false, version: '1.1.0' })]);
    expectOk(await approver.request('POST', `/api/v1/tenants/${partner}/templates/${SLUG}/withdraw`));
    expect(expectOk(await customerOwner.request<Summary[]>('GET', `/api/v1/tenants/${customer}/templates`)).map((entry) => entry.slug)).not.toContain(SLUG);
    expectError(await customerOwner.request('POST', `/api/v1/tenants/${customer}/templates/${SLUG}/clone`, { name: 'Too late', credentials: { shopify: 'Contoso shop' } }), 404);
    expect(expectOk(await customerOwner.request<Opened>('GET', `/api/v1/tenants/${customer}/workflows/${cloned.id}`)).template?.latestVersion).toBe('1.1.0');
    expectOk(await approver.request('POST', `/api/v1/tenants/${partner}/templates/${SLUG}/restore`));
    expect(expectOk(await customerOwner.request<Summary[]>('GET', `/api/v1/tenants/${customer}/templates`)).map((entry) => entry.slug)).toContain(SLUG);
  });
});
