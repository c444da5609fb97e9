import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../support/accounts.js';
import { expectError, expectOk } from '../../support/api-helpers.js';
import { signInAtIdp, startLoopbackIdp, type LoopbackIdp } from '../../support/oidc-idp.js';
import { DEMO, DEMO_PASSWORD, startServerHarness, type ApiClient, type ApiResponse, type ServerHarness } from '../../support/server-harness.js';
import { firstValue } from '../../support/sql-values.js';

interface SignedIn {
  token: string;
  user: { id: string; email: string; name: string };
  returnTo: string;
}

let idp: LoopbackIdp;
let server: ServerHarness;
let partnerOwner: ApiClient;
let partner: string;
let customer: string;

const ssoPath = () => `/api/v1/tenants/${partner}/sso`;

/** The connection an owner sets up: designers in the partner, approvers in Contoso. */
function connection(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    scopes: ['openid', 'email', 'profile', 'groups'],
    mappings: [
      { group: 'flowgate-designers', tenantId: partner, roles: ['designer'] },
      { group: 'contoso-approvers', tenantId: customer, roles: ['approver'] },
    ],
    ...extra,
  };
}

/** Starts a sign-in through the partner's provider: the authorization URL and the browser cookie. */
async function start(partnerSlug = 'northwind', returnTo = '/t/x/workflows'): Promise<{ url: string; cookie: string }> {
  const started = await server.request<{ authorizationUrl: string }>('POST', '/api/v1/auth/sso/start', { partner: partnerSlug, returnTo });
  const url = expectOk(started).authorizationUrl;
  const cookie = started.headers.getSetCookie().find((header) => header.startsWith('fg_sso='))?.split(';')[0];
  if (!cookie) throw new Error('no fg_sso cookie');
  return { url, cookie };
}

/** Signs in at the provider as `login` and hands its answer to Flowgate's callback, as the designer's page does. */
async function ssoSignIn(login: string, cookie?: string): Promise<ApiResponse<SignedIn>> {
  const flow = await start();
  const search = await signInAtIdp(flow.url, login);
  return server.request<SignedIn>('POST', '/api/v1/auth/sso/callback', { search }, { cookie: cookie ?? flow.cookie });
}

beforeAll(async () => {
  idp = await startLoopbackIdp({
    ada: { email: 'Ada@Northwind.example', email_verified: true, name: 'Ada Lovelace', groups: ['flowgate-designers'] },
    chris: { email: DEMO.consultant, email_verified: true, name: 'Chris at the provider', groups: ['flowgate-designers', 'contoso-approvers'] },
    omar: { email: DEMO.operator, email_verified: true, groups: ['contoso-approvers'] },
    una: { email: 'una@northwind.example', email_verified: false, groups: ['flowgate-designers'] },
    nils: { email: 'nils@northwind.example', email_verified: true, groups: ['sales'] },
    ghost: { email_verified: true, groups: ['flowgate-designers'] },
    gina: { email: 'gina@globex.example', email_verified: true, groups: ['flowgate-designers'] },
  });
  server = await startServerHarness({ egressAllow: [idp.hostPort] });
  idp.register(`${server.url}/sso/callback`);
  partner = server.tenants.partner;
  customer = server.tenants.customer;
  partnerOwner = await server.signIn(DEMO.partnerOwner);
}, 60_000);
afterAll(async () => {
  await server.close();
  await idp.close();
});

describe('the connection (partner owners)', () => {
  it('keeps the client secret sealed and never answers it; leaving it out keeps it', async () => {
    expect(expectOk(await partnerOwner.request<{ connection: null; redirectUri: string }>('GET', ssoPath()))).toEqual({ connection: null, redirectUri: `${server.url}/sso/callback` });
    expect(expectError(await partnerOwner.request('PUT', ssoPath(), { ...connection(), clientSecret: undefined }), 422, 'UNPROCESSABLE').details[0]?.path).toBe('body.clientSecret');
    const saved = await partnerOwner.request<{ connection: { clientSecretSet: boolean; mappings: unknown[]; linkedPeople: number } }>('PUT', ssoPath(), connection());
    expect(expectOk(saved).connection).toMatchObject({ issuer: idp.issuer, clientId: idp.clientId, clientSecretSet: true, enabled: true, mandatory: false, linkedPeople: 0 });
    expect(saved.text).not.toContain(idp.clientSecret);
    expect(JSON.stringify(await server.app.sql.all('SELECT * FROM sso_connections'))).not.toContain(idp.clientSecret);
    const kept = await partnerOwner.request('PUT', ssoPath(), { ...connection(), clientSecret: undefined });
    expect(kept.status).toBe(200);
    expect((await server.app.sso.connection(partner))?.clientSecret).toBe(idp.clientSecret);
    const audit = expectOk(await partnerOwner.request<{ items: { action: string; details: Record<string, unknown> }[] }>('GET', `/api/v1/tenants/${partner}/audit?action=sso.connection.update`));
    expect(audit.items.map((entry) => entry.details.secretChanged)).toEqual([true, false]);
    expect(JSON.stringify(audit)).not.toContain(idp.clientSecret);
  });

  it('refuses mappings outside the partner, issuers over plain http elsewhere, customers and other roles', async () => {
    const globex = await server.app.tenants.createPartner('Globex Consulting', 'globex', { productName: 'Globex Flow', logoDataUrl: null, primaryColor: '#112233', accentColor: '#445566', supportEmail: null, supportUrl: null });
    const foreign = expectError(
      await partnerOwner.request('PUT', ssoPath(), connection({ mappings: [{ group: 'x', tenantId: globex.id, roles: ['viewer'] }] })),
      422,
      'UNPROCESSABLE',
    );
    expect(foreign.details).toEqual([{ path: 'body.mappings.0.tenantId', message: 'must be this partner or one of its customers' }]);
    expect(expectError(await partnerOwner.request('PUT', ssoPath(), connection({ issuer: 'http://idp.example.com' })), 400, 'INVALID_REQUEST').details[0]?.path).toBe('body.issuer');
    expect(expectError(await partnerOwner.request('PUT', ssoPath(), connection({ scopes: ['email'] })), 400, 'INVALID_REQUEST').details[0]?.path).toBe('body.scopes');
    const customerOwner = await server.signIn(DEMO.customerOwner);
    expect(expectError(await customerOwner.request('GET', `/api/v1/tenants/${customer}/sso`), 403, 'FORBIDDEN').message).toContain('set up by the partner');
    const consultant = await server.signIn(DEMO.consultant);
    expect(expectError(await consultant.request('GET', ssoPath()), 403, 'FORBIDDEN').message).toBe('your role in this tenant (designer) does not allow you to set up single sign-on');
  });

  it('makes single sign-on mandatory only once someone signed in through it', async () => {
    const refused = expectError(await partnerOwner.request('PUT', ssoPath(), connection({ mandatory: true })), 422, 'UNPROCESSABLE');
    expect(refused.details[0]).toEqual({ path: 'body.mandatory', message: expect.stringContaining('one successful sign-in') as string });
  });
});

describe('signing in through the provider', () => {
  it('creates an account for a new person with a verified e-mail and gives them the roles their groups map to', async () => {
    const signedIn = expectOk(await ssoSignIn('ada'));
    expect(signedIn.user).toMatchObject({ email: 'ada@northwind.example', name: 'Ada Lovelace' });
    expect(signedIn.returnTo).toBe('/t/x/workflows');
    const ada = { request: (method: string, path: string, body?: unknown) => server.request(method, path, body, { authorization: `Bearer ${signedIn.token}` }) };
    const me = expectOk(await ada.request('GET', '/api/v1/me')) as { workspaces: { tenant: { id: string }; roles: string[] }[] };
    expect(me.workspaces.find((workspace) => workspace.tenant.id === partner)?.roles).toEqual(['designer']);
    expect((expectOk(await ada.request('GET', '/api/v1/me/sessions')) as { method: string; current: boolean }[])[0]).toMatchObject({ method: 'sso', current: true });
    // The account has no password anyone knows.
    expectError(await server.request('POST', '/api/v1/auth/login', { email: 'ada@northwind.example', password: DEMO_PASSWORD }), 401, 'INVALID_CREDENTIALS');

    const audit = expectOk(await partnerOwner.request<{ items: { action: string; actorId: string; targetId: string; details: Record<string, unknown> }[] }>('GET', `/api/v1/tenants/${partner}/audit?targetId=${signedIn.user.id}`));
    expect(audit.items.map((entry) => [entry.action, entry.actorId])).toEqual([
      ['user.sso.create', signedIn.user.id],
      ['member.roles.sync', 'system:sso'],
    ]);
    expect(audit.items[1]?.details).toMatchObject({ roles: ['designer'], groups: ['flowgate-designers'] });
  });

  it('links an existing account by its verified e-mail, keeps its password, and follows the groups at every sign-in', async () => {
    const chris = expectOk(await ssoSignIn('chris'));
    const consultant = await server.signIn(DEMO.consultant);
    expect(chris.user.id).toBe(consultant.userId);
    expect(await server.app.tenants.membershipRoles(customer, consultant.userId)).toEqual(['approver']);
    expect(await server.app.tenants.membershipRoles(partner, consultant.userId)).toEqual(['designer']);

    // Out of the Contoso group at the provider: out of Contoso at the next sign-in.
    idp.people.set('chris', { ...idp.people.get('chris'), groups: ['flowgate-designers'] });
    expectOk(await ssoSignIn('chris'));
    expect(await server.app.tenants.membershipRoles(customer, consultant.userId)).toEqual([]);
    expect(await server.app.tenants.membershipRoles(partner, consultant.userId)).toEqual(['designer']);
  });

  it('refuses an answer whose state belongs to no sign-in, or to one already finished or started in another browser', async () => {
    const flow = await start();
    const search = await signInAtIdp(flow.url, 'ada');
    const forged = search.replace(/state=[^&]+/, `state=${randomBytes(16).toString('base64url')}`);
    expect(expectError(await server.request('POST', '/api/v1/auth/sso/callback', { search: forged }, { cookie: flow.cookie }), 400, 'SSO_STATE').message).toContain('start the sign-in again');
    expectError(await server.request('POST', '/api/v1/auth/sso/callback', { search: 'code=abc' }, { cookie: flow.cookie }), 400, 'SSO_STATE');

    const other = await start();
    const elsewhere = await server.request('POST', '/api/v1/auth/sso/callback', { search: await signInAtIdp(other.url, 'ada') }, { cookie: 'fg_sso=another-browser' });
    expect(expectError(elsewhere, 400, 'SSO_STATE').message).toContain('another browser');

    expectOk(await server.request('POST', '/api/v1/auth/sso/callback', { search }, { cookie: flow.cookie }));
    expect(expectError(await server.request('POST', '/api/v1/auth/sso/callback', { search }, { cookie: flow.cookie }), 400, 'SSO_STATE').message).toContain('already used');
  });

  it('refuses an unverified e-mail, a missing one and groups no rule maps, creating nothing', async () => {
    const users = async () => (await firstValue(server.app.sql, 'SELECT COUNT(*) FROM users')) as number;
    const before = await users();
    expect(expectError(await ssoSignIn('una'), 403, 'SSO_EMAIL_UNVERIFIED').message).toBe(
      'the identity provider has not verified una@northwind.example, so it cannot sign you in; verify the address there first',
    );
    expect(expectError(await ssoSignIn('ghost'), 403, 'SSO_EMAIL_UNVERIFIED').message).toContain('sent no e-mail address');
    expect(expectError(await ssoSignIn('nils'), 403, 'SSO_NO_ROLE').message).toBe(
      'your groups at the identity provider (sales) give you no role at Northwind Integrations; ask its administrators to map one of your groups to a role',
    );
    expect(await users()).toBe(before);
  });

  it('never signs in to an account that also belongs to another partner', async () => {
    const globex = await server.app.tenants.bySlug('globex');
    if (!globex) throw new Error('globex is created above');
    const gina = await createMember(server, globex.id, 'gina@globex.example', ['designer']);
    expect(expectError(await ssoSignIn('gina'), 409, 'CONFLICT').message).toContain('also belongs to workspaces outside Northwind Integrations');
    expect(await server.app.tenants.membershipRoles(partner, gina.userId)).toEqual([]);
  });

  it("goes through the egress guard: a provider the deployment's allow-list does not name is not reached", async () => {
    const globex = await server.app.tenants.bySlug('globex');
    if (!globex) throw new Error('globex is created above');
    await server.app.sso.save(globex.id, { issuer: 'http://127.0.0.1:59999', clientId: 'c', clientSecret: 's', scopes: ['openid'], groupsClaim: 'groups', mappings: [], enabled: true, mandatory: false }, 'test');
    const refused = expectError(await server.request('POST', '/api/v1/auth/sso/start', { partner: 'globex' }), 502, 'SSO_UNREACHABLE');
    expect(refused.message).toContain('127.0.0.1');
    expectError(await server.request('POST', '/api/v1/auth/sso/start', { partner: 'no-such-partner' }), 404, 'NOT_FOUND');
    expect(expectError(await server.request('POST', '/api/v1/auth/sso/start', { partner: 'northwind', returnTo: '//evil.example/' }), 400, 'INVALID_REQUEST').details[0]?.path).toBe('body.returnTo');
  });
});

describe('mandatory single sign-on', () => {
  it("refuses password sign-in for the partner's staff and its customers' members, except its owners, and says to use single sign-on", async () => {
    expectOk(await partnerOwner.request('PUT', ssoPath(), { ...connection(), clientSecret: undefined, mandatory: true }));
    expect(expectOk(await server.request<{ name: string; mandatory: boolean }>('GET', '/api/v1/auth/sso/partners/northwind'))).toEqual({ slug: 'northwind', name: 'Northwind Integrations', mandatory: true });

    for (const email of [DEMO.consultant, DEMO.operator]) {
      const refused = expectError(await server.request('POST', '/api/v1/auth/login', { email, password: DEMO_PASSWORD }), 403, 'SSO_REQUIRED');
      expect(refused.message).toBe('Northwind Integrations requires single sign-on: choose "Sign in with single sign-on" and enter northwind');
      expect(refused.ssoPartner).toBe('northwind');
      // A wrong password is refused as wrong, so the answer tells a guesser nothing more.
      expectError(await server.request('POST', '/api/v1/auth/login', { email, password: 'not-the-password' }), 401, 'INVALID_CREDENTIALS');
    }
    // The partner's owners keep their password (a provider that is down never locks them out of these settings).
    expect((await server.signIn(DEMO.partnerOwner)).token).toMatch(/^fgs_/);
    // An owner cannot send a password reset link to someone who signs in with single sign-on.
    const consultantId = (await server.app.sessions.userByEmail(DEMO.consultant))?.id ?? '';
    expect(expectError(await partnerOwner.request('POST', `/api/v1/tenants/${partner}/members/${consultantId}/password-reset`), 422, 'UNPROCESSABLE').message).toContain('signs in with single sign-on');
    // The operator signs in through the provider instead.
    expect(expectOk(await ssoSignIn('omar')).user.email).toBe(DEMO.operator);

    expectOk(await partnerOwner.request('DELETE', ssoPath()));
    expect((await server.signIn(DEMO.consultant)).token).toMatch(/^fgs_/);
    expectError(await server.request('GET', '/api/v1/auth/sso/partners/northwind'), 404, 'NOT_FOUND');
  });
});
