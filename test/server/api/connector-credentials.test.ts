import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../../server/sandbox/credentials.js';
import { createWorkflow, expectOk, waitForRun } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';
import { BC_API, BC_TOKEN_PATH, startTestSandbox, type TestSandbox } from '../sandbox/sandbox-harness.js';

/**
 * Typed connectors through the real server: the credential store resolves a connector's
 * credential for it (an OAuth2 token fetched with the client credentials and cached), and hands out
 * a new token when the API refused the cached one.
 */
let sandbox: TestSandbox;
let server: ServerHarness;
let owner: ApiClient;
let consultant: ApiClient;
let customer: string;
const bc = DEMO_CREDENTIALS.businessCentral;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  server = await startServerHarness({ egressAllow: [new URL(sandbox.url).host] });
  customer = server.tenants.customer;
  owner = await server.signIn(DEMO.customerOwner);
  consultant = await server.signIn(DEMO.consultant);
  const credential = expectOk(
    await owner.request<{ id: string }>('POST', `/api/v1/tenants/${customer}/credentials`, {
      name: 'Contoso ERP',
      secret: { type: 'oauth2ClientCredentials', tokenUrl: `${sandbox.url}${BC_TOKEN_PATH}`, clientId: bc.clientId, clientSecret: bc.clientSecret, scope: bc.scope },
      allowedHosts: [new URL(sandbox.url).hostname],
    }),
    201,
  );
  expectOk(await owner.request('PUT', `/api/v1/tenants/${customer}/credentials/${credential.id}/allow-drafts`, { allowDrafts: true }));
});
afterAll(async () => {
  await server.close();
  await sandbox.close();
});

describe('a Business Central step through the credential store', () => {
  it('fetches the token once for many steps and, when Business Central refuses it, a new one once', async () => {
    const definition = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'vendors', type: 'connector.businessCentral.listVendors', config: { apiUrl: `${sandbox.url}${BC_API}`, companyId: bc.companyId, credential: 'Contoso ERP', maxItems: 3 } },
      ],
      [['start', 'out', 'vendors']],
    );
    const created = await createWorkflow(consultant, customer, 'Vendors from the ERP', definition);
    const testRun = async () => {
      const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${created.id}/test-runs`, { input: {} }), 201);
      return waitForRun(consultant, customer, runId, ['succeeded', 'failed']);
    };
    const tokenRequests = () => sandbox.sandbox.records.calls('business-central').filter((call) => call.path.includes('/oauth2/')).length;

    expect((await testRun()).status).toBe('succeeded');
    expect((await testRun()).status).toBe('succeeded');
    expect(tokenRequests()).toBe(1);

    sandbox.advance(3_600_000);
    const afterExpiry = await testRun();
    expect(afterExpiry.status, JSON.stringify(afterExpiry.steps.map((step) => step.error))).toBe('succeeded');
    expect(tokenRequests()).toBe(2);
    const vendorCalls = sandbox.sandbox.records.calls('business-central').filter((call) => call.path.includes('/vendors'));
    expect(vendorCalls.map((call) => call.status)).toEqual([200, 200, 401, 200]);
  });
});
