import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeWorkflow, createWorkflow, expectError, expectOk, sendJson, startLocalHttpServer, waitForRun, type LocalHttpServer, type RunDetail } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ApiResponse, type ServerHarness } from '../../support/server-harness.js';
import { firstColumn, firstValue } from '../../support/sql-values.js';
import { testStore } from '../../support/test-store.js';

interface Credential {
  id: string;
  name: string;
  type: string;
  createdBy: string;
  createdAt: string;
  rotatedAt: string | null;
  allowedHosts: string[];
  allowDrafts: boolean;
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
let owner: ApiClient;
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
  api = await startLocalHttpServer((request, response) => {
    if (request.url === '/token-moved') {
      // A token endpoint that moved to another origin: this server under another host name.
      response.writeHead(307, { location: `http://localhost:${new URL(api.url).port}/token` });
      response.end();
      return;
    }
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
  // The local API stands in for an outside one: the deployment's allow-list opens its port.
  server = await startServerHarness({ egressAllow: [new URL(api.url).host] });
  customer = server.tenants.customer;
  consultant = recording(await server.signIn(DEMO.consultant));
  owner = recording(await server.signIn(DEMO.customerOwner));
});
afterAll(async () => {
  await server.close();
  await api.close();
});

const credentialsPath = () => `/api/v1/tenants/${customer}/credentials`;

/** What the API shows of a credential: never a value. */
const SUMMARY_KEYS = ['allowDrafts', 'allowedHosts', 'createdAt', 'createdBy', 'id', 'name', 'rotatedAt', 'type', 'usedBy'];

describe('managing credentials', () => {
  const created = new Map<string, Credential>();

  it('creates one of each type and answers without any value', async () => {
    const bodies = [
      { name: 'erp-bearer', secret: { type: 'bearer', token: SECRETS.bearer }, allowedHosts: ['127.0.0.1'] },
      { name: 'erp-basic', secret: { type: 'basic', username: SECRETS.username, password: SECRETS.password }, allowedHosts: ['127.0.0.1'] },
      { name: 'erp-header-key', secret: { type: 'apiKey', name: 'x-api-key', value: SECRETS.headerKey }, allowedHosts: ['127.0.0.1'] },
      { name: 'erp-query-key', secret: { type: 'apiKey', name: 'key', value: SECRETS.queryKey, in: 'query' }, allowedHosts: ['127.0.0.1'] },
      { name: 'erp-oauth', secret: { type: 'oauth2ClientCredentials', tokenUrl: `${api.url}/token`, clientId: 'flowgate', clientSecret: SECRETS.clientSecret, scope: 'orders' }, allowedHosts: ['127.0.0.1'] },
    ];
    for (const body of bodies) {
      const credential = expectOk(await consultant.request<Credential>('POST', credentialsPath(), body), 201);
      expect(credential).toMatchObject({ name: body.name, type: body.secret.type, createdBy: consultant.userId, rotatedAt: null, allowedHosts: ['127.0.0.1'], allowDrafts: false });
      expect(Object.keys(credential).sort()).toEqual(SUMMARY_KEYS);
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
      expect(Object.keys(credential).sort()).toEqual(SUMMARY_KEYS);
      expect(expectOk(await consultant.request<Credential>('GET', `${credentialsPath()}/${credential.id}`))).toEqual(credential);
    }
  });

  it('keeps the values encrypted at rest', async () => {
    const stored = await firstColumn<string>(server.app.sql, 'SELECT secret FROM credentials WHERE tenant_id = ?', [customer]);
    expect(stored).toHaveLength(5);
    for (const secret of stored) {
      expectNoSecret(secret, 'the credentials table');
      expect(secret).not.toContain(SECRETS.username);
      expect(secret).not.toContain('clientSecret');
      expect(Buffer.from(secret, 'base64').toString('latin1')).not.toContain(SECRETS.bearer);
    }
    const everySecret = (await firstColumn<string>(server.app.sql, 'SELECT secret FROM credentials')).join('');
    expectNoSecret(everySecret, 'the credentials table');
  });

  it('refuses bad values without echoing them', async () => {
    const duplicate = expectError(await consultant.request('POST', credentialsPath(), { name: 'erp-bearer', secret: { type: 'bearer', token: SECRETS.bearer }, allowedHosts: ['127.0.0.1'] }), 409, 'CONFLICT');
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
      await consultant.request<Credential>('POST', `/api/v1/tenants/${server.tenants.partner}/credentials`, { name: 'partner-only', secret: { type: 'bearer', token: SECRETS.bearer }, allowedHosts: ['127.0.0.1'] }),
      201,
    );
    expectError(await consultant.request('GET', `${credentialsPath()}/${partnerCredential.id}`), 404, 'NOT_FOUND');
    expectError(await consultant.request('PUT', `${credentialsPath()}/${partnerCredential.id}`, { secret: { type: 'bearer', token: 'x' } }), 404, 'NOT_FOUND');
    expectError(await consultant.request('DELETE', `${credentialsPath()}/${partnerCredential.id}`), 404, 'NOT_FOUND');
    expect(expectOk(await consultant.request<Credential[]>('GET', credentialsPath())).some((credential) => credential.id === partnerCredential.id)).toBe(false);
  });
});

/** A connector.http node calling the local API with a credential. */
const call = (id: string, credential: string, path = `/echo/${id}`) => ({
  id,
  type: 'connector.http',
  config: { method: 'GET' as const, url: `${api.url}${path}`, credential },
});

/** Starts a test run of a new workflow's draft and waits until it settles. */
async function testRun(name: string, nodes: Parameters<typeof workflow>[0], edges: Parameters<typeof workflow>[1]): Promise<RunDetail> {
  const { id } = await createWorkflow(consultant, customer, name, workflow(nodes, edges, { name }));
  const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${id}/test-runs`, { input: {} }), 201);
  return waitForRun(consultant, customer, runId, ['succeeded', 'failed']);
}

/** Lets (or stops) test runs of drafts use a credential, as the workspace owner. */
async function allowDrafts(credentialId: string, allow: boolean): Promise<Credential> {
  return expectOk(await owner.request<Credential>('PUT', `${credentialsPath()}/${credentialId}/allow-drafts`, { allowDrafts: allow }));
}

describe('credentials are bound to hosts, and drafts need an owner to allow them', () => {
  const created = async (name: string, allowedHosts: unknown, token = SECRETS.bearer) =>
    consultant.request<Credential>('POST', credentialsPath(), { name, secret: { type: 'bearer', token }, allowedHosts });
  const requestsTo = (path: string) => api.requests.filter((request) => request.url.startsWith(path));

  it('refuses to send a credential to a host it does not name, before any byte leaves (defect 6)', async () => {
    const credential = expectOk(await created('partner-api', ['api.partner.example', '*.partner.example:8443']), 201);
    expect(credential.allowedHosts).toEqual(['api.partner.example', '*.partner.example:8443']);
    await allowDrafts(credential.id, true);
    const run = await testRun('Exfiltrate', [{ id: 'start', type: 'trigger.manual' }, call('steal', 'partner-api', '/steal')], [['start', 'out', 'steal']]);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'CREDENTIAL_HOST_NOT_ALLOWED', nodeId: 'steal', retryable: false });
    expect(run.error?.message).toBe(
      `the credential "partner-api" may only be sent to api.partner.example, *.partner.example:8443, not to 127.0.0.1:${new URL(api.url).port}; ` +
        "if that host should have it, add it to the credential's allowed hosts",
    );
    expect(requestsTo('/steal')).toEqual([]);
  });

  it('keeps a credential from test runs of drafts until an owner allows it, and takes that back when a host is added', async () => {
    const credential = expectOk(await created('draft-guarded', ['127.0.0.1']), 201);
    expect(credential.allowDrafts).toBe(false);
    const nodes = [{ id: 'start', type: 'trigger.manual' }, call('guarded', 'draft-guarded', '/guarded')];
    const refused = await testRun('Draft with a credential', nodes, [['start', 'out', 'guarded']]);
    expect(refused.error).toMatchObject({ code: 'CREDENTIAL_DRAFT_NOT_ALLOWED', nodeId: 'guarded', retryable: false });
    expect(refused.error?.message).toContain('may not be used by test runs of unapproved drafts; a workspace owner can allow it');
    expect(requestsTo('/guarded')).toEqual([]);

    const designerTry = expectError(await consultant.request('PUT', `${credentialsPath()}/${credential.id}/allow-drafts`, { allowDrafts: true }), 403, 'FORBIDDEN');
    expect(designerTry.message).toContain('change workspace policies');
    expect(await allowDrafts(credential.id, true)).toMatchObject({ allowDrafts: true, allowedHosts: ['127.0.0.1'] });
    const allowed = await testRun('Draft with an allowed credential', nodes, [['start', 'out', 'guarded']]);
    expect(allowed.status, JSON.stringify(allowed.error)).toBe('succeeded');
    expect(requestsTo('/guarded').map((request) => request.headers.authorization)).toEqual([`Bearer ${SECRETS.bearer}`]);

    // Removing a host keeps the owner's consent; adding one takes it back.
    const narrowed = expectOk(await consultant.request<Credential>('PUT', `${credentialsPath()}/${credential.id}/allowed-hosts`, { allowedHosts: ['127.0.0.1'] }));
    expect(narrowed.allowDrafts).toBe(true);
    const widened = expectOk(await consultant.request<Credential>('PUT', `${credentialsPath()}/${credential.id}/allowed-hosts`, { allowedHosts: ['127.0.0.1', 'evil.example'] }));
    expect(widened).toMatchObject({ allowedHosts: ['127.0.0.1', 'evil.example'], allowDrafts: false });
    const audit = (await firstValue(server.app.sql, "SELECT details FROM audit_log WHERE action = 'credential.hosts.update' AND target_id = ? ORDER BY seq DESC LIMIT 1", [credential.id])) as string;
    expect(JSON.parse(audit)).toMatchObject({ allowedHosts: ['127.0.0.1', 'evil.example'], draftUseRevoked: true });
    expect((await testRun('Draft after widening', nodes, [['start', 'out', 'guarded']])).error?.code).toBe('CREDENTIAL_DRAFT_NOT_ALLOWED');
    expect(requestsTo('/guarded')).toHaveLength(1);
  });

  it('lets approved versions use a credential without draft use, and their children inherit a test run\'s status', async () => {
    expectOk(await created('approved-only', ['127.0.0.1']), 201);
    const approver = await server.signIn(DEMO.approver);
    const child = await activeWorkflow(consultant, approver, customer, 'Child with credential', workflow([{ id: 'start', type: 'trigger.manual' }, call('child', 'approved-only', '/child')], [['start', 'out', 'child']], { name: 'Child with credential' }));
    const parentNodes = [
      { id: 'start', type: 'trigger.manual' },
      { id: 'sub', type: 'flow.subworkflow', config: { workflowId: child } },
    ];
    const parent = workflow(parentNodes, [['start', 'out', 'sub']], { name: 'Parent' });
    const parentId = await activeWorkflow(consultant, approver, customer, 'Parent', parent);
    const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${parentId}/runs`, { input: {} }), 201);
    const approved = await waitForRun(consultant, customer, runId, ['succeeded', 'failed']);
    expect(approved.status, JSON.stringify(approved.error)).toBe('succeeded');
    expect(requestsTo('/child')).toHaveLength(1);

    // The same parent as a test run of a draft: its child runs the approved version, but as part of a draft's test.
    const draftParent = await testRun('Draft parent', parentNodes, [['start', 'out', 'sub']]);
    expect(draftParent.status).toBe('failed');
    const childRun = expectOk(await consultant.request<{ items: RunDetail[] }>('GET', `/api/v1/tenants/${customer}/runs?workflowId=${child}`)).items.find((run) => run.status === 'failed');
    expect(childRun?.error).toMatchObject({ code: 'CREDENTIAL_DRAFT_NOT_ALLOWED' });
    expect(requestsTo('/child')).toHaveLength(1);
  });

  it('refuses credentials created before host binding until someone names their hosts', async () => {
    const credential = expectOk(await created('legacy-key', ['127.0.0.1']), 201);
    // What migration server/4 leaves for a credential created before it.
    await server.app.sql.run("UPDATE credentials SET allowed_hosts = '[]' WHERE id = ?", [credential.id]);
    await allowDrafts(credential.id, true);
    expect(expectOk(await consultant.request<Credential>('GET', `${credentialsPath()}/${credential.id}`)).allowedHosts).toEqual([]);
    const nodes = [{ id: 'start', type: 'trigger.manual' }, call('legacy', 'legacy-key', '/legacy')];
    const refused = await testRun('Legacy credential', nodes, [['start', 'out', 'legacy']]);
    expect(refused.error).toMatchObject({ code: 'CREDENTIAL_HOST_NOT_ALLOWED', nodeId: 'legacy' });
    expect(refused.error?.message).toBe(
      'the credential "legacy-key" names no hosts it may be sent to (it was created before credentials were bound to hosts); ' +
        'a workspace owner or designer must set its allowed hosts, e.g. "127.0.0.1", before it can be used',
    );
    expect(requestsTo('/legacy')).toEqual([]);
    expectOk(await consultant.request('PUT', `${credentialsPath()}/${credential.id}/allowed-hosts`, { allowedHosts: ['127.0.0.1'] }));
    await allowDrafts(credential.id, true);
    expect((await testRun('Legacy credential, hosts set', nodes, [['start', 'out', 'legacy']])).status).toBe('succeeded');
  });

  it('checks the hosts it is given and says which one is wrong', async () => {
    expect(expectError(await consultant.request('POST', credentialsPath(), { name: 'no-hosts', secret: { type: 'bearer', token: 'abcd' } }), 400, 'INVALID_REQUEST').details[0]?.path).toBe('body.allowedHosts');
    const empty = expectError(await created('empty-hosts', []), 400, 'INVALID_REQUEST');
    expect(empty.details[0]).toMatchObject({ path: 'body.allowedHosts', message: expect.stringContaining('name at least one host') as unknown });
    const star = expectError(await created('star-host', ['api.example.com', '*']), 400, 'INVALID_REQUEST');
    expect(star.details[0]).toMatchObject({ path: 'body.allowedHosts.1', message: expect.stringContaining('the host "*" names every host') as unknown });
    const badPort = expectError(await consultant.request('PUT', `${credentialsPath()}/no-such-credential/allowed-hosts`, { allowedHosts: ['api.example.com:0'] }), 400, 'INVALID_REQUEST');
    expect(badPort.details[0]?.path).toBe('body.allowedHosts.0');
    expectError(await consultant.request('PUT', `${credentialsPath()}/no-such-credential/allowed-hosts`, { allowedHosts: ['api.example.com'] }), 404, 'NOT_FOUND');
    expectError(await owner.request('PUT', `${credentialsPath()}/no-such-credential/allow-drafts`, { allowDrafts: true }), 404, 'NOT_FOUND');
    expectError(await owner.request('PUT', `${credentialsPath()}/no-such-credential/allow-drafts`, { allowDrafts: 'yes' }), 400, 'INVALID_REQUEST');
  });
});

describe('credentials in runs', () => {
  beforeAll(async () => {
    // These tests run drafts: the owner lets them use the credentials created above.
    for (const credential of expectOk(await consultant.request<Credential[]>('GET', credentialsPath()))) {
      expect(await allowDrafts(credential.id, true)).toMatchObject({ id: credential.id, allowDrafts: true });
    }
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

  it('never follow an OAuth2 token endpoint\'s redirect, so the client secret goes to the token URL only', async () => {
    const moved = expectOk(
      await consultant.request<Credential>('POST', credentialsPath(), {
        name: 'moved-oauth',
        secret: { type: 'oauth2ClientCredentials', tokenUrl: `${api.url}/token-moved`, clientId: 'flowgate', clientSecret: SECRETS.clientSecret },
        allowedHosts: ['127.0.0.1'],
      }),
      201,
    );
    await allowDrafts(moved.id, true);
    const run = await testRun('Moved token endpoint', [{ id: 'start', type: 'trigger.manual' }, call('moved', 'moved-oauth')], [['start', 'out', 'moved']]);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'CREDENTIAL_TOKEN_REDIRECT', nodeId: 'moved', retryable: false });
    expect(run.error?.message).toBe(
      `the OAuth2 token endpoint of the credential "moved-oauth" answered with a redirect (HTTP 307), which is not followed: ` +
        "the client secret would go along. Set the credential's token URL to the endpoint itself",
    );
    const port = new URL(api.url).port;
    expect(api.requests.filter((request) => request.url === '/token-moved')).toHaveLength(1);
    expect(api.requests.filter((request) => request.headers.host === `localhost:${port}`)).toEqual([]);
    expect(api.requests.filter((request) => request.url === '/echo/moved')).toEqual([]);
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
    expect(await firstValue(server.app.sql, 'SELECT count(*) FROM credentials WHERE id = ?', [header.id])).toBe(0);
  });

  it(`never appear in the database (${testStore === 'sqlite' ? 'its files on disk' : 'every row of every table'})`, async () => {
    if (testStore === 'sqlite') {
      await server.app.sql.exec('PRAGMA wal_checkpoint(PASSIVE)');
      for (const file of ['flowgate.db', 'flowgate.db-wal']) {
        const path = join(server.dataDir, file);
        if (existsSync(path)) expectNoSecret(readFileSync(path).toString('latin1'), file);
      }
      return;
    }
    // The job queue's schema too: a job's payload must not carry a secret either.
    const tables = await server.app.sql.all<{ schema: string; name: string }>(
      "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')",
    );
    expect(tables.map((table) => table.name)).toContain('credentials');
    const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
    for (const table of tables) {
      const rows = await server.app.sql.all<{ row: string }>(`SELECT t::text AS row FROM ${quoted(table.schema)}.${quoted(table.name)} t`);
      for (const { row } of rows) expectNoSecret(row, `a row of ${table.schema}.${table.name}`);
    }
  });

  it('never appear in any response this file received, nor in any log line', () => {
    expect(responses.length).toBeGreaterThan(30);
    for (const response of responses) expectNoSecret(response, `the response to ${response.split('\n')[0] ?? ''}`);
    expect(server.logs.length).toBeGreaterThan(0);
    for (const line of server.logs) expectNoSecret(line, `the log line ${line.slice(0, 200)}`);
  });
});
