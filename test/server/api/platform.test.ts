import { existsSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETUP_CODE_FILE } from '../../../server/services/first-run.js';
import { newPassword, nextMailTo } from '../../support/accounts.js';
import { expectError, expectOk } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { linkIn, tokenOf } from '../../support/mail-sink.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';
import { createActiveWorkflow, rotateSecret } from '../../support/workflow-lifecycle.js';
import { firstValue } from '../../support/sql-values.js';

/**
 * First-run setup of an installation without the demo, and the platform operator's partners:
 * creating one (its owner invited), suspending and resuming it, its sign-in host name.
 */

/** A GET with a Host header of our choosing (fetch will not send one), as a browser at that host name sends it. */
function getWithHost(origin: string, path: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${origin}${path}`, { headers: { host } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve(text));
    });
    request.on('error', reject);
    request.end();
  });
}

interface Partner {
  id: string;
  slug: string;
  name: string;
  customers: number;
  members: number;
  suspendedAt: string | null;
  suspensionReason: string | null;
  signInHost: string | null;
}
interface Me {
  user: { id: string; email: string };
  platformOperator: boolean;
  workspaces: { tenant: { id: string; slug: string }; roles: string[] }[];
  suspendedWorkspaces: { id: string; name: string }[];
}

describe('first-run setup of a server started without the demo', () => {
  let fresh: ServerHarness;
  beforeAll(async () => {
    fresh = await startServerHarness({ demo: false });
  });
  afterAll(() => fresh.close());

  const body = (code: string, overrides: Record<string, unknown> = {}) => ({
    code,
    operator: { name: 'Pat Platform', email: 'pat@operator.example', password: 'a long operator passphrase' },
    partner: { name: 'Northwind Integrations', slug: 'northwind', ownerEmail: null },
    ...overrides,
  });

  it('is needed, and guarded by the code written to the data directory (0600)', async () => {
    expect(expectOk(await fresh.request('GET', '/api/v1/setup'))).toEqual({ needed: true });
    const file = join(fresh.dataDir, SETUP_CODE_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(fresh.setupCode);
    // The database keeps only the code's hash.
    expect(JSON.stringify(await fresh.app.sql.all('SELECT * FROM first_run_setup'))).not.toContain(fresh.setupCode ?? 'no code');
  });

  it('refuses a wrong code (403) and a weak password (422), creating nothing', async () => {
    const wrong = expectError(await fresh.request('POST', '/api/v1/setup', body('not-the-code')), 403, 'INVALID_SETUP_CODE');
    expect(wrong.details).toEqual([{ path: 'body.code', message: 'not the current setup code' }]);
    expect(wrong.message).toContain('setup-code.txt');
    const weak = expectError(await fresh.request('POST', '/api/v1/setup', body(fresh.setupCode ?? '', { operator: { name: 'Pat', email: 'pat@operator.example', password: 'short' } })), 422, 'WEAK_PASSWORD');
    expect(weak.details[0]?.path).toBe('body.operator.password');
    const emailAsPassword = expectError(
      await fresh.request('POST', '/api/v1/setup', body(fresh.setupCode ?? '', { operator: { name: 'Pat', email: 'pat@operator.example', password: 'pat@operator.example' } })),
      422,
      'WEAK_PASSWORD',
    );
    expect(emailAsPassword.details[0]?.path).toBe('body.operator.password');
    expectError(await fresh.request('POST', '/api/v1/setup', body(fresh.setupCode ?? '', { partner: { name: 'X', slug: 'Not A Slug' } })), 400, 'INVALID_REQUEST');
    expect(await firstValue(fresh.app.sql, 'SELECT count(*) FROM users')).toBe(0);
    expect(await firstValue(fresh.app.sql, 'SELECT count(*) FROM tenants')).toBe(0);
  });

  it('creates the platform operator and the first partner with its owner invited by mail, once', async () => {
    const since = fresh.mail.messages.length;
    const done = expectOk(
      await fresh.request('POST', '/api/v1/setup', body(fresh.setupCode ?? '', { partner: { name: 'Northwind Integrations', slug: 'northwind', ownerEmail: 'Noor@Northwind.example' } })),
      201,
    );
    expect(done).toMatchObject({ operator: { email: 'pat@operator.example', name: 'Pat Platform' }, partner: { slug: 'northwind', kind: 'partner' }, owner: 'invited', delivery: 'sent' });
    expect(JSON.stringify(done)).not.toMatch(/passphrase|fgi_/);
    expect(existsSync(join(fresh.dataDir, SETUP_CODE_FILE))).toBe(false);
    expect(expectOk(await fresh.request('GET', '/api/v1/setup'))).toEqual({ needed: false });
    expectError(await fresh.request('POST', '/api/v1/setup', body(fresh.setupCode ?? '')), 409, 'SETUP_DONE');

    // The operator runs the installation but is in no workspace; the owner joins through the link.
    const operator = await fresh.signIn('pat@operator.example', 'a long operator passphrase');
    const me = expectOk(await operator.request<Me>('GET', '/api/v1/me'));
    expect(me).toMatchObject({ platformOperator: true, workspaces: [] });
    const link = linkIn(await nextMailTo(fresh, 'noor@northwind.example', since, /invited/), '/accept-invite');
    const accepted = expectOk(await fresh.request<{ workspace: { roles: string[] } }>('POST', `/api/v1/invitations/${tokenOf(link)}/accept`, { name: 'Noor Admin', password: newPassword() }));
    expect(accepted.workspace.roles).toEqual(['owner']);
    const partnerId = (done as { partner: { id: string } }).partner.id;
    expectError(await operator.request('GET', `/api/v1/tenants/${partnerId}/workflows`), 404, 'NOT_FOUND');
    const entries = (await fresh.app.audit.list(partnerId, { limit: 10 })).map((entry) => [entry.action, entry.actorId]);
    expect(entries).toEqual([
      ['tenant.create', me.user.id],
      ['invitation.create', me.user.id],
      ['invitation.accept', expect.any(String)],
    ]);
  });

  it('makes the operator the partner owner when no owner email is given', async () => {
    const other = await startServerHarness({ demo: false });
    try {
      const done = expectOk(await other.request<{ owner: string; partner: { id: string } }>('POST', '/api/v1/setup', body(other.setupCode ?? '')), 201);
      expect(done.owner).toBe('operator');
      const operator = await other.signIn('pat@operator.example', 'a long operator passphrase');
      const me = expectOk(await operator.request<Me>('GET', '/api/v1/me'));
      expect(me.platformOperator).toBe(true);
      expect(me.workspaces.map((workspace) => [workspace.tenant.id, workspace.roles])).toEqual([[done.partner.id, ['owner']]]);
      expect(await other.app.audit.verify(done.partner.id)).toMatchObject({ ok: true, entries: 2 });
    } finally {
      await other.close();
    }
  });
});

describe('partners: the platform operator', () => {
  let server: ServerHarness;
  let operator: ApiClient;
  let partnerOwner: ApiClient;
  beforeAll(async () => {
    server = await startServerHarness();
    operator = await server.signIn(DEMO.platformOperator);
    partnerOwner = await server.signIn(DEMO.partnerOwner);
  });
  afterAll(() => server.close());

  it('has no setup to do on a demo server, and the demo operator is in no workspace', async () => {
    expect(server.setupCode).toBeUndefined();
    expect(expectOk(await server.request('GET', '/api/v1/setup'))).toEqual({ needed: false });
    expect(expectOk(await operator.request<Me>('GET', '/api/v1/me'))).toMatchObject({ platformOperator: true, workspaces: [] });
    expect(expectOk(await partnerOwner.request<Me>('GET', '/api/v1/me')).platformOperator).toBe(false);
  });

  it('lists the partners with their customers and members; no tenant role reaches the list', async () => {
    const partners = expectOk(await operator.request<Partner[]>('GET', '/api/v1/platform/partners'));
    expect(partners).toEqual([expect.objectContaining({ slug: 'northwind', name: 'Northwind Integrations', customers: 1, members: 3, suspendedAt: null, signInHost: null })]);
    expect(expectError(await partnerOwner.request('GET', '/api/v1/platform/partners'), 403, 'FORBIDDEN').message).toContain('platform operator');
    expectError(await server.request('GET', '/api/v1/platform/partners'), 401, 'UNAUTHENTICATED');
  });

  it("creates a partner and invites its owner, who then sees that partner's workspace only", async () => {
    const since = server.mail.messages.length;
    const created = expectOk(
      await operator.request<{ partner: Partner; invitation: { email: string; roles: string[] }; delivery: string }>('POST', '/api/v1/platform/partners', {
        name: 'Globex Consulting',
        slug: 'globex',
        ownerEmail: 'owner@globex.example',
      }),
      201,
    );
    expect(created).toMatchObject({ partner: { slug: 'globex', customers: 0, members: 0 }, invitation: { email: 'owner@globex.example', roles: ['owner'] }, delivery: 'sent' });
    expect(JSON.stringify(created)).not.toContain('fgi_');
    const link = linkIn(await nextMailTo(server, 'owner@globex.example', since, /invited/), '/accept-invite');
    const password = newPassword();
    expectOk(await server.request('POST', `/api/v1/invitations/${tokenOf(link)}/accept`, { name: 'Gloria Globex', password }));
    const owner = await server.signIn('owner@globex.example', password);
    const me = expectOk(await owner.request<Me>('GET', '/api/v1/me'));
    expect(me.workspaces.map((workspace) => [workspace.tenant.slug, workspace.roles])).toEqual([['globex', ['owner']]]);

    expectError(await operator.request('POST', '/api/v1/platform/partners', { name: 'Again', slug: 'globex', ownerEmail: 'x@globex.example' }), 409, 'CONFLICT');
    expectError(await operator.request('POST', '/api/v1/platform/partners', { name: 'Again', slug: 'contoso', ownerEmail: 'x@globex.example' }), 409, 'CONFLICT');
    const bad = expectError(await operator.request('POST', '/api/v1/platform/partners', { name: '', slug: 'Bad Slug', ownerEmail: 'nope' }), 400, 'INVALID_REQUEST');
    expect(bad.details.map((detail) => detail.path).sort()).toEqual(['body.name', 'body.ownerEmail', 'body.slug']);
    expectError(await partnerOwner.request('POST', '/api/v1/platform/partners', { name: 'Mine', slug: 'mine', ownerEmail: DEMO.partnerOwner }), 403, 'FORBIDDEN');
    expect(await server.app.tenants.bySlug('mine')).toBeUndefined();
  });

  it("suspends a partner: its and its customers' workspaces, webhooks and schedules stop; resuming brings them back", async () => {
    const consultant = await server.signIn(DEMO.consultant);
    const approver = await server.signIn(DEMO.approver);
    const customerOwner = await server.signIn(DEMO.customerOwner);
    const { partner, customer } = server.tenants;
    const governance = { tenantId: customer, designer: consultant, approver };
    const hooked = await createActiveWorkflow(
      governance,
      'Suspension hook',
      workflow([{ id: 'hook', type: 'trigger.webhook', config: { path: 'suspension/in', auth: 'token', respond: 'immediately' } }, { id: 'echo', type: 'data.transform', config: { fields: { ok: true } } }], [['hook', 'out', 'echo']]),
    );
    const secret = await rotateSecret(governance, hooked, 'hook');
    const callHook = () => server.request('POST', '/hooks/contoso/suspension/in', '{}', { 'content-type': 'application/json', 'x-flowgate-token': secret });
    expect((await callHook()).status).toBe(202);
    const schedulesBefore = (await server.app.triggers.schedules()).length;

    const suspended = expectOk(await operator.request<Partner>('POST', `/api/v1/platform/partners/${partner}/suspend`, { reason: 'Invoice overdue' }));
    expect(suspended).toMatchObject({ suspensionReason: 'Invoice overdue' });
    expect(suspended.suspendedAt).not.toBeNull();
    // Each is told which of their own workspaces is suspended: partner staff their partner's.
    for (const [client, tenantId, theirs] of [
      [partnerOwner, partner, partner],
      [consultant, customer, partner],
      [customerOwner, customer, customer],
    ] as const) {
      expectError(await client.request('GET', `/api/v1/tenants/${tenantId}/workflows`), 404, 'NOT_FOUND');
      const me = expectOk(await client.request<Me>('GET', '/api/v1/me'));
      expect(me.workspaces).toEqual([]);
      expect(me.suspendedWorkspaces.map((workspace) => workspace.id)).toEqual([theirs]);
    }
    expect((await callHook()).status).toBe(404);
    expect((await server.app.triggers.schedules()).filter((schedule) => [partner, customer].includes(schedule.tenantId))).toEqual([]);
    expectError(await operator.request('POST', `/api/v1/platform/partners/${partner}/suspend`, { reason: 'again' }), 409, 'CONFLICT');

    expectOk(await operator.request('POST', `/api/v1/platform/partners/${partner}/resume`));
    expect(expectOk(await customerOwner.request<Me>('GET', '/api/v1/me')).workspaces.map((workspace) => workspace.tenant.id)).toEqual([customer]);
    expect(expectOk(await customerOwner.request<Me>('GET', '/api/v1/me')).suspendedWorkspaces).toEqual([]);
    expect((await callHook()).status).toBe(202);
    expect(await server.app.triggers.schedules()).toHaveLength(schedulesBefore);
    expectError(await operator.request('POST', `/api/v1/platform/partners/${partner}/resume`), 409, 'CONFLICT');

    // Both recorded in the partner's own audit log, which its owner reads and which verifies.
    const audit = expectOk(await partnerOwner.request<{ items: { action: string; actorId: string; details: Record<string, unknown> }[] }>('GET', `/api/v1/tenants/${partner}/audit?action=tenant.suspend`));
    expect(audit.items).toEqual([expect.objectContaining({ actorId: operator.userId, details: { reason: 'Invoice overdue' } })]);
    expect(expectOk(await partnerOwner.request<{ ok: boolean }>('GET', `/api/v1/tenants/${partner}/audit/verify`)).ok).toBe(true);
    // A customer is no partner; an unknown id is none either.
    expectError(await operator.request('POST', `/api/v1/platform/partners/${customer}/suspend`, { reason: 'x' }), 404, 'NOT_FOUND');
    expectError(await operator.request('POST', '/api/v1/platform/partners/no-such-partner/resume'), 404, 'NOT_FOUND');
    expectError(await operator.request('POST', `/api/v1/platform/partners/${partner}/suspend`, { reason: '' }), 400, 'INVALID_REQUEST');
  });

  it("gives a partner a sign-in host name, at which the sign-in page shows the partner's brand", async () => {
    const { partner } = server.tenants;
    expect(expectOk(await operator.request<Partner>('PUT', `/api/v1/platform/partners/${partner}/sign-in-host`, { host: 'Flow.Northwind.example' })).signInHost).toBe('flow.northwind.example');
    const globex = (await server.app.tenants.bySlug('globex'))?.id ?? '';
    expectError(await operator.request('PUT', `/api/v1/platform/partners/${globex}/sign-in-host`, { host: 'flow.northwind.example' }), 409, 'CONFLICT');
    for (const host of ['https://flow.example', 'flow.example:443', 'flow.example/path', 'localhost', '']) {
      expect(expectError(await operator.request('PUT', `/api/v1/platform/partners/${globex}/sign-in-host`, { host }), 400, 'INVALID_REQUEST').details[0]?.path).toBe('body.host');
    }
    const viaHost = JSON.parse(await getWithHost(server.url, '/api/v1/sign-in/brand', 'flow.northwind.example:3000')) as unknown;
    expect(viaHost).toMatchObject({ partner: { slug: 'northwind' }, branding: { productName: 'Northwind Flow' } });
    expect(JSON.parse(await getWithHost(server.url, '/api/v1/sign-in/brand', 'other.example'))).toEqual({ partner: null, branding: null });
    expect(expectOk(await operator.request<Partner>('PUT', `/api/v1/platform/partners/${partner}/sign-in-host`, { host: null })).signInHost).toBeNull();
    expect(JSON.parse(await getWithHost(server.url, '/api/v1/sign-in/brand', 'flow.northwind.example'))).toEqual({ partner: null, branding: null });
  });
});
