import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectOk } from '../../support/api-helpers.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface Summary {
  slug: string;
  title: string;
  category: string;
  version: string;
}
interface Detail extends Summary {
  parameters: { properties: Record<string, { default: unknown }> };
  readme: string;
  definition: { nodes: unknown[] };
  samples: Record<string, unknown>;
}
interface Cloned {
  id: string;
  name: string;
  draft: { name: string; params: { name: string; default?: unknown }[] };
  problems: unknown[];
  template: { slug: string; version: string };
}

let server: ServerHarness;
let consultant: ApiClient;
let operator: ApiClient;
let customer: string;
let partner: string;
const base = (tenant: string) => `/api/v1/tenants/${tenant}/templates`;

beforeAll(async () => {
  server = await startServerHarness();
  ({ customer, partner } = server.tenants);
  consultant = await server.signIn(DEMO.consultant);
  operator = await server.signIn(DEMO.operator);
});
afterAll(() => server.close());

describe('the template gallery', () => {
  it('lists the built-in templates and shows one with its parameters, README, definition and samples', async () => {
    const listed = expectOk(await operator.request<Summary[]>('GET', base(customer)));
    expect(listed.map((template) => template.slug)).toContain('order-exception-routing');
    const detail = expectOk(await operator.request<Detail>('GET', `${base(customer)}/order-exception-routing`));
    expect(detail).toMatchObject({ title: 'Order exception routing', category: 'Orders', version: '1.0.0' });
    expect(detail.parameters.properties.reviewThreshold?.default).toBe(500);
    expect(detail.readme).toMatch(/^# Order exception routing/);
    expect(detail.definition.nodes.length).toBeGreaterThan(3);
    expect(Object.keys(detail.samples)).toEqual(['large-order', 'small-order']);
    // Without a sandbox beside the server, there are no sandbox addresses to offer.
    expect(expectOk(await operator.request<{ sandboxSettings: unknown }>('GET', `${base(customer)}/order-to-cash`)).sandboxSettings).toBeNull();
  });

  it('answers 404 for a template that does not exist and 400 for a malformed slug', async () => {
    expectError(await operator.request('GET', `${base(customer)}/no-such-template`), 404, 'NOT_FOUND');
    expectError(await operator.request('GET', `${base(customer)}/Not_A_Slug`), 400);
  });
});

describe('every built-in template', () => {
  it('clones through the API with a credential of each connection type, into a draft without problems', async () => {
    const listed = expectOk(await consultant.request<(Summary & { connectors: { key: string; credentialTypes: string[] }[] })[]>('GET', base(partner)));
    expect(listed.length).toBeGreaterThanOrEqual(10);
    const secrets: Record<string, Record<string, unknown>> = {
      shopify: { type: 'shopify', accessToken: 'shpat_every' },
      oauth2ClientCredentials: { type: 'oauth2ClientCredentials', tokenUrl: 'https://login.microsoftonline.com/t/oauth2/v2.0/token', clientId: 'id', clientSecret: 'secret', scope: 'https://api.businesscentral.dynamics.com/.default' },
      basic: { type: 'basic', username: 'user', password: 'password' },
      webhookUrl: { type: 'webhookUrl', url: 'https://hooks.slack.com/services/T/B/x' },
    };
    for (const [type, secret] of Object.entries(secrets)) {
      expectOk(await consultant.request('POST', `/api/v1/tenants/${partner}/credentials`, { name: `Every ${type}`, secret, allowedHosts: ['example.com'] }), 201);
    }
    for (const template of listed) {
      const credentials = Object.fromEntries(template.connectors.map((connector) => [connector.key, `Every ${connector.credentialTypes[0] ?? ''}`]));
      const cloned = expectOk(await consultant.request<Cloned>('POST', `${base(partner)}/${template.slug}/clone`, { name: `Every: ${template.title}`, credentials }), 201);
      expect([template.slug, cloned.problems]).toEqual([template.slug, []]);
      expect(cloned.template).toEqual({ slug: template.slug, version: template.version });
    }
  });
});

describe('cloning a template', () => {
  it('creates a draft with the parameter values as its params, remembering the template and version, audited', async () => {
    const cloned = expectOk(
      await consultant.request<Cloned>('POST', `${base(partner)}/order-exception-routing/clone`, { name: 'Exceptions for Contoso', params: { reviewThreshold: 1200 } }),
      201,
    );
    expect(cloned.template).toEqual({ slug: 'order-exception-routing', version: '1.0.0' });
    expect(cloned.name).toBe('Exceptions for Contoso');
    expect(cloned.draft.name).toBe('Exceptions for Contoso');
    expect(cloned.draft.params.find((param) => param.name === 'reviewThreshold')?.default).toBe(1200);
    expect(cloned.problems).toEqual([]);
    const audit = expectOk(await server.signIn(DEMO.partnerOwner).then((owner) => owner.request<{ items: { action: string; targetId: string; details: Record<string, unknown> }[] }>('GET', `/api/v1/tenants/${partner}/audit?action=template.clone`)));
    expect(audit.items.find((item) => item.targetId === cloned.id)).toMatchObject({ action: 'template.clone', targetId: cloned.id, details: { template: 'order-exception-routing', version: '1.0.0' } });
  });

  it('uses the defaults for parameters not given', async () => {
    const cloned = expectOk(await consultant.request<Cloned>('POST', `${base(partner)}/order-exception-routing/clone`, { name: 'With defaults' }), 201);
    expect(cloned.draft.params.find((param) => param.name === 'reviewThreshold')?.default).toBe(500);
  });

  it('refuses parameter values that do not fit, naming each at params.<name>, and creates nothing', async () => {
    const before = expectOk(await consultant.request<unknown[]>('GET', `/api/v1/tenants/${partner}/workflows`)).length;
    const error = expectError(
      await consultant.request('POST', `${base(partner)}/order-exception-routing/clone`, { name: 'Bad', params: { reviewThreshold: -1, region: 'EU' } }),
      422,
    );
    expect(error.details.map((detail) => detail.path).sort()).toEqual(['params.region', 'params.reviewThreshold']);
    expect(error.details.find((detail) => detail.path === 'params.region')?.message).toContain('is no parameter of the template');
    const wrongType = expectError(await consultant.request('POST', `${base(partner)}/order-exception-routing/clone`, { name: 'Bad', params: { reviewThreshold: 'lots' } }), 422);
    expect(wrongType.details[0]?.path).toBe('params.reviewThreshold');
    expect(expectOk(await consultant.request<unknown[]>('GET', `/api/v1/tenants/${partner}/workflows`))).toHaveLength(before);
  });

  it('refuses a credential for a connector the template does not have, and a body without a name', async () => {
    const error = expectError(await consultant.request('POST', `${base(partner)}/order-exception-routing/clone`, { name: 'X', credentials: { shop: 'Shopify (sandbox)' } }), 422);
    expect(error.details).toEqual([{ path: 'credentials.shop', message: 'is no connector of the template' }]);
    expectError(await consultant.request('POST', `${base(partner)}/order-exception-routing/clone`, { params: {} }), 400);
  });

  it('creates a credential in the same step, bound to the connector and audited, and refuses a bad one where it is', async () => {
    const newShop = { name: 'Fabrikam shop', secret: { type: 'shopify', accessToken: 'shpat_fabrikam' }, allowedHosts: ['fabrikam.myshopify.com'] };
    const credentials = { shop: newShop, erp: 'Every oauth2ClientCredentials', chat: 'Every webhookUrl' };
    const cloned = expectOk(await consultant.request<Cloned & { draft: { nodes: { type: string; config: { credential?: string } }[] } }>('POST', `${base(partner)}/order-to-cash/clone`, { name: 'Fabrikam order to cash', credentials }), 201);
    const shopSteps = cloned.draft.nodes.filter((node) => node.type.startsWith('connector.shopify.'));
    expect(shopSteps.length).toBeGreaterThan(0);
    expect(shopSteps.map((node) => node.config.credential)).toEqual(shopSteps.map(() => 'Fabrikam shop'));
    const listed = expectOk(await consultant.request<{ name: string; type: string; allowedHosts: string[] }[]>('GET', `/api/v1/tenants/${partner}/credentials`));
    expect(listed.find((credential) => credential.name === 'Fabrikam shop')).toMatchObject({ type: 'shopify', allowedHosts: ['fabrikam.myshopify.com'] });
    expect(JSON.stringify(cloned)).not.toContain('shpat_fabrikam');
    const owner = await server.signIn(DEMO.partnerOwner);
    const audit = expectOk(await owner.request<{ items: { action: string; details: Record<string, unknown> }[] }>('GET', `/api/v1/tenants/${partner}/audit?action=credential.create`));
    expect(audit.items.find((item) => item.details.name === 'Fabrikam shop')?.details).toMatchObject({ type: 'shopify', template: 'order-to-cash' });

    const count = async () => [expectOk(await consultant.request<unknown[]>('GET', `/api/v1/tenants/${partner}/workflows`)).length, expectOk(await consultant.request<unknown[]>('GET', `/api/v1/tenants/${partner}/credentials`)).length];
    const before = await count();
    const badHosts = expectError(await consultant.request('POST', `${base(partner)}/order-to-cash/clone`, { name: 'X', credentials: { ...credentials, shop: { ...newShop, name: 'Other shop', allowedHosts: [] } } }), 400);
    expect(badHosts.details.map((detail) => detail.path)).toContain('body.credentials.shop.allowedHosts');
    // A new credential of the wrong type, a taken name, or a bad parameter: nothing is created.
    const wrongType = { ...newShop, name: 'Slack by mistake', secret: { type: 'webhookUrl', url: 'https://hooks.slack.com/services/T/B/x' } };
    expect(expectError(await consultant.request('POST', `${base(partner)}/order-to-cash/clone`, { name: 'X', credentials: { ...credentials, shop: wrongType } }), 422).details[0]?.path).toBe('credentials.shop');
    expectError(await consultant.request('POST', `${base(partner)}/order-to-cash/clone`, { name: 'X', credentials }), 409);
    expectError(await consultant.request('POST', `${base(partner)}/order-to-cash/clone`, { name: 'X', params: { tolerance: -1 }, credentials: { ...credentials, shop: { ...newShop, name: 'Third shop' } } }), 422);
    expect(await count()).toEqual(before);
  });

  it('answers an update check of a draft that is no workflow definition with 422 saying where', async () => {
    const cloned = expectOk(await consultant.request<Cloned & { revision: number }>('POST', `${base(partner)}/order-exception-routing/clone`, { name: 'Half edited' }), 201);
    const path = `/api/v1/tenants/${partner}/workflows/${cloned.id}`;
    for (const [revision, draft] of [{ schemaVersion: 1, name: 'Half edited' }, { schemaVersion: 1, name: 'Half edited', nodes: 'none', edges: [{}] }].entries()) {
      expectOk(await consultant.request('PUT', path, { revision: cloned.revision + revision, definition: draft }));
      const error = expectError(await consultant.request('GET', `${path}/template-update`), 422);
      expect(error.message).toContain('the draft is no workflow definition');
      expect(error.details.length).toBeGreaterThan(0);
    }
  });

  it("answers an update check of a workflow that does not exist, or is another workspace's, as not found", async () => {
    const partnerWorkflow = expectOk(await consultant.request<{ id: string }>('POST', `${base(partner)}/order-exception-routing/clone`, { name: 'Partner only' }), 201).id;
    const owner = await server.signIn(DEMO.customerOwner);
    for (const id of [partnerWorkflow, 'no-such-workflow']) {
      expect(expectError(await owner.request('GET', `/api/v1/tenants/${customer}/workflows/${id}/template-update`), 404).message).toBe('the workflow was not found');
    }
  });

  it('lets only people who may create workflows clone', async () => {
    expectError(await operator.request('POST', `${base(customer)}/order-exception-routing/clone`, { name: 'Operator clone' }), 403);
  });
});
