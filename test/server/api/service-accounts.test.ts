import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../support/accounts.js';
import { activeWorkflow, expectError, expectOk, waitForRun } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { SERVICE_ACCOUNT_SCOPES } from '../../../server/contract/service-accounts.js';
import { apiRoutes } from '../../../server/routes/index.js';
import { DEMO, startServerHarness, type ApiClient, type ApiResponse, type ServerHarness } from '../../support/server-harness.js';
import { firstValue } from '../../support/sql-values.js';

interface Token {
  id: string;
  hint: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  status: string;
}
interface Account {
  id: string;
  name: string;
  description: string;
  scopes: string[];
  workflows: { id: string; name: string }[] | null;
  disabled: boolean;
  tokens: Token[];
  lastUsedAt: string | null;
}
interface Created {
  account: Account;
  token: Token & { token: string };
}
interface AuditPage {
  items: { actorId: string; action: string; targetId: string; details: Record<string, unknown> }[];
  actors: Record<string, { name: string; email: string; kind: string }>;
}

const simple = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'shape', type: 'data.transform', config: { fields: { n: { var: 'input.n' } } } },
  ],
  [['start', 'out', 'shape']],
  { name: 'Simple' },
);

let server: ServerHarness;
let customer: string;
let partner: string;
let customerOwner: ApiClient;
let partnerOwner: ApiClient;
let operator: ApiClient;
let orderWorkflow: string;
let otherWorkflow: string;

/** Requests with a service account token, as an integration sends them. */
function as(token: string) {
  return <T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> => server.request<T>(method, path, body, { authorization: `Bearer ${token}` });
}

const accountsPath = () => `/api/v1/tenants/${customer}/service-accounts`;

async function createAccount(by: ApiClient, body: Record<string, unknown>): Promise<Created> {
  return expectOk(await by.request<Created>('POST', accountsPath(), { expiresInDays: 30, ...body }), 201);
}

beforeAll(async () => {
  server = await startServerHarness();
  ({ customer, partner } = server.tenants);
  customerOwner = await server.signIn(DEMO.customerOwner);
  partnerOwner = await server.signIn(DEMO.partnerOwner);
  operator = await server.signIn(DEMO.operator);
  const consultant = await server.signIn(DEMO.consultant);
  const approver = await server.signIn(DEMO.approver);
  const workflows = expectOk(await operator.request<{ id: string; name: string }[]>('GET', `/api/v1/tenants/${customer}/workflows`));
  orderWorkflow = workflows.find((candidate) => candidate.name === 'Order exception routing')?.id ?? '';
  otherWorkflow = await activeWorkflow(consultant, approver, customer, 'Simple', simple);
});
afterAll(() => server.close());

describe('managing service accounts', () => {
  it('creates an account with its first token, shown once and never listed', async () => {
    const created = await createAccount(customerOwner, { name: 'ERP sync', description: 'Starts order runs from the ERP', scopes: ['run.start', 'run.read'], workflowIds: null, expiresInDays: 90 });
    expect(created.token.token).toMatch(/^fgsa_[A-Za-z0-9_-]{43}$/);
    expect(created.token.hint).toBe(created.token.token.slice(-4));
    expect(created.account).toMatchObject({ name: 'ERP sync', scopes: ['run.start', 'run.read'], workflows: null, disabled: false, lastUsedAt: null });
    const days = (Date.parse(created.token.expiresAt) - Date.parse(created.token.createdAt)) / 86_400_000;
    expect(days).toBe(90);

    const list = await customerOwner.request<Account[]>('GET', accountsPath());
    expect(expectOk(list).map((account) => account.name)).toContain('ERP sync');
    const single = await customerOwner.request('GET', `${accountsPath()}/${created.account.id}`);
    const another = await customerOwner.request('POST', `${accountsPath()}/${created.account.id}/tokens`, { expiresInDays: 30 });
    expect(another.status).toBe(201);
    const listAgain = await customerOwner.request('GET', accountsPath());
    for (const response of [list, single, listAgain]) {
      expect(response.text).not.toContain(created.token.token);
      expect(response.text).not.toContain((another.body as { token: string }).token);
      expect(response.text).not.toContain('"token":');
    }
    const audit = expectOk(await customerOwner.request<AuditPage>('GET', `/api/v1/tenants/${customer}/audit?targetId=${created.account.id}`));
    expect(audit.items.map((item) => item.action)).toEqual(['service-account.create', 'service-account.token.create']);
    expect(JSON.stringify(audit)).not.toContain(created.token.token);
    expect(server.logs.join('\n')).not.toContain(created.token.token);
  });

  it('refuses bad input with 4xx and a message that says where', async () => {
    const bad = async (body: Record<string, unknown>, path: string, status = 400) => {
      const error = expectError(await customerOwner.request('POST', accountsPath(), body), status);
      expect(error.details.map((detail) => detail.path)).toContain(path);
    };
    const valid = { name: 'X', scopes: ['run.read'], workflowIds: null, expiresInDays: 30 };
    await bad({ ...valid, scopes: ['member.manage'] }, 'body.scopes.0');
    await bad({ ...valid, scopes: ['task.read'] }, 'body.scopes.0');
    await bad({ ...valid, scopes: [] }, 'body.scopes');
    await bad({ ...valid, expiresInDays: 366 }, 'body.expiresInDays');
    await bad({ ...valid, expiresInDays: undefined }, 'body.expiresInDays');
    await bad({ ...valid, name: '  ' }, 'body.name');
    await bad({ ...valid, workflowIds: [] }, 'body.workflowIds');
    await bad({ ...valid, workflowIds: ['no-such-workflow'] }, 'body.workflowIds.0', 422);
    await createAccount(customerOwner, { ...valid, name: 'Duplicate' });
    expectError(await customerOwner.request('POST', accountsPath(), { ...valid, name: 'duplicate' }), 409, 'CONFLICT');
    expectError(await customerOwner.request('PATCH', `${accountsPath()}/sa_nope`, { name: 'Y' }), 404, 'NOT_FOUND');
    expectError(await customerOwner.request('DELETE', `${accountsPath()}/sa_nope/tokens/sat_nope`), 404, 'NOT_FOUND');
  });

  it("is for owners: others get 403, another customer's owner 404; a partner's owner manages its customers'", async () => {
    expectError(await operator.request('GET', accountsPath()), 403, 'FORBIDDEN');
    const byPartner = await createAccount(partnerOwner, { name: 'Partner-made', scopes: ['workflow.read'], workflowIds: null });
    expect(byPartner.account.name).toBe('Partner-made');
    const fabrikam = expectOk(await partnerOwner.request<{ id: string }>('POST', `/api/v1/tenants/${partner}/customers`, { name: 'Fabrikam', slug: 'fabrikam-sa' }), 201);
    const otherOwner = (await createMember(server, fabrikam.id, 'owner@fabrikam-sa.example', ['owner'])).client;
    expectError(await otherOwner.request('GET', accountsPath()), 404, 'NOT_FOUND');
    expectError(await otherOwner.request('POST', `${accountsPath()}/${byPartner.account.id}/disable`), 404, 'NOT_FOUND');
    expectError(await otherOwner.request('GET', `/api/v1/tenants/${fabrikam.id}/service-accounts/${byPartner.account.id}`), 404, 'NOT_FOUND');
  });
});

describe('calling the API as a service account', () => {
  let created: Created;
  let call: ReturnType<typeof as>;
  beforeAll(async () => {
    created = await createAccount(customerOwner, { name: 'Order starter', scopes: ['run.start', 'run.read', 'workflow.read'], workflowIds: [otherWorkflow] });
    call = as(created.token.token);
  });

  it('starts a run of a workflow in scope; the run and the audit log name the service account', async () => {
    const { runId } = expectOk(await call<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${otherWorkflow}/runs`, { input: { n: 7 } }), 201);
    const run = await waitForRun(customerOwner, customer, runId);
    expect(run.status).toBe('succeeded');
    expect((run as unknown as { initiatedBy: string }).initiatedBy).toBe(`Order starter (service account ${created.account.id})`);
    expect(expectOk(await call<{ id: string }>('GET', `/api/v1/tenants/${customer}/runs/${runId}`)).id).toBe(runId);
    const audit = expectOk(await customerOwner.request<AuditPage>('GET', `/api/v1/tenants/${customer}/audit?action=run.start&targetId=${runId}`));
    const actorId = `service-account:${created.account.id}`;
    expect(audit.items.map((item) => item.actorId)).toEqual([actorId]);
    expect(audit.actors[actorId]).toEqual({ name: 'Order starter', email: '', kind: 'service-account' });
  });

  it('is refused what its scopes do not allow (403), and workflows outside its list are not found (404)', async () => {
    expectError(await call('POST', `/api/v1/tenants/${customer}/runs/any/cancel`), 403, 'FORBIDDEN');
    expectError(await call('GET', `/api/v1/tenants/${customer}/credentials`), 403, 'FORBIDDEN');
    expectError(await call('GET', `/api/v1/tenants/${customer}/members`), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/tenants/${customer}/workflows/${orderWorkflow}/runs`, { input: {} }), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/v1/tenants/${customer}/workflows/${orderWorkflow}`), 404, 'NOT_FOUND');
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${orderWorkflow}/runs`, { input: { orderId: 'SA-1', total: 10 } }), 201);
    expectError(await call('GET', `/api/v1/tenants/${customer}/runs/${runId}`), 404, 'NOT_FOUND');
    const listed = expectOk(await call<{ id: string }[]>('GET', `/api/v1/tenants/${customer}/workflows`));
    expect(listed.map((item) => item.id)).toEqual([otherWorkflow]);
    expectError(await call('GET', `/api/v1/tenants/${customer}/runs`), 403, 'FORBIDDEN');
    expectError(await call('GET', `/api/v1/tenants/${customer}/runs?workflowId=${orderWorkflow}`), 404, 'NOT_FOUND');
    const runs = expectOk(await call<{ items: { workflowId: string }[] }>('GET', `/api/v1/tenants/${customer}/runs?workflowId=${otherWorkflow}`));
    expect(runs.items.length).toBeGreaterThan(0);
    expect(new Set(runs.items.map((item) => item.workflowId))).toEqual(new Set([otherWorkflow]));
  });

  it("of a partner acts in the partner's workspace only, not in its customers'", async () => {
    const partnerAccount = expectOk(
      await partnerOwner.request<Created>('POST', `/api/v1/tenants/${partner}/service-accounts`, { name: 'Partner monitor', scopes: ['run.read', 'workflow.read'], workflowIds: null, expiresInDays: 30 }),
      201,
    );
    const call = as(partnerAccount.token.token);
    expectOk(await call('GET', `/api/v1/tenants/${partner}/runs`));
    expectError(await call('GET', `/api/v1/tenants/${partner}/runs?scope=customers`), 403, 'FORBIDDEN');
    expectError(await call('GET', `/api/v1/tenants/${partner}/runs?customerId=${customer}`), 403, 'FORBIDDEN');
    expectError(await call('GET', `/api/v1/tenants/${customer}/runs`), 404, 'NOT_FOUND');
  });

  it('acts in its own workspace only: another is 404, people routes are 403', async () => {
    expectError(await call('GET', `/api/v1/tenants/${partner}/workflows`), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/me'), 403, 'FORBIDDEN');
    expectError(await call('GET', '/api/v1/me/approvals'), 403, 'FORBIDDEN');
    expectError(await call('POST', '/api/v1/me/tokens', { name: 'x', expiresInDays: 1 }), 403, 'FORBIDDEN');
    expectError(await call('GET', '/api/v1/platform/partners'), 403, 'FORBIDDEN');
    expectError(await call('GET', accountsPath()), 403, 'FORBIDDEN');
  });

  it('records when it was last used, at most once a minute', async () => {
    const tokenRow = async () => (await firstValue(server.app.sql, 'SELECT last_used_at FROM service_account_tokens WHERE id = ?', [created.token.id])) as number | null;
    expectOk(await call('GET', `/api/v1/tenants/${customer}/workflows`));
    const listed = expectOk(await customerOwner.request<Account>('GET', `${accountsPath()}/${created.account.id}`));
    expect(listed.tokens[0]?.lastUsedAt).not.toBeNull();
    expect(listed.lastUsedAt).toBe(listed.tokens[0]?.lastUsedAt);
    const recent = Date.now() - 30_000;
    await server.app.sql.run('UPDATE service_account_tokens SET last_used_at = ? WHERE id = ?', [recent, created.token.id]);
    expectOk(await call('GET', `/api/v1/tenants/${customer}/workflows`));
    expect(await tokenRow()).toBe(recent);
    const old = Date.now() - 120_000;
    await server.app.sql.run('UPDATE service_account_tokens SET last_used_at = ? WHERE id = ?', [old, created.token.id]);
    expectOk(await call('GET', `/api/v1/tenants/${customer}/workflows`));
    expect(await tokenRow()).toBeGreaterThan(old);
  });

  it('takes changed scopes at once', async () => {
    const other = await createAccount(customerOwner, { name: 'Reader', scopes: ['workflow.read'], workflowIds: null });
    const reader = as(other.token.token);
    expectError(await reader('GET', `/api/v1/tenants/${customer}/runs`), 403, 'FORBIDDEN');
    const updated = expectOk(await customerOwner.request<Account>('PATCH', `${accountsPath()}/${other.account.id}`, { scopes: ['workflow.read', 'run.read'] }));
    expect(updated.scopes).toEqual(['workflow.read', 'run.read']);
    expectOk(await reader('GET', `/api/v1/tenants/${customer}/runs`));
    expectError(await customerOwner.request('PATCH', `${accountsPath()}/${other.account.id}`, {}), 400, 'INVALID_REQUEST');
  });
});

describe('what a service account never does', () => {
  it('cannot decide an approval task, even with every scope it may hold', async () => {
    const all = await createAccount(customerOwner, { name: 'Everything', scopes: ['workflow.read', 'run.read', 'run.start', 'run.manage'], workflowIds: null });
    const call = as(all.token.token);
    const { runId } = expectOk(await call<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${orderWorkflow}/runs`, { input: { orderId: 'SA-2', total: 900 } }), 201);
    expect((await waitForRun(customerOwner, customer, runId)).status).toBe('waiting');
    const tasks = expectOk(await customerOwner.request<{ id: string; runId: string }[]>('GET', `/api/v1/tenants/${customer}/tasks?status=open`));
    const task = tasks.find((candidate) => candidate.runId === runId);
    expect(task).toBeDefined();
    expectError(await call('GET', `/api/v1/tenants/${customer}/tasks`), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/tenants/${customer}/tasks/${task?.id}/decide`, { decision: 'approve' }), 403, 'FORBIDDEN');
    const still = expectOk(await customerOwner.request<{ status: string }>('GET', `/api/v1/tenants/${customer}/tasks/${task?.id}`));
    expect(still.status).toBe('open');
  });

  it('is refused every route outside what service accounts may hold, and every route for people', async () => {
    const all = await createAccount(customerOwner, { name: 'Every scope', scopes: [...SERVICE_ACCOUNT_SCOPES], workflowIds: null });
    const call = as(all.token.token);
    const refused = apiRoutes.filter(
      (route) => route.access.kind === 'user' || route.access.kind === 'platform' || (route.access.kind === 'tenant' && !(SERVICE_ACCOUNT_SCOPES as readonly string[]).includes(route.access.permission)),
    );
    expect(refused.length).toBeGreaterThan(30);
    for (const route of refused) {
      const path = route.path.replace(':tenantId', customer).replace(/:(\w+)/g, 'some-$1');
      const response = await call(route.method.toUpperCase(), path, route.body ? {} : undefined);
      expect(response.status, `${route.method} ${route.path}: ${response.text}`).toBe(403);
    }
  });

  it('cannot be added as a member, and has no membership', async () => {
    const account = await createAccount(customerOwner, { name: 'Not a member', scopes: ['run.read'], workflowIds: null });
    expectError(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/members/${account.account.id}`, { roles: ['viewer'] }), 404, 'NOT_FOUND');
    const members = expectOk(await customerOwner.request<{ userId: string }[]>('GET', `/api/v1/tenants/${customer}/members`));
    expect(JSON.stringify(members)).not.toContain(account.account.id);
  });

  it('cannot use a session cookie or sign in', async () => {
    const account = await createAccount(customerOwner, { name: 'No cookie', scopes: ['run.read'], workflowIds: null });
    const viaCookie = await server.request('GET', `/api/v1/tenants/${customer}/runs`, undefined, { cookie: `fg_session=${account.token.token}` });
    expectError(viaCookie, 401, 'UNAUTHENTICATED');
  });
});

describe('ending a token', () => {
  it('answers 401 for an expired token', async () => {
    const created = await createAccount(customerOwner, { name: 'Expiring', scopes: ['run.read'], workflowIds: null });
    expectOk(await as(created.token.token)('GET', `/api/v1/tenants/${customer}/runs`));
    await server.app.sql.run('UPDATE service_account_tokens SET expires_at = ? WHERE id = ?', [Date.now() - 1, created.token.id]);
    expectError(await as(created.token.token)('GET', `/api/v1/tenants/${customer}/runs`), 401, 'UNAUTHENTICATED');
    const listed = expectOk(await customerOwner.request<Account>('GET', `${accountsPath()}/${created.account.id}`));
    expect(listed.tokens.map((token) => token.status)).toEqual(['expired']);
  });

  it('answers 401 for a revoked token while the account\'s other token keeps working', async () => {
    const created = await createAccount(customerOwner, { name: 'Rotating', scopes: ['run.read'], workflowIds: null });
    const second = expectOk(await customerOwner.request<Token & { token: string }>('POST', `${accountsPath()}/${created.account.id}/tokens`, { expiresInDays: 365 }), 201);
    expectOk(await as(created.token.token)('GET', `/api/v1/tenants/${customer}/runs`));
    expectOk(await customerOwner.request('DELETE', `${accountsPath()}/${created.account.id}/tokens/${created.token.id}`));
    expectError(await as(created.token.token)('GET', `/api/v1/tenants/${customer}/runs`), 401, 'UNAUTHENTICATED');
    // The account was used, though the token that did it is gone.
    const listed = expectOk(await customerOwner.request<Account>('GET', `${accountsPath()}/${created.account.id}`));
    expect(listed.tokens.map((token) => token.id)).toEqual([second.id]);
    expect(listed.lastUsedAt).not.toBeNull();
    expectOk(await as(second.token)('GET', `/api/v1/tenants/${customer}/runs`));
    expectError(await customerOwner.request('DELETE', `${accountsPath()}/${created.account.id}/tokens/${created.token.id}`), 404, 'NOT_FOUND');
  });

  it('answers 401 for every token of a disabled account, and works again when enabled', async () => {
    const created = await createAccount(customerOwner, { name: 'Disabled', scopes: ['run.read'], workflowIds: null });
    expect(expectOk(await customerOwner.request<Account>('POST', `${accountsPath()}/${created.account.id}/disable`)).disabled).toBe(true);
    expectError(await as(created.token.token)('GET', `/api/v1/tenants/${customer}/runs`), 401, 'UNAUTHENTICATED');
    expect(expectOk(await customerOwner.request<Account>('POST', `${accountsPath()}/${created.account.id}/enable`)).disabled).toBe(false);
    expectOk(await as(created.token.token)('GET', `/api/v1/tenants/${customer}/runs`));
  });
});
