import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectOk } from '../../support/api-helpers.js';
import { DEMO, DEMO_PASSWORD, startServerHarness, type ApiResponse, type ServerHarness } from '../../support/server-harness.js';

interface Me {
  user: { id: string; email: string; name: string };
  csrfToken: string | null;
  workspaces: { tenant: { id: string; slug: string; kind: string; parentId: string | null }; roles: string[]; via: string; branding: { productName: string } }[];
}

interface Token {
  id: string;
  name: string;
  token?: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

let server: ServerHarness;
beforeAll(async () => {
  server = await startServerHarness();
});
afterAll(() => server.close());

/** Signs in with the form a browser would use and answers the session cookie's `name=value` and its attributes. */
async function cookieSession(email: string): Promise<{ cookie: string; attributes: string[] }> {
  const login = await server.request('POST', '/api/v1/auth/login', { email, password: DEMO_PASSWORD });
  expect(login.status).toBe(200);
  const setCookie = login.headers.getSetCookie().find((header) => header.startsWith('fg_session='));
  if (!setCookie) throw new Error(`no session cookie in ${login.headers.getSetCookie().join(' | ')}`);
  const [cookie = '', ...attributes] = setCookie.split(';').map((part) => part.trim());
  return { cookie, attributes };
}

describe('sign-in', () => {
  it('answers a session token, the user and a CSRF token for the right password', async () => {
    const login = await server.request<{ token: string; csrfToken: string; user: { email: string; name: string } }>('POST', '/api/v1/auth/login', {
      email: DEMO.consultant,
      password: DEMO_PASSWORD,
    });
    const body = expectOk(login);
    expect(body.token).toMatch(/^fgs_/);
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(20);
    expect(body.user).toMatchObject({ email: DEMO.consultant, name: 'Chris Consultant' });
    expect(login.text).not.toContain('password_hash');
  });

  it('answers the same 401 for a wrong password and an unknown email', async () => {
    const wrongPassword = await server.request('POST', '/api/v1/auth/login', { email: DEMO.consultant, password: 'not-the-password' });
    const unknownEmail = await server.request('POST', '/api/v1/auth/login', { email: 'nobody@nowhere.example', password: DEMO_PASSWORD });
    const error = expectError(wrongPassword, 401, 'INVALID_CREDENTIALS');
    expectError(unknownEmail, 401, 'INVALID_CREDENTIALS');
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(error.message).toBe('the email or password is wrong');
    expect(wrongPassword.headers.getSetCookie()).toEqual([]);
  });

  it('refuses a login body that is not an email and password with 400 and the field paths', async () => {
    const error = expectError(await server.request('POST', '/api/v1/auth/login', { email: DEMO.consultant }), 400, 'INVALID_REQUEST');
    expect(error.details.map((detail) => detail.path)).toEqual(['body.password']);
  });

});

/** A sign-in from a given client address (the server trusts X-Forwarded-For from its loopback proxy). */
function signInFrom(address: string, email: string, password: string, target: ServerHarness = server) {
  return target.request('POST', '/api/v1/auth/login', { email, password }, { 'x-forwarded-for': address });
}

describe('sign-in throttling', () => {
  it('slows one password sprayed over many emails from one address, and then refuses even the right password', async () => {
    const attacker = '203.0.113.10';
    const statuses: number[] = [];
    let limited: ApiResponse | undefined;
    for (let attempt = 1; attempt <= 30 && limited === undefined; attempt++) {
      const response = await signInFrom(attacker, `spray-${attempt}@northwind.example`, 'Summer2026-password!');
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    // The address's budget: 20 failures pass, then waits that double.
    expect(statuses.slice(0, 21)).toEqual(Array.from({ length: 21 }, () => 401));
    if (!limited) throw new Error(`never slowed: ${statuses.join(', ')}`);
    const error = expectError(limited, 429, 'TOO_MANY_ATTEMPTS');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(error.message).toBe(`too many failed sign-in attempts; try again in ${retryAfter} seconds`);
    expect(error.retryAfterSeconds).toBe(retryAfter);
    // While the wait runs nothing is checked, so the right password gets no further.
    expectError(await signInFrom(attacker, DEMO.operator, DEMO_PASSWORD), 429, 'TOO_MANY_ATTEMPTS');
    // Others are not slowed by it.
    expect((await signInFrom('198.51.100.1', DEMO.operator, DEMO_PASSWORD)).status).toBe(200);
  });

  it("never locks a person out: an attacker's failures slow their account at most 30 seconds, and not at all from an address they signed in from before", async () => {
    const victim = DEMO.customerOwner;
    const home = '198.51.100.20';
    expect((await signInFrom(home, victim, DEMO_PASSWORD)).status).toBe(200);
    // Guesses from many addresses, so no address or address-and-account budget stops them first.
    for (let guess = 1; guess <= 8; guess++) await signInFrom(`192.0.2.${guess}`, victim, `guess-number-${guess}`);
    const elsewhere = await signInFrom('198.51.100.21', victim, DEMO_PASSWORD);
    expectError(elsewhere, 429, 'TOO_MANY_ATTEMPTS');
    const retryAfter = Number(elsewhere.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect((await signInFrom(home, victim, DEMO_PASSWORD)).status).toBe(200);
  });

  it('starts the budget of an address and account afresh after a successful sign-in', async () => {
    const address = '198.51.100.30';
    for (let round = 0; round < 2; round++) {
      for (let guess = 1; guess <= 5; guess++) expectError(await signInFrom(address, DEMO.consultant, `wrong-${round}-${guess}`), 401, 'INVALID_CREDENTIALS');
      expect((await signInFrom(address, DEMO.consultant, DEMO_PASSWORD)).status).toBe(200);
    }
  });
});

describe('sign-in throttling across a restart', () => {
  it('keeps the counters in the database', async () => {
    const first = await startServerHarness({ keepDataDir: true });
    const address = '203.0.113.77';
    try {
      for (let guess = 1; guess <= 5; guess++) expectError(await signInFrom(address, DEMO.approver, `wrong-${guess}`, first), 401, 'INVALID_CREDENTIALS');
    } finally {
      await first.close();
    }
    const second = await startServerHarness({ dataDir: first.dataDir });
    try {
      // The budget of this address and account allows 5 failures: after the restart, the next ones are slowed at once.
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt++) statuses.push((await signInFrom(address, DEMO.approver, `wrong-again-${attempt}`, second)).status);
      expect(statuses).toContain(429);
    } finally {
      await second.close();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});

describe('cookie sessions and CSRF', () => {
  it('sets the session cookie HttpOnly and SameSite=Strict', async () => {
    const { cookie, attributes } = await cookieSession(DEMO.consultant);
    expect(cookie).toMatch(/^fg_session=fgs_/);
    expect(attributes).toContain('HttpOnly');
    expect(attributes).toContain('SameSite=Strict');
    expect(attributes).toContain('Path=/');
  });

  it('refuses a cookie-authenticated change without the X-CSRF-Token header and accepts it with the header', async () => {
    const { cookie } = await cookieSession(DEMO.consultant);
    const me = expectOk(await server.request<Me>('GET', '/api/v1/me', undefined, { cookie }));
    expect(me.user.email).toBe(DEMO.consultant);
    const csrfToken = me.csrfToken ?? '';
    expect(csrfToken.length).toBeGreaterThanOrEqual(20);

    const without = await server.request('POST', '/api/v1/me/tokens', { name: 'cli' }, { cookie });
    expect(expectError(without, 403, 'CSRF').message).toContain('X-CSRF-Token');
    const wrong = await server.request('POST', '/api/v1/me/tokens', { name: 'cli' }, { cookie, 'x-csrf-token': `${csrfToken}x` });
    expectError(wrong, 403, 'CSRF');
    const withHeader = await server.request<Token>('POST', '/api/v1/me/tokens', { name: 'cli' }, { cookie, 'x-csrf-token': csrfToken });
    expect(expectOk(withHeader, 201).name).toBe('cli');
  });

  it('needs no CSRF token with a bearer token', async () => {
    const consultant = await server.signIn(DEMO.consultant);
    expect((await consultant.request('POST', '/api/v1/me/tokens', { name: 'bearer-made' })).status).toBe(201);
  });

  it('signs out: the token and the cookie stop working', async () => {
    const consultant = await server.signIn(DEMO.consultant);
    expect((await consultant.request('GET', '/api/v1/me')).status).toBe(200);
    const logout = await consultant.request('POST', '/api/v1/auth/logout');
    expect(expectOk(logout)).toEqual({ ok: true });
    expect(logout.headers.getSetCookie().some((header) => header.startsWith('fg_session=;'))).toBe(true);
    expectError(await consultant.request('GET', '/api/v1/me'), 401, 'UNAUTHENTICATED');

    const { cookie } = await cookieSession(DEMO.operator);
    const { csrfToken } = expectOk(await server.request<Me>('GET', '/api/v1/me', undefined, { cookie }));
    expectOk(await server.request('POST', '/api/v1/auth/logout', undefined, { cookie, 'x-csrf-token': csrfToken ?? '' }));
    expectError(await server.request('GET', '/api/v1/me', undefined, { cookie }), 401, 'UNAUTHENTICATED');
  });

  it('answers 401 for an invalid bearer token and for no credentials at all', async () => {
    expect(expectError(await server.request('GET', '/api/v1/me', undefined, { authorization: 'Bearer fgs_forged' }), 401, 'UNAUTHENTICATED').message).toContain(
      'invalid',
    );
    expectError(await server.request('GET', '/api/v1/me'), 401, 'UNAUTHENTICATED');
    expectError(await server.request('GET', `/api/v1/tenants/${server.tenants.customer}/workflows`), 401, 'UNAUTHENTICATED');
  });
});

describe('personal API tokens', () => {
  it('shows the value once, lists without it, works as a bearer token and stops working when revoked', async () => {
    const consultant = await server.signIn(DEMO.consultant);
    const created = expectOk(await consultant.request<Token>('POST', '/api/v1/me/tokens', { name: 'deploy script', expiresInDays: 30 }), 201);
    const value = created.token ?? '';
    expect(value).toMatch(/^fgp_/);
    expect(Date.parse(created.expiresAt ?? '') - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const list = await consultant.request<Token[]>('GET', '/api/v1/me/tokens');
    const listed = expectOk(list).find((token) => token.id === created.id);
    expect(listed).toMatchObject({ name: 'deploy script' });
    expect(listed).not.toHaveProperty('token');
    expect(list.text).not.toContain(value);

    const me = expectOk(await server.request<Me>('GET', '/api/v1/me', undefined, { authorization: `Bearer ${value}` }));
    expect(me.user.email).toBe(DEMO.consultant);
    expect(me.csrfToken).toBeNull();
    const workflows = await server.request('GET', `/api/v1/tenants/${server.tenants.customer}/workflows`, undefined, { authorization: `Bearer ${value}` });
    expect(workflows.status).toBe(200);

    // Another user cannot revoke it.
    const operator = await server.signIn(DEMO.operator);
    expectError(await operator.request('DELETE', `/api/v1/me/tokens/${created.id}`), 404, 'NOT_FOUND');

    expectOk(await consultant.request('DELETE', `/api/v1/me/tokens/${created.id}`));
    expectError(await server.request('GET', '/api/v1/me', undefined, { authorization: `Bearer ${value}` }), 401, 'UNAUTHENTICATED');
    expect(expectOk(await consultant.request<Token[]>('GET', '/api/v1/me/tokens')).some((token) => token.id === created.id)).toBe(false);
    expectError(await consultant.request('DELETE', `/api/v1/me/tokens/${created.id}`), 404, 'NOT_FOUND');
  });

  it('refuses a token without a name', async () => {
    const consultant = await server.signIn(DEMO.consultant);
    const error = expectError(await consultant.request('POST', '/api/v1/me/tokens', { name: '' }), 400, 'INVALID_REQUEST');
    expect(error.details[0]?.path).toBe('body.name');
  });
});

describe('GET /api/v1/me', () => {
  it("lists the partner's own tenant and its customers (delegated) with the partner's brand", async () => {
    const consultant = await server.signIn(DEMO.consultant);
    const me = expectOk(await consultant.request<Me>('GET', '/api/v1/me'));
    expect(me.workspaces.map((workspace) => [workspace.tenant.slug, workspace.via, workspace.roles, workspace.branding.productName])).toEqual([
      ['northwind', 'member', ['designer'], 'Northwind Flow'],
      ['contoso', 'partner', ['designer'], 'Northwind Flow'],
    ]);
    expect(me.workspaces[1]?.tenant).toMatchObject({ id: server.tenants.customer, kind: 'customer', parentId: server.tenants.partner });
  });

  it("shows customer users only their own tenant, branded by their partner", async () => {
    const owner = await server.signIn(DEMO.customerOwner);
    const me = expectOk(await owner.request<Me>('GET', '/api/v1/me'));
    expect(me.user.email).toBe(DEMO.customerOwner);
    expect(me.workspaces).toHaveLength(1);
    expect(me.workspaces[0]).toMatchObject({ tenant: { id: server.tenants.customer, slug: 'contoso' }, roles: ['owner'], via: 'member' });
    expect(me.workspaces[0]?.branding).toMatchObject({ productName: 'Northwind Flow', primaryColor: '#0f766e', supportEmail: 'support@northwind.example' });
    // They know who their partner is (its brand is theirs) but cannot act in its tenant.
    expectError(await owner.request('GET', `/api/v1/tenants/${server.tenants.partner}`), 404, 'NOT_FOUND');
  });
});
