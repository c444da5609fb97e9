import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflow, expectError, expectOk, sendJson, startLocalHttpServer, waitForRun, type LocalHttpServer, type RunDetail } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ApiResponse, type ServerHarness } from '../../support/server-harness.js';

interface Credential {
  id: string;
  name: string;
  type: string;
  createdBy: string;
  createdAt: string;
  rotatedAt: string | null;
}

const unique = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

/** Every secret value of this file; none may appear in any response, trace or log line. */
const SECRETS = {
  bearer: unique('bearer-token'),
  rotatedBearer: unique('rotated-bearer'),
  username: 'erp-user',
  password: unique('basic-password'),
  headerKey: unique('header-api-key'),
  queryKey: unique('query-api-key'),
  clientSecret: unique('client-secret'),
  accessToken: unique('access-token'),
};
const BASIC = Buffer.from(`${SECRETS.username}:${SECRETS.password}`).toString('base64');
/** The strings to search for: every secret but the user name, and the basic header's encoding of the password. */
const FORBIDDEN = [SECRETS.bearer, SECRETS.rotatedBearer, SECRETS.password, SECRETS.headerKey, SECRETS.queryKey, SECRETS.clientSecret, SECRETS.accessToken, BASIC];

let server: ServerHarness;
let api: LocalHttpServer;
let consultant: ApiClient;
let customer: string;
/** The text of every API response this file received. */
const responses: string[] = [];

/** A client whose responses are all kept for the leak check. */
function recording(client: ApiClient): ApiClient {
  return {
    ...client,
    async request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>> {
      const response = await client.request<T>(method, path, body, headers);
      responses.push(`${method} ${path} → ${response.status} ${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n${response.text}`);
      return response;
    },
  };
}

function expectNoSecret(text: string, where: string): void {
  for (const secret of FORBIDDEN) {
    if (text.includes(secret)) throw new Error(`a secret value (${secret.slice(0, 12)}…) appears in ${where}`);
  }
}

beforeAll(async () => {
  server = await startServerHarness();
  customer = server.tenants.customer;
  consultant = recording(await server.signIn(DEMO.consultant));
  api = await startLocalHttpServer((request, response) => {
    if (request.url === '/token') {
      const form = new URLSearchParams(request.body);
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_secret') !== SECRETS.clientSecret) {
        sendJson(response, 401, { error: 'invalid_client' });
        return;
      }
      sendJson(response, 200, { access_token: SECRETS.accessToken, token_type: 'bearer', expires_in: 3600 });
      return;
    }
    const echo = { authorization: request.headers.authorization ?? null, apiKey: request.headers['x-api-key'] ?? null, url: request.url };
    // Echo what arrived, in the body and in a header, as a careless API might.
    sendJson(response, request.url.startsWith('/reject') ? 401 : 200, echo, { 'x-echo-authorization': request.headers.authorization ?? '' });
  });
});
afterAll(async () => {
  await server.close();
  await api.close();
});

const credentialsPath = () => `/api/v1/tenants/${customer}/credentials`;

describe('managing credentials', () => {
  const created = new Map<string, Credential>();

  it('creates one of each type and answers without any value', async () => {
    const bodies = [
      { name: 'erp-bearer', secret: { type: 'bearer', token: SECRETS.bearer } },
      { name: 'erp-basic', secret: { type: 'basic', username: SECRETS.username, password: SECRETS.password } },
      { name: 'erp-header-key', secret: { type: 'apiKey', name: 'x-api-key', value: SECRETS.headerKey } },
      { name: 'erp-query-key', secret: { type: 'apiKey', name: 'key', value: SECRETS.queryKey, in: 'query' } },
      { name: 'erp-oauth', secret: { type: 'oauth2ClientCredentials', tokenUrl: `${api.url}/token`, clientId: 'flowgate', clientSecret: SECRETS.clientSecret, scope: 'orders' } },
    ];
    for (const body of bodies) {
      const credential = expectOk(await consultant.request<Credential>('POST', credentialsPath(), body), 201);
      expect(credential).toMatchObject({ name: body.name, type: body.secret.type, createdBy: consultant.userId, rotatedAt: null });
      expect(Object.keys(credential).sort()).toEqual(['createdAt', 'createdBy', 'id', 'name', 'rotatedAt', 'type']);
      created.set(body.name, credential);
    }
    const list = expectOk(await consultant.request<Credential[]>('GET', credentialsPath()));
    expect(list.map((credential) => [credential.name, credential.type])).toEqual([
      ['erp-basic', 'basic'],
      ['erp-bearer', 'bearer'],
      ['erp-header-key', 'apiKey'],
      ['erp-oauth', 'oauth2ClientCredentials'],
      ['erp-query-key', 'apiKey'],
    ]);
    for (const credential of list) {
      expect(Object.keys(credential).sort()).toEqual(['createdAt', 'createdBy', 'id', 'name', 'rotatedAt', 'type']);
      expect(expectOk(await consultant.request<Credential>('GET', `${credentialsPath()}/${credential.id}`))).toEqual(credential);
    }
  });

  it('keeps the values encrypted at rest', () => {
    const stored = server.app.db.prepare('SELECT secret FROM credentials WHERE tenant_id = ?').pluck().all(customer) as string[];
    expect(stored).toHaveLength(5);
    for (const secret of stored) {
      expectNoSecret(secret, 'the credentials table');
      expect(secret).not.toContain(SECRETS.username);
      expect(secret).not.toContain('clientSecret');
      expect(Buffer.from(secret, 'base64').toString('latin1')).not.toContain(SECRETS.bearer);
    }
    const file = server.app.db.prepare("SELECT group_concat(secret, '') FROM credentials").pluck().get() as string;
    expectNoSecret(file, 'the credentials table');
  });

  it('refuses bad values without echoing them', async () => {
    const duplicate = expectError(await consultant.request('POST', credentialsPath(), { name: 'erp-bearer', secret: { type: 'bearer', token: SECRETS.bearer } }), 409, 'CONFLICT');
    expect(duplicate.message).toContain('erp-bearer');
    const extra = expectError(await consultant.request('POST', credentialsPath(), { name: 'x', secret: { type: 'bearer', token: 'abc', note: SECRETS.password } }), 400, 'INVALID_REQUEST');
    expect(extra.details[0]?.path).toBe('body.secret');
    expectError(await consultant.request('POST', credentialsPath(), { name: 'x', secret: { type: 'apiKey', name: 'k', value: SECRETS.headerKey, in: 'cookie' } }), 400, 'INVALID_REQUEST');
    expectError(await consultant.request('POST', credentialsPath(), { name: 'x', secret: { type: 'oauth2ClientCredentials', tokenUrl: SECRETS.clientSecret, clientId: 'c', clientSecret: 's' } }), 400);
    expectError(await consultant.request('POST', credentialsPath(), { name: 'x', secret: { type: 'ssh', key: SECRETS.password } }), 400, 'INVALID_REQUEST');
  });

  it('rotates with values of the same type only', async () => {
    const bearer = created.get('erp-bearer') as Credential;
    const rotated = expectOk(await consultant.request<Credential>('PUT', `${credentialsPath()}/${bearer.id}`, { secret: { type: 'bearer', token: SECRETS.rotatedBearer } }));
    expect(rotated).toMatchObject({ id: bearer.id, name: 'erp-bearer', type: 'bearer', createdAt: bearer.createdAt });
    expect(rotated.rotatedAt).not.toBeNull();
    const wrongType = expectError(await consultant.request('PUT', `${credentialsPath()}/${bearer.id}`, { secret: { type: 'basic', username: 'u', password: SECRETS.password } }), 422, 'UNPROCESSABLE');
    expect(wrongType.message).toContain('bearer');
    expectError(await consultant.request('PUT', `${credentialsPath()}/no-such-credential`, { secret: { type: 'bearer', token: 'x' } }), 404, 'NOT_FOUND');
  });

  it('is for owners and designers, and of this tenant only', async () => {
    const operator = recording(await server.signIn(DEMO.operator));
    expect(expectError(await operator.request('GET', credentialsPath()), 403, 'FORBIDDEN').message).toBe('your role in this tenant (operator) does not allow you to see the stored credentials');
    expectError(await operator.request('POST', credentialsPath(), { name: 'x', secret: { type: 'bearer', token: 'abc' } }), 403, 'FORBIDDEN');
    const partnerCredential = expectOk(
      await consultant.request<Credential>('POST', `/api/v1/tenants/${server.tenants.partner}/credentials`, { name: 'partner-only', secret: { type: 'bearer', token: SECRETS.bearer } }),
      201,
    );
    expectError(await consultant.request('GET', `${credentialsPath()}/${partnerCredential.id}`), 404, 'NOT_FOUND');
    expectError(await consultant.request('PUT', `${credentialsPath()}/${partnerCredential.id}`, { secret: { type: 'bearer', token: 'x' } }), 404, 'NOT_FOUND');
    expectError(await consultant.request('DELETE', `${credentialsPath()}/${partnerCredential.id}`), 404, 'NOT_FOUND');
    expect(expectOk(await consultant.request<Credential[]>('GET', credentialsPath())).some((credential) => credential.id === partnerCredential.id)).toBe(false);
  });
});

describe('credentials in runs', () => {
  const call = (id: string, credential: string, path = `/echo/${id}`) => ({
    id,
    type: 'connector.http',
    config: { method: 'GET' as const, url: `${api.url}${path}`, credential },
  });

  it('authenticate connector requests, and no value appears in traces, responses or logs', async () => {
    const definition = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        call('bearer', 'erp-bearer'),
        call('basic', 'erp-basic'),
        call('header', 'erp-header-key'),
        call('query', 'erp-query-key'),
        call('oauth', 'erp-oauth'),
      ],
      ['bearer', 'basic', 'header', 'query', 'oauth'].map((target) => ['start', 'out', target] as const),
      { name: 'Authenticated calls' },
    );
    const { id } = await createWorkflow(consultant, customer, 'Authenticated calls', definition);
    const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${id}/test-runs`, { input: {} }), 201);
    const run = await waitForRun(consultant, customer, runId, ['succeeded', 'failed']);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');

    const received = (path: string) => api.requests.find((request) => request.url.startsWith(path));
    expect(received('/echo/bearer')?.headers.authorization).toBe(`Bearer ${SECRETS.rotatedBearer}`);
    expect(received('/echo/basic')?.headers.authorization).toBe(`Basic ${BASIC}`);
    expect(received('/echo/header')?.headers['x-api-key']).toBe(SECRETS.headerKey);
    expect(received('/echo/query')?.url).toBe(`/echo/query?key=${SECRETS.queryKey}`);
    expect(received('/echo/oauth')?.headers.authorization).toBe(`Bearer ${SECRETS.accessToken}`);
    const tokenRequest = new URLSearchParams(received('/token')?.body);
    expect(Object.fromEntries(tokenRequest)).toEqual({ grant_type: 'client_credentials', client_id: 'flowgate', client_secret: SECRETS.clientSecret, scope: 'orders' });

    // The steps still show what came back, with the values blanked out and nothing else changed.
    const body = (nodeId: string) => (run.steps.find((step) => step.nodeId === nodeId)?.output as { body: unknown } | undefined)?.body;
    expect(body('bearer')).toEqual({ authorization: 'Bearer [redacted]', apiKey: null, url: '/echo/bearer' });
    expect(body('basic')).toEqual({ authorization: 'Basic [redacted]', apiKey: null, url: '/echo/basic' });
    expect(body('header')).toEqual({ authorization: null, apiKey: '[redacted]', url: '/echo/header' });
    expect(body('query')).toEqual({ authorization: null, apiKey: null, url: '/echo/query?key=[redacted]' });
    expect(body('oauth')).toEqual({ authorization: 'Bearer [redacted]', apiKey: null, url: '/echo/oauth' });
    expect(run.steps.find((step) => step.nodeId === 'bearer')?.output).toMatchObject({ status: 200, headers: { 'x-echo-authorization': 'Bearer [redacted]' } });
    expectNoSecret(JSON.stringify(run), 'the run trace');
  });

  it('keep values out of failed steps too', async () => {
    const definition = workflow([{ id: 'start', type: 'trigger.manual' }, call('refused', 'erp-basic', '/reject/basic')], [['start', 'out', 'refused']], { name: 'Refused call' });
    const { id } = await createWorkflow(consultant, customer, 'Refused call', definition);
    const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${id}/test-runs`, { input: {} }), 201);
    const run: RunDetail = await waitForRun(consultant, customer, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'HTTP_STATUS', nodeId: 'refused' });
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Basic ${BASIC}`);
    expectNoSecret(JSON.stringify(run), 'the failed run');
  });

  it('stop working once deleted, with an error that names no value', async () => {
    const list = expectOk(await consultant.request<Credential[]>('GET', credentialsPath()));
    const header = list.find((credential) => credential.name === 'erp-header-key') as Credential;
    expect(expectOk(await consultant.request<Credential>('DELETE', `${credentialsPath()}/${header.id}`))).toMatchObject({ id: header.id, name: 'erp-header-key' });
    expectError(await consultant.request('GET', `${credentialsPath()}/${header.id}`), 404, 'NOT_FOUND');
    expectError(await consultant.request('DELETE', `${credentialsPath()}/${header.id}`), 404, 'NOT_FOUND');
    const definition = workflow([{ id: 'start', type: 'trigger.manual' }, call('gone', 'erp-header-key')], [['start', 'out', 'gone']], { name: 'Deleted credential' });
    const { id } = await createWorkflow(consultant, customer, 'Deleted credential', definition);
    const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${id}/test-runs`, { input: {} }), 201);
    const run = await waitForRun(consultant, customer, runId, ['succeeded', 'failed']);
    expect(run.error).toMatchObject({ code: 'CREDENTIAL_UNAVAILABLE', nodeId: 'gone' });
    expect(server.app.db.prepare('SELECT count(*) FROM credentials WHERE id = ?').pluck().get(header.id)).toBe(0);
  });

  it('never appear in the database files on disk', () => {
    server.app.db.pragma('wal_checkpoint(PASSIVE)');
    for (const file of ['flowgate.db', 'flowgate.db-wal']) {
      const path = join(server.dataDir, file);
      if (existsSync(path)) expectNoSecret(readFileSync(path).toString('latin1'), file);
    }
  });

  it('never appear in any response this file received, nor in any log line', () => {
    expect(responses.length).toBeGreaterThan(30);
    for (const response of responses) expectNoSecret(response, `the response to ${response.split('\n')[0] ?? ''}`);
    expect(server.logs.length).toBeGreaterThan(0);
    for (const line of server.logs) expectNoSecret(line, `the log line ${line.slice(0, 200)}`);
  });
});
