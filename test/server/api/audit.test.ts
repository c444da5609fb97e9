import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPassword, nextMailTo } from '../../support/accounts.js';
import { activeWorkflow, expectError, expectOk, waitForRun, type WorkflowDetail } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { linkIn, tokenOf } from '../../support/mail-sink.js';
import { DEMO, startServerHarness, type ApiClient, type ApiResponse, type ServerHarness } from '../../support/server-harness.js';
import { firstValue } from '../../support/sql-values.js';

interface Entry {
  seq: number;
  tenantId: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  details: Record<string, unknown>;
  createdAt: string;
  prevHash: string;
  hash: string;
}
interface Page {
  items: Entry[];
  nextAfter: number | null;
}

const straight = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'wait', type: 'flow.waitForEvent', config: { correlationKey: { var: 'input.key' } } },
  ],
  [['start', 'out', 'wait']],
  { name: 'Audited' },
);
/** Calls a loopback port, which the egress guard refuses (no allow-list here), so its runs fail. */
const failing = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'call', type: 'connector.http', config: { url: 'http://127.0.0.1:9/unreachable', timeoutMs: 2000 } },
  ],
  [['start', 'out', 'call']],
  { name: 'Failing' },
);

let server: ServerHarness;
let partnerOwner: ApiClient;
let consultant: ApiClient;
let approver: ApiClient;
let customerOwner: ApiClient;
let operator: ApiClient;
let customer: string;
let partner: string;

beforeAll(async () => {
  server = await startServerHarness();
  ({ customer, partner } = server.tenants);
  partnerOwner = await server.signIn(DEMO.partnerOwner);
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  customerOwner = await server.signIn(DEMO.customerOwner);
  operator = await server.signIn(DEMO.operator);
});
afterAll(() => server.close());

const auditOf = (tenantId: string) => `/api/v1/tenants/${tenantId}/audit`;

/** Every entry of a tenant, read as its owner. */
async function allEntries(tenantId: string): Promise<Entry[]> {
  const reader = tenantId === partner ? partnerOwner : customerOwner;
  return expectOk(await reader.request<Page>('GET', `${auditOf(tenantId)}?limit=500`)).items;
}

describe('every change is recorded', () => {
  it('appends one entry per mutating call with who, action and target, chained to the one before', async () => {
    const lastSeq = new Map<string, number>();
    const lastHash = new Map<string, string>();
    /** Catches up with entries appended by calls made only to set things up. */
    async function sync(tenantId: string): Promise<void> {
      const last = (await allEntries(tenantId)).at(-1);
      lastSeq.set(tenantId, last?.seq ?? 0);
      lastHash.set(tenantId, last?.hash ?? '');
    }
    await sync(customer);
    await sync(partner);

    /** Makes a call and checks it appended exactly the expected entry; answers the call's body. */
    async function recorded<T>(
      call: () => Promise<ApiResponse<T>>,
      expected: { by: { readonly userId: string }; action: string; targetType: string; targetId?: (body: T) => string; tenant?: string },
    ): Promise<T> {
      const tenantId = expected.tenant ?? customer;
      const response = await call();
      expect(response.status, `${expected.action}: ${response.text}`).toBeLessThan(300);
      const reader = tenantId === partner ? partnerOwner : customerOwner;
      const fresh = expectOk(await reader.request<Page>('GET', `${auditOf(tenantId)}?after=${lastSeq.get(tenantId) ?? 0}`)).items;
      expect(fresh, expected.action).toHaveLength(1);
      const entry = fresh[0] as Entry;
      expect(entry).toMatchObject({ tenantId, actorId: expected.by.userId, action: expected.action, targetType: expected.targetType });
      if (expected.targetId) expect(entry.targetId).toBe(expected.targetId(response.body));
      expect(entry.prevHash).toBe(lastHash.get(tenantId));
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
      lastSeq.set(tenantId, entry.seq);
      lastHash.set(tenantId, entry.hash);
      return response.body;
    }
    const customerPath = `/api/v1/tenants/${customer}`;

    const created = await recorded(() => consultant.request<WorkflowDetail>('POST', `${customerPath}/workflows`, { name: 'Audited', definition: straight }), {
      by: consultant,
      action: 'workflow.create',
      targetType: 'workflow',
      targetId: (body) => body.id,
    });
    const wf = `${customerPath}/workflows/${created.id}`;
    await recorded(() => consultant.request('PUT', wf, { revision: 1, definition: { ...straight, description: 'changed' } }), {
      by: consultant,
      action: 'workflow.draft.update',
      targetType: 'workflow',
      targetId: () => created.id,
    });
    // Refusals change nothing and record nothing.
    expectError(await consultant.request('PUT', wf, { revision: 1, definition: straight }), 409, 'CONFLICT');
    expectError(await operator.request('PUT', wf, { revision: 2, definition: straight }), 403, 'FORBIDDEN');
    expectError(await approver.request('POST', `${wf}/versions/1/approve`, {}), 404, 'NOT_FOUND');
    await recorded(() => consultant.request<WorkflowDetail>('POST', `${customerPath}/workflows/import`, { ...straight, name: 'Imported' }), {
      by: consultant,
      action: 'workflow.import',
      targetType: 'workflow',
      targetId: (body) => body.id,
    });
    await recorded(() => consultant.request('POST', `${wf}/versions`, { note: 'v1' }), { by: consultant, action: 'version.submit', targetType: 'workflow', targetId: () => created.id });
    await recorded(() => approver.request('POST', `${wf}/versions/1/approve`, { comment: 'ok' }), { by: approver, action: 'version.approve', targetType: 'workflow' });
    await recorded(() => approver.request('POST', `${wf}/activate`, { version: 1, reason: 'go live' }), { by: approver, action: 'workflow.activate', targetType: 'workflow' });
    await recorded(() => consultant.request('POST', `${wf}/versions`, { note: 'v2' }), { by: consultant, action: 'version.submit', targetType: 'workflow' });
    await recorded(() => approver.request('POST', `${wf}/versions/2/reject`, { comment: 'no' }), { by: approver, action: 'version.reject', targetType: 'workflow' });
    await recorded(() => consultant.request('POST', `${wf}/versions/1/restore`), { by: consultant, action: 'workflow.draft.restore', targetType: 'workflow' });
    const testRun = await recorded(() => consultant.request<{ runId: string }>('POST', `${wf}/test-runs`, { input: { key: 'audit-test' } }), {
      by: consultant,
      action: 'run.test',
      targetType: 'run',
      targetId: (body) => body.runId,
    });
    const run = await recorded(() => operator.request<{ runId: string }>('POST', `${wf}/runs`, { input: { key: 'audit-1' } }), {
      by: operator,
      action: 'run.start',
      targetType: 'run',
      targetId: (body) => body.runId,
    });
    await waitForRun(operator, customer, run.runId);
    await recorded(() => operator.request('POST', `${customerPath}/signals`, { correlationKey: 'audit-1', payload: {} }), {
      by: operator,
      action: 'signal.send',
      targetType: 'signal',
      targetId: () => 'audit-1',
    });
    await waitForRun(consultant, customer, testRun.runId);
    await recorded(() => operator.request('POST', `${customerPath}/runs/${testRun.runId}/cancel`), { by: operator, action: 'run.cancel', targetType: 'run', targetId: () => testRun.runId });

    const failingId = await activeWorkflow(consultant, approver, customer, 'Failing', failing);
    const failingRun = expectOk(await operator.request<{ runId: string }>('POST', `${customerPath}/workflows/${failingId}/runs`, { input: {} }), 201);
    expect((await waitForRun(operator, customer, failingRun.runId)).status).toBe('failed');
    await sync(customer);
    await recorded(() => operator.request('POST', `${customerPath}/runs/${failingRun.runId}/retry`), { by: operator, action: 'run.retry', targetType: 'run', targetId: () => failingRun.runId });

    const orders = expectOk(await operator.request<{ id: string; name: string }[]>('GET', `${customerPath}/workflows?search=Order`))[0]?.id ?? '';
    const order = await recorded(
      () => operator.request<{ runId: string }>('POST', `${customerPath}/workflows/${orders}/runs`, { input: { orderId: 'A-1', total: 900, customer: 'C', reason: 'r' } }),
      { by: operator, action: 'run.start', targetType: 'run' },
    );
    await waitForRun(operator, customer, order.runId);
    const task = expectOk(await operator.request<{ id: string; runId: string }[]>('GET', `${customerPath}/tasks`)).find((candidate) => candidate.runId === order.runId);
    const taskId = task?.id ?? '';
    await recorded(() => customerOwner.request('POST', `${customerPath}/tasks/${taskId}/links`, { approverEmail: DEMO.approver }), {
      by: customerOwner,
      action: 'task.link.create',
      targetType: 'task',
      targetId: () => taskId,
    });
    await recorded(() => approver.request('POST', `${customerPath}/tasks/${taskId}/decide`, { decision: 'approve' }), { by: approver, action: 'task.approve', targetType: 'task', targetId: () => taskId });
    const second = expectOk(
      await operator.request<{ runId: string }>('POST', `${customerPath}/workflows/${orders}/runs`, { input: { orderId: 'A-2', total: 900, customer: 'C', reason: 'r' } }),
      201,
    );
    await waitForRun(operator, customer, second.runId);
    const secondTask = expectOk(await operator.request<{ id: string; runId: string }[]>('GET', `${customerPath}/tasks`)).find((candidate) => candidate.runId === second.runId);
    const since = server.mail.messages.length;
    expectOk(await customerOwner.request('POST', `${customerPath}/tasks/${secondTask?.id ?? ''}/links`, { approverEmail: DEMO.approver }), 201);
    // The link for this task (the first task's links may still be arriving).
    const mail = await server.mail.waitFor(
      (message) => server.mail.messages.indexOf(message) >= since && message.to.includes(DEMO.approver) && message.subject === 'Approval needed: Release order A-2 (900 EUR)',
    );
    const link = `/api/v1/decisions/${tokenOf(linkIn(mail, '/decide/'))}`;
    await sync(customer);
    await recorded(() => server.request('POST', link, { decision: 'reject', comment: 'via the link' }), {
      by: approver,
      action: 'task.reject',
      targetType: 'task',
      targetId: () => secondTask?.id ?? '',
    });
    await recorded(() => consultant.request('POST', `${customerPath}/workflows/${orders}/triggers/received/secret`), {
      by: consultant,
      action: 'webhook.secret.rotate',
      targetType: 'workflow',
      targetId: () => orders,
    });

    const credential = await recorded(
      () => consultant.request<{ id: string }>('POST', `${customerPath}/credentials`, { name: 'erp', secret: { type: 'bearer', token: 'audit-secret-token-1' }, allowedHosts: ['erp.example.com'] }),
      { by: consultant, action: 'credential.create', targetType: 'credential', targetId: (body) => body.id },
    );
    await recorded(() => consultant.request('PUT', `${customerPath}/credentials/${credential.id}`, { secret: { type: 'bearer', token: 'audit-secret-token-2' } }), {
      by: consultant,
      action: 'credential.rotate',
      targetType: 'credential',
    });
    await recorded(() => customerOwner.request('PUT', `${customerPath}/credentials/${credential.id}/allow-drafts`, { allowDrafts: true }), {
      by: customerOwner,
      action: 'credential.drafts.update',
      targetType: 'credential',
      targetId: () => credential.id,
    });
    await recorded(() => consultant.request('PUT', `${customerPath}/credentials/${credential.id}/allowed-hosts`, { allowedHosts: ['erp.example.com', '*.erp.example.com'] }), {
      by: consultant,
      action: 'credential.hosts.update',
      targetType: 'credential',
      targetId: () => credential.id,
    });
    await recorded(() => consultant.request('DELETE', `${customerPath}/credentials/${credential.id}`), { by: consultant, action: 'credential.delete', targetType: 'credential' });
    await recorded(() => customerOwner.request('PUT', `${customerPath}/egress-allowlist`, { entries: ['erp.contoso.internal:8443'] }), {
      by: customerOwner,
      action: 'tenant.egress.update',
      targetType: 'tenant',
      targetId: () => customer,
    });

    await recorded(() => customerOwner.request('PUT', `${customerPath}/policy`, { requiredApprovals: 1, retentionDays: 60 }), {
      by: customerOwner,
      action: 'tenant.policy.update',
      targetType: 'tenant',
      targetId: () => customer,
    });
    const invitedSince = server.mail.messages.length;
    const invited = await recorded(
      () => customerOwner.request<{ invitation: { id: string } }>('POST', `${customerPath}/members`, { email: 'audited@contoso.example', roles: ['viewer'] }),
      { by: customerOwner, action: 'invitation.create', targetType: 'invitation', targetId: (body) => body.invitation.id },
    );
    await recorded(() => customerOwner.request('POST', `${customerPath}/invitations/${invited.invitation.id}/resend`), {
      by: customerOwner,
      action: 'invitation.resend',
      targetType: 'invitation',
      targetId: () => invited.invitation.id,
    });
    const invitation = await nextMailTo(server, 'audited@contoso.example', invitedSince + 1, /invited/);
    // The person who accepts is the actor: their account exists from that moment.
    const member = { userId: '' };
    const password = newPassword();
    await recorded(
      async () => {
        const accepted = await server.request('POST', `/api/v1/invitations/${tokenOf(linkIn(invitation, '/accept-invite'))}/accept`, { name: 'Audited', password });
        member.userId = (await server.signIn('audited@contoso.example', password)).userId;
        return accepted;
      },
      { by: member, action: 'invitation.accept', targetType: 'user', targetId: () => member.userId },
    );
    await recorded(() => customerOwner.request('PUT', `${customerPath}/members/${member.userId}`, { roles: ['operator'] }), {
      by: customerOwner,
      action: 'member.roles.update',
      targetType: 'user',
      targetId: () => member.userId,
    });
    await recorded(() => customerOwner.request('DELETE', `${customerPath}/members/${member.userId}`), { by: customerOwner, action: 'member.remove', targetType: 'user' });
    const revocable = expectOk(await customerOwner.request<{ invitation: { id: string } }>('POST', `${customerPath}/members`, { email: 'revoked@contoso.example', roles: ['viewer'] }), 201);
    await sync(customer);
    await recorded(() => customerOwner.request('DELETE', `${customerPath}/invitations/${revocable.invitation.id}`), {
      by: customerOwner,
      action: 'invitation.revoke',
      targetType: 'invitation',
      targetId: () => revocable.invitation.id,
    });
    await recorded(() => consultant.request('POST', `${wf}/archive`), { by: consultant, action: 'workflow.archive', targetType: 'workflow', targetId: () => created.id });

    await recorded(() => partnerOwner.request<{ id: string }>('POST', `/api/v1/tenants/${partner}/customers`, { name: 'Audited Customer', slug: 'audited' }), {
      by: partnerOwner,
      action: 'tenant.create',
      targetType: 'tenant',
      targetId: (body) => body.id,
      tenant: partner,
    });
    const branding = expectOk(await partnerOwner.request<Record<string, unknown>>('GET', `/api/v1/tenants/${partner}/branding`));
    await recorded(() => partnerOwner.request('PUT', `/api/v1/tenants/${partner}/branding`, { ...branding, accentColor: '#000000' }), {
      by: partnerOwner,
      action: 'tenant.branding.update',
      targetType: 'tenant',
      targetId: () => partner,
      tenant: partner,
    });

    const entries = await allEntries(customer);
    const draftUpdate = entries.find((entry) => entry.action === 'workflow.draft.update');
    expect(draftUpdate?.beforeDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(draftUpdate?.afterDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(draftUpdate?.beforeDigest).not.toBe(draftUpdate?.afterDigest);
    // Digests only: neither drafts nor credential values are copied into the log.
    const text = JSON.stringify(entries);
    expect(text).not.toContain('audit-secret-token');
    expect(text).not.toContain('"nodes"');
  });
});

describe('reading the log', () => {
  it('filters by action, actor, target and time', async () => {
    const entries = await allEntries(customer);
    expect(entries.length).toBeGreaterThan(20);
    const list = async (query: string) => expectOk(await approver.request<Page>('GET', `${auditOf(customer)}?limit=500&${query}`)).items;

    const creates = await list('action=workflow.create');
    expect(creates.length).toBeGreaterThan(0);
    expect(creates).toEqual(entries.filter((entry) => entry.action === 'workflow.create'));

    const byConsultant = await list(`actorId=${consultant.userId}`);
    expect(byConsultant).toEqual(entries.filter((entry) => entry.actorId === consultant.userId));
    expect(byConsultant.length).toBeGreaterThan(5);

    const target = creates[0]?.targetId ?? '';
    expect((await list(`targetId=${target}`)).every((entry) => entry.targetId === target)).toBe(true);
    expect((await list(`targetId=${target}`)).length).toBeGreaterThan(1);

    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await list(`from=${future}`)).toEqual([]);
    expect(await list(`to=${future}`)).toEqual(entries);
    expectError(await approver.request('GET', `${auditOf(customer)}?from=yesterday`), 400, 'INVALID_REQUEST');
  });

  it('pages with the `after` cursor, oldest first, without duplicates', async () => {
    const entries = await allEntries(customer);
    const seen: number[] = [];
    let after: number | null = 0;
    let pages = 0;
    while (after !== null && pages < 100) {
      const page: Page = expectOk(await customerOwner.request<Page>('GET', `${auditOf(customer)}?limit=4&after=${after}`));
      seen.push(...page.items.map((entry) => entry.seq));
      after = page.nextAfter;
      pages++;
    }
    expect(after).toBeNull();
    expect(seen).toEqual(entries.map((entry) => entry.seq));
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('is for owners and approvers of the tenant only', async () => {
    expect(expectError(await operator.request('GET', auditOf(customer)), 403, 'FORBIDDEN').message).toBe('your role in this tenant (operator) does not allow you to read the audit log');
    expectError(await consultant.request('GET', `${auditOf(customer)}/verify`), 403, 'FORBIDDEN');
    expectError(await customerOwner.request('GET', auditOf(partner)), 404, 'NOT_FOUND');
    const partnerEntries = expectOk(await partnerOwner.request<Page>('GET', auditOf(partner))).items;
    expect(partnerEntries.every((entry) => entry.tenantId === partner)).toBe(true);
  });
});

describe('tamper evidence', () => {
  const verify = async (tenantId: string) =>
    expectOk(await (tenantId === partner ? partnerOwner : customerOwner).request<{ ok: boolean; entries: number; brokenAt?: number; reason?: string }>('GET', `${auditOf(tenantId)}/verify`));

  it('verifies an intact chain', async () => {
    const entries = await allEntries(customer);
    const last = entries[entries.length - 1] as Entry;
    expect(await verify(customer)).toEqual({ ok: true, entries: entries.length, head: { seq: last.seq, hash: last.hash } });
    expect((await verify(partner)).ok).toBe(true);
  });

  it('reports an entry altered in the database as the first broken one', async () => {
    const entries = await allEntries(customer);
    const target = entries[Math.floor(entries.length / 2)] as Entry;
    const original = (await firstValue(server.app.sql, 'SELECT details FROM audit_log WHERE seq = ?', [target.seq])) as string;
    await server.app.sql.run('UPDATE audit_log SET details = ? WHERE seq = ?', [JSON.stringify({ ...target.details, reason: 'nothing to see' }), target.seq]);
    expect(await verify(customer)).toEqual({ ok: false, entries: entries.indexOf(target) + 1, brokenAt: target.seq, reason: 'the entry was altered after it was written' });
    expect((await verify(partner)).ok).toBe(true);

    await server.app.sql.run('UPDATE audit_log SET details = ? WHERE seq = ?', [original, target.seq]);
    expect((await verify(customer)).ok).toBe(true);
    const someoneElse = target.actorId === operator.userId ? consultant.userId : operator.userId;
    await server.app.sql.run('UPDATE audit_log SET actor_id = ? WHERE seq = ?', [someoneElse, target.seq]);
    expect(await verify(customer)).toMatchObject({ ok: false, brokenAt: target.seq });
    await server.app.sql.run('UPDATE audit_log SET actor_id = ? WHERE seq = ?', [target.actorId, target.seq]);
    expect((await verify(customer)).ok).toBe(true);
  });

  it('reports an entry deleted from the middle at the entry after it', async () => {
    const entries = await allEntries(customer);
    const index = Math.floor(entries.length / 3);
    const removed = entries[index] as Entry;
    const next = entries[index + 1] as Entry;
    await server.app.sql.run('DELETE FROM audit_log WHERE seq = ?', [removed.seq]);
    expect(await verify(customer)).toEqual({ ok: false, entries: index + 1, brokenAt: next.seq, reason: 'the entry does not link to the one before it' });
    expect((await verify(partner)).ok).toBe(true);
  });
});
