import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiConnector, ApiConnectorSummary } from '../../../server/contract/api-connectors.js';
import { createMember } from '../../support/accounts.js';
import { activeWorkflow, createWorkflow, expectError, expectOk, saveDraft, sendJson, startLocalHttpServer, waitForRun, type LocalHttpServer } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/openapi/${name}`, import.meta.url), 'utf8');
const petstore = fixture('petstore-3.0.yaml');
const businessCentral = fixture('business-central-3.1.json');

type Imported = ApiConnector & { diff: { added: string[]; removed: string[]; changed: { id: string; parts: string[] }[] } | null };

/** A loopback server standing in for both APIs and the OAuth2 token endpoint. */
let api: LocalHttpServer;
let server: ServerHarness;
let partnerOwner: ApiClient;
let consultant: ApiClient;
let approver: ApiClient;
let customerOwner: ApiClient;
let foreignCustomerOwner: ApiClient;
let partner: string;
let customer: string;
let foreignCustomer: string;

beforeAll(async () => {
  api = await startLocalHttpServer((request, response) => {
    if (request.url === '/token') return sendJson(response, 200, { access_token: 'bc-access-token-1', token_type: 'Bearer', expires_in: 3600 });
    if (request.url.startsWith('/bc/companies')) return sendJson(response, request.method === 'POST' ? 201 : 200, request.method === 'POST' ? { id: 'so-1', number: 'S-1001' } : { value: [{ number: 'S-1' }] });
    if (request.url === '/pets/pet/99') return sendJson(response, 404, { code: 404, message: 'Pet not found' });
    return sendJson(response, 200, { id: 7, name: 'doggie', photoUrls: [] });
  });
  server = await startServerHarness({ egressAllow: [new URL(api.url).host] });
  ({ partner, customer } = server.tenants);
  partnerOwner = await server.signIn(DEMO.partnerOwner);
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  customerOwner = await server.signIn(DEMO.customerOwner);
  const globex = await server.app.tenants.createPartner('Globex Consulting', 'globex');
  foreignCustomer = (await server.app.tenants.createCustomer(globex.id, 'Initech Wholesale', 'initech')).id;
  foreignCustomerOwner = (await createMember(server, foreignCustomer, 'owner@initech.example', ['owner'])).client;
}, 60_000);
afterAll(async () => {
  await server.close();
  await api.close();
});

const connectorsPath = (tenantId: string) => `/api/v1/tenants/${tenantId}/api-connectors`;

async function importConnector(name: string, document: string, baseUrl?: string): Promise<Imported> {
  return expectOk(await partnerOwner.request<Imported>('POST', connectorsPath(partner), { name, document, ...(baseUrl ? { baseUrl } : {}) }), 201);
}

describe('importing, listing and reading API connectors', () => {
  let petstoreId: string;

  it('imports the Petstore document as a partner owner, with its operations and forms', async () => {
    const imported = await importConnector('Petstore', petstore);
    petstoreId = imported.id;
    expect(imported).toMatchObject({ name: 'Petstore', version: 1, editable: true, baseUrl: 'https://petstore3.swagger.io/api/v3', operationCount: 7, diff: null });
    expect(imported.operations.find((operation) => operation.id === 'getPetById')).toMatchObject({ method: 'GET', path: '/pet/{petId}', parameters: [{ name: 'petId', in: 'path' }] });
    const audit = expectOk(await partnerOwner.request<{ items: { action: string; targetId: string }[] }>('GET', `/api/v1/tenants/${partner}/audit?limit=5`));
    expect(audit.items.some((entry) => entry.action === 'api-connector.import' && entry.targetId === petstoreId)).toBe(true);
  });

  it("lists it in the partner workspace and, read-only, in the partner's customer's", async () => {
    const own = expectOk(await consultant.request<ApiConnectorSummary[]>('GET', connectorsPath(partner)));
    expect(own.map((connector) => [connector.name, connector.editable])).toEqual([['Petstore', false]]);
    const seen = expectOk(await customerOwner.request<ApiConnectorSummary[]>('GET', connectorsPath(customer)));
    expect(seen).toMatchObject([{ id: petstoreId, name: 'Petstore', ownerTenantId: partner, editable: false }]);
    const detail = expectOk(await customerOwner.request<ApiConnector>('GET', `${connectorsPath(customer)}/${petstoreId}`));
    expect(detail.operations).toHaveLength(7);
  });

  it('refuses changes from customers and from partner members who are not owners', async () => {
    expectError(await customerOwner.request('POST', connectorsPath(customer), { name: 'Mine', document: petstore }), 403, 'FORBIDDEN');
    expectError(await customerOwner.request('DELETE', `${connectorsPath(customer)}/${petstoreId}`), 403, 'FORBIDDEN');
    expectError(await consultant.request('POST', connectorsPath(partner), { name: 'Mine', document: petstore }), 403, 'FORBIDDEN');
    expectError(await consultant.request('POST', `${connectorsPath(partner)}/${petstoreId}/versions`, { document: petstore }), 403, 'FORBIDDEN');
  });

  it("keeps it from another partner's customer", async () => {
    expect(expectOk(await foreignCustomerOwner.request<unknown[]>('GET', connectorsPath(foreignCustomer)))).toEqual([]);
    expectError(await foreignCustomerOwner.request('GET', `${connectorsPath(foreignCustomer)}/${petstoreId}`), 404, 'NOT_FOUND');
    expectError(await foreignCustomerOwner.request('GET', `${connectorsPath(customer)}/${petstoreId}`), 404, 'NOT_FOUND');
  });

  it('re-imports as a new version, answering what changed, and keeps the old version readable', async () => {
    const edited = petstore.replace('operationId: deletePet', 'operationId: removePet').replace('required: false\n          explode: true', 'required: true\n          explode: true');
    const second = expectOk(await partnerOwner.request<Imported>('POST', `${connectorsPath(partner)}/${petstoreId}/versions`, { document: edited }), 201);
    expect(second.version).toBe(2);
    expect(second.diff).toEqual({ added: ['removePet'], removed: ['deletePet'], changed: [{ id: 'findPetsByStatus', parts: ['parameters'] }] });
    const first = expectOk(await customerOwner.request<ApiConnector>('GET', `${connectorsPath(customer)}/${petstoreId}?version=1`));
    expect(first.shownVersion).toBe(1);
    expect(first.operations.map((operation) => operation.id)).toContain('deletePet');
    expect(first.versions.map((entry) => entry.version)).toEqual([1, 2]);
    expectError(await customerOwner.request('GET', `${connectorsPath(customer)}/${petstoreId}?version=3`), 404, 'NOT_FOUND');
  });

  it('refuses bad input with a 4xx saying what and where', async () => {
    const swagger = expectError(await partnerOwner.request('POST', connectorsPath(partner), { name: 'Old', document: 'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\n' }), 422, 'UNPROCESSABLE');
    expect(swagger.message).toContain('Swagger 2.0 (OpenAPI 2.0) is not supported');
    expect(swagger.details).toEqual([{ path: 'document #/swagger', message: expect.stringContaining('convert it to OpenAPI 3') as string }]);
    expectError(await partnerOwner.request('POST', connectorsPath(partner), { name: 'Remote', document: petstore.replace("$ref: '#/components/schemas/Category'", "$ref: 'https://example.com/c.yaml'") }), 422, 'UNPROCESSABLE');
    expectError(await partnerOwner.request('POST', connectorsPath(partner), { document: petstore }), 400);
    expectError(await partnerOwner.request('POST', connectorsPath(partner), { name: 'Petstore', document: petstore }), 409, 'CONFLICT');
    expectError(await partnerOwner.request('POST', connectorsPath(partner), { name: 'Bad base', document: petstore, baseUrl: 'file:///etc/passwd' }), 422, 'UNPROCESSABLE');
    expectError(await partnerOwner.request('GET', `${connectorsPath(partner)}/nope`), 404, 'NOT_FOUND');
  });

  it('removes it: gone from lists and reads', async () => {
    const other = await importConnector('Disposable', petstore);
    expectOk(await partnerOwner.request('DELETE', `${connectorsPath(partner)}/${other.id}`));
    expect(expectOk(await customerOwner.request<ApiConnectorSummary[]>('GET', connectorsPath(customer))).map((connector) => connector.name)).toEqual(['Petstore']);
    expectError(await partnerOwner.request('GET', `${connectorsPath(partner)}/${other.id}`), 404, 'NOT_FOUND');
  });
});

describe('workflows calling imported operations', () => {
  let bc: Imported;
  let credentialId: string;

  beforeAll(async () => {
    bc = await importConnector('Contoso BC', businessCentral, `${api.url}/bc`);
    const created = expectOk(
      await consultant.request<{ id: string }>('POST', `/api/v1/tenants/${customer}/credentials`, {
        name: 'bc-oauth',
        secret: { type: 'oauth2ClientCredentials', tokenUrl: `${api.url}/token`, clientId: 'flowgate', clientSecret: 'client-secret-value', scope: 'https://api.businesscentral.dynamics.com/.default' },
        allowedHosts: ['127.0.0.1'],
      }),
      201,
    );
    credentialId = created.id;
  });

  const step = (config: Record<string, unknown>) =>
    workflow([{ id: 'start', type: 'trigger.manual' }, { id: 'call', type: 'connector.openapi', config: { connectorId: bc.id, version: 1, credential: credentialId, ...config } }], [['start', 'out', 'call']], { name: 'BC call' });

  it('reports configs that do not fit the operation at their paths when the draft is saved', async () => {
    const draft = await createWorkflow(consultant, customer, 'BC misfit', step({ operationId: 'listSalesOrders', params: { companyId: 'c1', $top: 'ten', $skip: 1 } }));
    expect(draft.problems.map((problem) => [problem.path, problem.message])).toEqual([
      ['nodes[1].config.params.$top', 'Invalid input: expected number, received string'],
      ['nodes[1].config.params', '"$skip" is not part of the operation'],
    ]);
    const missing = await saveDraft(consultant, customer, draft.id, step({ operationId: 'getItem', params: { companyId: 'c1' } }));
    expect(missing.problems.map((problem) => [problem.path, problem.message])).toEqual([['nodes[1].config.params.itemId', 'is required']]);
    const unknown = await saveDraft(consultant, customer, draft.id, step({ operationId: 'deleteEverything' }));
    expect(unknown.problems.map((problem) => problem.message)).toEqual(['version 1 of the API connector has no operation "deleteEverything"']);
    const rules = await saveDraft(consultant, customer, draft.id, step({ operationId: 'listSalesOrders', params: { companyId: { var: 'input.company' }, $top: 5 } }));
    expect(rules.problems).toEqual([]);
  });

  it('runs an operation: path, OData query, JSON body, OAuth2 token and idempotency key reach the API', async () => {
    const definition = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'list', type: 'connector.openapi', config: { connectorId: bc.id, version: 1, credential: credentialId, operationId: 'listSalesOrders', params: { companyId: { var: 'nodes.start.company' }, $filter: "status eq 'Open'", $top: 5 } } },
        {
          id: 'create',
          type: 'connector.openapi',
          config: { connectorId: bc.id, version: 1, credential: credentialId, operationId: 'createSalesOrder', params: { companyId: { var: 'nodes.start.company' } }, body: { customerNumber: { var: 'nodes.start.customer' }, orderDate: '2026-12-05' } },
        },
      ],
      [
        ['start', 'out', 'list'],
        ['list', 'out', 'create'],
      ],
      { name: 'BC orders' },
    );
    const workflowId = await activeWorkflow(consultant, approver, customer, 'BC orders', definition);
    const seen = api.requests.length;
    const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`, { input: { company: 'c 1/2', customer: '10000' } }), 201);
    const run = await waitForRun(consultant, customer, runId, ['succeeded', 'failed']);
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    const calls = api.requests.slice(seen).filter((request) => request.url.startsWith('/bc/'));
    expect(calls.map((request) => `${request.method} ${request.url}`)).toEqual([
      `GET /bc/companies(c%201%2F2)/salesOrders?%24filter=status+eq+%27Open%27&%24top=5`,
      'POST /bc/companies(c%201%2F2)/salesOrders',
    ]);
    for (const call of calls) expect(call.headers.authorization).toBe('Bearer bc-access-token-1');
    expect(JSON.parse(calls[1]?.body ?? '')).toEqual({ customerNumber: '10000', orderDate: '2026-12-05' });
    expect(calls[1]?.headers['content-type']).toBe('application/json');
    expect(calls[1]?.headers['idempotency-key']).toMatch(new RegExp(`^${runId}:create:`));
    expect(JSON.stringify(run)).toContain('S-1001');
  });

  it('sends an API key in the header the scheme names, and surfaces a 4xx with the API message', async () => {
    const pets = await importConnector('Pets local', petstore, `${api.url}/pets`);
    const key = expectOk(
      await consultant.request<{ id: string }>('POST', `/api/v1/tenants/${customer}/credentials`, { name: 'pet-key', secret: { type: 'apiKey', name: 'api_key', value: 'pet-api-key-value', in: 'header' }, allowedHosts: ['127.0.0.1'] }),
      201,
    );
    const definition = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'get', type: 'connector.openapi', config: { connectorId: pets.id, version: 1, credential: key.id, operationId: 'getPetById', params: { petId: { var: 'input.id' } } } },
      ],
      [['start', 'out', 'get']],
      { name: 'Pet lookup' },
    );
    const workflowId = await activeWorkflow(consultant, approver, customer, 'Pet lookup', definition);
    const start = async (id: number) => {
      const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`, { input: { id } }), 201);
      return waitForRun(consultant, customer, runId, ['succeeded', 'failed']);
    };
    const seen = api.requests.length;
    expect((await start(7)).status).toBe('succeeded');
    const call = api.requests.slice(seen).find((request) => request.url === '/pets/pet/7');
    expect(call?.headers.api_key).toBe('pet-api-key-value');
    const missing = await start(99);
    expect(missing.status).toBe('failed');
    expect(missing.error).toMatchObject({ code: 'API_NOT_FOUND', retryable: false, message: 'Pets local answered 404 to GET /pets/pet/99: Pet not found' });
    expect(JSON.stringify(missing)).not.toContain('pet-api-key-value');
  });

  it('refuses to remove a connector an active workflow version uses', async () => {
    const refusal = expectError(await partnerOwner.request('DELETE', `${connectorsPath(partner)}/${bc.id}`), 409, 'CONFLICT');
    expect(refusal.message).toContain('"BC orders"');
  });
});
