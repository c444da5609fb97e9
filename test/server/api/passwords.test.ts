import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteAndAccept, newPassword, nextMailTo } from '../../support/accounts.js';
import { expectError, expectOk } from '../../support/api-helpers.js';
import { linkIn, tokenOf } from '../../support/mail-sink.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

let server: ServerHarness;
let customerOwner: ApiClient;
beforeAll(async () => {
  server = await startServerHarness();
  customerOwner = await server.signIn(DEMO.customerOwner);
});
afterAll(() => server.close());

/** Asks for a reset link from an address of its own (the requests are throttled per address) and reads it from the mail. */
async function resetLink(email: string, address: string): Promise<string> {
  const since = server.mail.messages.length;
  expectOk(await server.request('POST', '/api/v1/auth/password-reset', { email }, { 'x-forwarded-for': address }), 202);
  return linkIn(await nextMailTo(server, email, since, /Reset your/), '/reset-password');
}

const confirm = (link: string, password: string) => server.request('POST', '/api/v1/auth/password-reset/confirm', { token: tokenOf(link), password });

describe('an invited member', () => {
  it('gets no password anybody else knows: the owner who invited them cannot sign in as them', async () => {
    const since = server.mail.messages.length;
    // `name` as older clients send it (ignored): the answer must hold nothing that signs in either way.
    const invited = expectOk(
      await customerOwner.request('POST', `/api/v1/tenants/${server.tenants.customer}/members`, { email: 'fresh.member@contoso.example', name: 'Fresh Member', roles: ['approver'] }),
      201,
    );
    expect(JSON.stringify(invited)).not.toMatch(/password|token/i);
    // Nothing the owner holds signs in as the member; only the mailed link makes the account.
    expectError(await server.request('POST', '/api/v1/auth/login', { email: 'fresh.member@contoso.example', password: String((invited as Record<string, unknown>).temporaryPassword) }), 401, 'INVALID_CREDENTIALS');
    const mail = await nextMailTo(server, 'fresh.member@contoso.example', since, /invited/);
    expect(mail.text).not.toMatch(/password:/i);
  });
});

describe('password reset', () => {
  it('answers the same 202 whether or not the email has an account, and mails only an existing one', async () => {
    const since = server.mail.messages.length;
    const known = await server.request('POST', '/api/v1/auth/password-reset', { email: DEMO.operator }, { 'x-forwarded-for': '198.51.100.40' });
    const unknown = await server.request('POST', '/api/v1/auth/password-reset', { email: 'nobody@nowhere.example' }, { 'x-forwarded-for': '198.51.100.40' });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(unknown.body).toEqual(known.body);
    expect(known.body).toEqual({ ok: true });
    const mail = await nextMailTo(server, DEMO.operator, since, /Reset your/);
    expect(mail.subject).toBe('Reset your Northwind Flow password');
    expect(mail.text).toContain(`${server.url}/reset-password?token=fgr_`);
    expect(server.mail.messages.slice(since).some((message) => message.to.includes('nobody@nowhere.example'))).toBe(false);
    expect(server.logs.join('\n')).not.toContain(tokenOf(linkIn(mail, '/reset-password')));
  });

  it('sets a new password once through the link; every session and personal token of the account ends', async () => {
    const member = await inviteAndAccept(server, customerOwner, server.tenants.customer, 'forgetful@contoso.example', ['viewer']);
    const personal = expectOk(await member.client.request<{ token: string }>('POST', '/api/v1/me/tokens', { name: 'script' }), 201).token;
    const link = await resetLink(member.email, '198.51.100.41');

    expect(expectOk(await server.request<{ email: string; expiresAt: string }>('GET', `/api/v1/auth/password-reset/${tokenOf(link)}`)).email).toBe(member.email);
    const tooShort = expectError(await confirm(link, 'short'), 422, 'WEAK_PASSWORD');
    expect(tooShort.details).toEqual([{ path: 'body.password', message: 'must be at least 12 characters long (it has 5)' }]);
    expect(expectError(await confirm(link, 'FORGETFUL@contoso.example'), 422, 'WEAK_PASSWORD').details[0]?.message).toBe('must not be your email address or its name part');

    const chosen = newPassword();
    expect(expectOk(await confirm(link, chosen))).toEqual({ ok: true });
    expectError(await member.client.request('GET', '/api/v1/me'), 401, 'UNAUTHENTICATED');
    expectError(await server.request('GET', '/api/v1/me', undefined, { authorization: `Bearer ${personal}` }), 401, 'UNAUTHENTICATED');
    expectError(await server.request('POST', '/api/v1/auth/login', { email: member.email, password: member.password }), 401, 'INVALID_CREDENTIALS');
    expect((await server.signIn(member.email, chosen)).userId).toBe(member.userId);

    expectError(await confirm(link, newPassword()), 410, 'LINK_USED');
    expectError(await server.request('GET', `/api/v1/auth/password-reset/${tokenOf(link)}`), 410, 'LINK_USED');
    const audit = expectOk(await customerOwner.request<{ items: { action: string; actorId: string }[] }>('GET', `/api/v1/tenants/${server.tenants.customer}/audit?action=user.password.reset`));
    expect(audit.items.map((entry) => entry.actorId)).toContain(member.userId);
  });

  it('refuses a replaced link (404), an expired one (410) and a made-up one (404)', async () => {
    const first = await resetLink(DEMO.consultant, '198.51.100.42');
    const second = await resetLink(DEMO.consultant, '198.51.100.42');
    expectError(await confirm(first, newPassword()), 404, 'INVALID_LINK');
    await server.app.sql.run("UPDATE password_resets SET expires_at = ? WHERE used_at IS NULL AND user_id = (SELECT id FROM users WHERE email = ?)", [Date.now() - 1, DEMO.consultant]);
    expect(expectError(await confirm(second, newPassword()), 410, 'LINK_EXPIRED').message).toContain('expired');
    expectError(await server.request('POST', '/api/v1/auth/password-reset/confirm', { token: 'fgr_made-up-token-value', password: newPassword() }), 404, 'INVALID_LINK');
    expectError(await server.request('POST', '/api/v1/auth/password-reset/confirm', { token: 'fgr_x', password: newPassword() }), 400, 'INVALID_REQUEST');
  });

  it('throttles requests per address and per email (429 with Retry-After)', async () => {
    const statuses: number[] = [];
    for (let request = 1; request <= 8; request++) {
      statuses.push((await server.request('POST', '/api/v1/auth/password-reset', { email: `someone-${request}@nowhere.example` }, { 'x-forwarded-for': '203.0.113.50' })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses).toContain(429);
    const perEmail: number[] = [];
    for (let request = 1; request <= 6; request++) {
      perEmail.push((await server.request('POST', '/api/v1/auth/password-reset', { email: 'popular@nowhere.example' }, { 'x-forwarded-for': `192.0.2.${100 + request}` })).status);
    }
    expect(perEmail.slice(0, 3)).toEqual([202, 202, 202]);
    const limited = await server.request('POST', '/api/v1/auth/password-reset', { email: 'popular@nowhere.example' }, { 'x-forwarded-for': '192.0.2.200' });
    expect(expectError(limited, 429, 'TOO_MANY_REQUESTS').message).toContain('password reset requests');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('password change', () => {
  it('needs the current password and a new one that passes the policy; other sessions end, this one and personal tokens stay', async () => {
    const member = await inviteAndAccept(server, customerOwner, server.tenants.customer, 'changer@contoso.example', ['operator']);
    const other = await server.signIn(member.email, member.password);
    const personal = expectOk(await member.client.request<{ token: string }>('POST', '/api/v1/me/tokens', { name: 'ci' }), 201).token;

    const wrong = expectError(await member.client.request('POST', '/api/v1/me/password', { currentPassword: 'not-my-password', newPassword: newPassword() }), 403, 'INVALID_CREDENTIALS');
    expect(wrong.details).toEqual([{ path: 'body.currentPassword', message: 'is not your current password' }]);
    const weak = expectError(await member.client.request('POST', '/api/v1/me/password', { currentPassword: member.password, newPassword: 'changer' }), 422, 'WEAK_PASSWORD');
    expect(weak.details[0]?.path).toBe('body.newPassword');
    expectError(await member.client.request('POST', '/api/v1/me/password', { currentPassword: member.password, newPassword: member.password }), 422, 'WEAK_PASSWORD');
    expectError(await member.client.request('POST', '/api/v1/me/password', { newPassword: newPassword() }), 400, 'INVALID_REQUEST');

    const chosen = newPassword();
    expect(expectOk(await member.client.request('POST', '/api/v1/me/password', { currentPassword: member.password, newPassword: chosen }))).toEqual({ ok: true, endedSessions: 1 });
    expect(expectOk(await member.client.request<{ user: { email: string } }>('GET', '/api/v1/me')).user.email).toBe(member.email);
    expectError(await other.request('GET', '/api/v1/me'), 401, 'UNAUTHENTICATED');
    expect((await server.request('GET', '/api/v1/me', undefined, { authorization: `Bearer ${personal}` })).status).toBe(200);
    expectError(await server.request('POST', '/api/v1/auth/login', { email: member.email, password: member.password }), 401, 'INVALID_CREDENTIALS');
    expect((await server.signIn(member.email, chosen)).userId).toBe(member.userId);
  });
});
