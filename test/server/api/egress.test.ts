import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeWorkflow, createWorkflow, expectError, expectOk, sendJson, startLocalHttpServer, waitForRun, type LocalHttpServer, type RunDetail } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface AllowListView {
  entries: string[];
  updatedBy: string | null;
  updatedAt: string | null;
}

/** A server with no egress allow-list at all, as a deployment starts. */
let server: ServerHarness;
/** A local API standing in for a token endpoint and an internal service; nothing may reach it. */
let internal: LocalHttpServer;
let consultant: ApiClient;
let owner: ApiClient;
let customer: string;
let partner: string;

beforeAll(async () => {
  internal = await startLocalHttpServer((request, response) => sendJson(response, 200, { access_token: 'tok', expires_in: 60, url: request.url }));
  server = await startServerHarness();
  ({ customer, partner } = server.tenants);
  consultant = await server.signIn(DEMO.consultant);
  owner = await server.signIn(DEMO.customerOwner);
});
afterAll(async () => {
  await server.close();
  await internal.close();
});

const allowListPath = (tenantId: string) => `/api/v1/tenants/${tenantId}/egress-allowlist`;

/** A designer's test run of an unapproved draft that fetches `url` and outputs what came back. */
async function testFetch(url: string, credential?: string): Promise<RunDetail> {
  const name = `Fetch ${url}`;
  const definition = workflow([{ id: 'start', type: 'trigger.manual' }, { id: 'fetch', type: 'connector.http', config: { url, responseType: 'text', ...(credential ? { credential } : {}) } }], [['start', 'out', 'fetch']], { name });
  const { id } = await createWorkflow(consultant, customer, name, definition);
  const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${id}/test-runs`, { input: {} }), 201);
  return waitForRun(consultant, customer, runId, ['succeeded', 'failed']);
}

describe('a test run cannot make the server call itself or its network (defect 5)', () => {
  it.each([
    'http://127.0.0.1:PORT/metrics',
    'http://localhost:PORT/metrics',
    'http://127.1:PORT/metrics',
    'http://2130706433:PORT/metrics',
    'http://[::ffff:127.0.0.1]:PORT/metrics',
    'http://0.0.0.0:PORT/metrics',
  ])('%s (PORT: the server itself)', async (url) => {
    const run = await testFetch(url.replace('PORT', new URL(server.url).port));
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'EGRESS_BLOCKED', nodeId: 'fetch', retryable: false });
    expect(run.error?.message).toMatch(/was blocked: (127\.0\.0\.1|0\.0\.0\.0) is (a loopback address|the unspecified address)/);
    expect(run.error?.message).toContain('FLOWGATE_EGRESS_ALLOW');
    expect(JSON.stringify(run)).not.toContain('flowgate_');
  });

  it('nor cloud metadata, nor private networks, with a message naming the setting that would allow them', async () => {
    const metadata = await testFetch('http://169.254.169.254/latest/meta-data/');
    expect(metadata.error).toMatchObject({ code: 'EGRESS_BLOCKED' });
    expect(metadata.error?.message).toContain("Only the deployment's allow-list (FLOWGATE_EGRESS_ALLOW) can open it");
    const erp = await testFetch('http://10.20.30.40:8443/orders');
    expect(erp.error?.message).toBe(
      'the connection to 10.20.30.40:8443 was blocked: 10.20.30.40 is a private-network address (RFC 1918). To allow it, add "10.20.30.40:8443" to ' +
        "the workspace's egress allow-list (a workspace owner sets it with PUT /api/v1/tenants/{tenantId}/egress-allowlist), or ask the operator to add it to FLOWGATE_EGRESS_ALLOW.",
    );
  });

  it('and an OAuth2 token endpoint on loopback is refused the same way, before the client secret is sent', async () => {
    const credential = expectOk(
      await consultant.request<{ id: string }>('POST', `/api/v1/tenants/${customer}/credentials`, {
        name: 'loopback-oauth',
        secret: { type: 'oauth2ClientCredentials', tokenUrl: `${internal.url}/token`, clientId: 'flowgate', clientSecret: 'client-secret-value' },
        allowedHosts: ['api.example.com'],
      }),
      201,
    );
    expectOk(await owner.request('PUT', `/api/v1/tenants/${customer}/credentials/${credential.id}/allow-drafts`, { allowDrafts: true }));
    const run = await testFetch('https://api.example.com/orders', 'loopback-oauth');
    expect(run.error).toMatchObject({ code: 'EGRESS_BLOCKED', nodeId: 'fetch' });
    expect(run.error?.message).toContain(`the connection to ${new URL(internal.url).host} was blocked: 127.0.0.1 is a loopback address`);
    expect(internal.requests).toEqual([]);
  });
});

describe("the workspace's egress allow-list", () => {
  it('is empty until an owner sets it, and only owners may', async () => {
    expect(expectOk(await consultant.request<AllowListView>('GET', allowListPath(customer)))).toEqual({ entries: [], updatedBy: null, updatedAt: null });
    expect(expectError(await consultant.request('PUT', allowListPath(customer), { entries: ['10.0.0.0/8:443'] }), 403, 'FORBIDDEN').message).toContain('change workspace policies');
    const set = expectOk(await owner.request<AllowListView>('PUT', allowListPath(customer), { entries: ['10.0.0.0/8:443', 'ERP.contoso.internal:8443', '[FD00::/8]:*', '10.0.0.0/8:443'] }));
    expect(set).toMatchObject({ entries: ['10.0.0.0/8:443', 'erp.contoso.internal:8443', '[fd00::/8]:*'], updatedBy: owner.userId });
    expect(expectOk(await consultant.request<AllowListView>('GET', allowListPath(customer)))).toEqual(set);
    const audit = (await server.app.sql.get("SELECT actor_id, details FROM audit_log WHERE tenant_id = ? AND action = 'tenant.egress.update' ORDER BY seq DESC LIMIT 1", [customer])) as { actor_id: string; details: string };
    expect(audit.actor_id).toBe(owner.userId);
    expect(JSON.parse(audit.details)).toEqual({ entries: set.entries });
  });

  it.each([
    ['127.0.0.1:8080', /covers 127\.0\.0\.1, a loopback address/],
    ['169.254.169.254:80', /covers 169\.254\.169\.254, a link-local address/],
    ['[::1]:80', /covers ::1, a loopback address/],
    ['0.0.0.0/0:*', /covers 0\.0\.0\.0, the unspecified address/],
    ['erp.internal', /needs a port/],
  ])('refuses %s, saying where and why', async (entry, message) => {
    const error = expectError(await owner.request('PUT', allowListPath(customer), { entries: ['10.0.0.0/8:443', entry] }), 400, 'INVALID_REQUEST');
    expect(error.details[0]?.path).toBe('body.entries.1');
    expect(error.details[0]?.message).toMatch(message);
  });

  it('never opens loopback, even through a host name the owner lists', async () => {
    const port = new URL(server.url).port;
    expectOk(await owner.request('PUT', allowListPath(customer), { entries: [`localhost:${port}`] }));
    const run = await testFetch(`http://localhost:${port}/metrics`);
    expect(run.error).toMatchObject({ code: 'EGRESS_BLOCKED' });
    expect(run.error?.message).toContain("Only the deployment's allow-list (FLOWGATE_EGRESS_ALLOW) can open it");
  });

  it("belongs to one workspace: a customer does not inherit its partner's list", async () => {
    const partnerOwner = await server.signIn(DEMO.partnerOwner);
    expectOk(await partnerOwner.request('PUT', allowListPath(partner), { entries: ['10.99.0.0/16:*'] }));
    expect(expectOk(await owner.request<AllowListView>('GET', allowListPath(customer))).entries).not.toContain('10.99.0.0/16:*');
    expect(server.app.egressAllowLists.entries(customer)).not.toContain('10.99.0.0/16:*');
  });
});

describe('the deployment allow-list', () => {
  it('opens a loopback service for every workspace, and nothing else', async () => {
    const deployment = await startServerHarness({ egressAllow: [new URL(internal.url).host] });
    try {
      const designer = await deployment.signIn(DEMO.consultant);
      const approver = await deployment.signIn(DEMO.approver);
      const tenantId = deployment.tenants.customer;
      const call = (id: string, url: string) => ({ id, type: 'connector.http', config: { url } });
      const definition = workflow([{ id: 'start', type: 'trigger.manual' }, call('allowed', `${internal.url}/through-the-list`), call('self', `${deployment.url}/metrics`)], [['start', 'out', 'allowed'], ['allowed', 'out', 'self']], { name: 'Deployment list' });
      const workflowId = await activeWorkflow(designer, approver, tenantId, 'Deployment list', definition);
      const { runId } = expectOk(await designer.request<{ runId: string }>('POST', `/api/v1/tenants/${tenantId}/workflows/${workflowId}/runs`, { input: {} }), 201);
      const run = await waitForRun(designer, tenantId, runId, ['succeeded', 'failed']);
      expect(run.steps.find((step) => step.nodeId === 'allowed')?.status).toBe('succeeded');
      expect(internal.requests.map((request) => request.url)).toEqual(['/through-the-list']);
      expect(run.error).toMatchObject({ code: 'EGRESS_BLOCKED', nodeId: 'self' });
    } finally {
      await deployment.close();
    }
  });
});
