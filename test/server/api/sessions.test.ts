import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteAndAccept, newPassword, nextMailTo, type Invitee } from '../../support/accounts.js';
import { expectError, expectOk } from '../../support/api-helpers.js';
import { linkIn, tokenOf } from '../../support/mail-sink.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface Session {
  id: string;
  method: string;
  userAgent: string | null;
  address: string | null;
  current: boolean;
}

let server: ServerHarness;
let owner: ApiClient;
let viewer: Invitee;

beforeAll(async () => {
  server = await startServerHarness();
  owner = await server.signIn(DEMO.customerOwner);
  viewer = await inviteAndAccept(server, owner, server.tenants.customer, 'vera.viewer@contoso.example', ['viewer'], 'Vera Viewer');
});
afterAll(() => server.close());

const sessionsOf = async (client: ApiClient) => expectOk(await client.request<Session[]>('GET', '/api/v1/me/sessions'));

describe('a person\'s sessions', () => {
  it('lists where they are signed in, how and from where, never a token, marking the current one', async () => {
    const laptop = await server.signIn(viewer.email, viewer.password);
    const sessions = await sessionsOf(laptop);
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    expect(sessions.every((session) => session.method === 'password' && session.address !== null)).toBe(true);
    expect(JSON.stringify(sessions)).not.toContain(laptop.token);
    expect(JSON.stringify(sessions)).not.toContain(viewer.client.token);
  });

  it('ends one session, which is signed out at its next request; another person\'s session is not found', async () => {
    const phone = await server.signIn(viewer.email, viewer.password);
    const desk = await server.signIn(viewer.email, viewer.password);
    const phoneSession = (await sessionsOf(phone)).find((session) => session.current);
    if (!phoneSession) throw new Error('the current session is listed');

    expectError(await owner.request('DELETE', `/api/v1/me/sessions/${phoneSession.id}`), 404, 'NOT_FOUND');
    expectOk(await phone.request('GET', '/api/v1/me'));

    expect(expectOk(await desk.request('DELETE', `/api/v1/me/sessions/${phoneSession.id}`))).toEqual({ ok: true, current: false });
    expectError(await phone.request('GET', '/api/v1/me'), 401, 'UNAUTHENTICATED');
    expectOk(await desk.request('GET', '/api/v1/me'));
    expectError(await desk.request('DELETE', '/api/v1/me/sessions/no-such-session'), 404, 'NOT_FOUND');
  });

  it('signs out everywhere, keeping this session when asked, and records it in the audit log', async () => {
    const other = await server.signIn(viewer.email, viewer.password);
    const here = await server.signIn(viewer.email, viewer.password);
    const kept = expectOk(await here.request<{ ended: number }>('POST', '/api/v1/me/sessions/end-all', { keepCurrent: true }));
    expect(kept.ended).toBeGreaterThanOrEqual(2);
    expectError(await other.request('GET', '/api/v1/me'), 401, 'UNAUTHENTICATED');
    expect((await sessionsOf(here)).map((session) => session.current)).toEqual([true]);

    expectOk(await here.request('POST', '/api/v1/me/sessions/end-all', {}));
    expectError(await here.request('GET', '/api/v1/me'), 401, 'UNAUTHENTICATED');
    expectError(await owner.request('POST', '/api/v1/me/sessions/end-all', { keepCurrent: 'yes' }), 400, 'INVALID_REQUEST');

    const audit = expectOk(await owner.request<{ items: { action: string; targetId: string }[] }>('GET', `/api/v1/tenants/${server.tenants.customer}/audit?action=user.sessions.end-all`));
    expect(audit.items.some((entry) => entry.targetId === viewer.userId)).toBe(true);
  });
});

describe('an owner resets a member\'s password', () => {
  it('mails the member a single-use link that sets a new password and signs them out everywhere; the link is never answered', async () => {
    const member = await inviteAndAccept(server, owner, server.tenants.customer, 'rita.reset@contoso.example', ['operator'], 'Rita Reset');
    const since = server.mail.messages.length;
    const sent = expectOk(
      await owner.request<{ email: string; delivery: string }>('POST', `/api/v1/tenants/${server.tenants.customer}/members/${member.userId}/password-reset`),
      202,
    );
    expect(sent).toMatchObject({ email: member.email, delivery: 'sent' });
    const mail = await nextMailTo(server, member.email, since, /password/);
    const token = tokenOf(linkIn(mail, '/reset-password'));
    expect(JSON.stringify(sent)).not.toContain(token);

    // The old password keeps working until the link is used.
    expectOk(await member.client.request('GET', '/api/v1/me'));
    const password = newPassword();
    expectOk(await server.request('POST', '/api/v1/auth/password-reset/confirm', { token, password }));
    expectError(await member.client.request('GET', '/api/v1/me'), 401, 'UNAUTHENTICATED');
    expectError(await server.request('POST', '/api/v1/auth/login', { email: member.email, password: member.password }), 401, 'INVALID_CREDENTIALS');
    await server.signIn(member.email, password);
    expectError(await server.request('POST', '/api/v1/auth/password-reset/confirm', { token, password: newPassword() }), 410);

    const audit = expectOk(await owner.request<{ items: { action: string; targetId: string }[] }>('GET', `/api/v1/tenants/${server.tenants.customer}/audit?action=member.password.reset-link`));
    expect(audit.items.some((entry) => entry.targetId === member.userId)).toBe(true);
  });

  it('is refused for non-owners, for the owner themself, and for people who are not members of the workspace', async () => {
    const path = (userId: string) => `/api/v1/tenants/${server.tenants.customer}/members/${userId}/password-reset`;
    const signedIn = await server.signIn(viewer.email, viewer.password);
    expectError(await signedIn.request('POST', path(owner.userId)), 403);
    expect(expectError(await owner.request('POST', path(owner.userId)), 422).details[0]?.path).toBe('params.userId');
    expectError(await owner.request('POST', path('no-such-user')), 404, 'NOT_FOUND');
    const partnerOwner = await server.signIn(DEMO.partnerOwner);
    expectError(await owner.request('POST', path(partnerOwner.userId)), 404, 'NOT_FOUND');
  });
});
