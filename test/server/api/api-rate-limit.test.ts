import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectOk } from '../../support/api-helpers.js';
import { DEMO, startServerHarness, type ServerHarness } from '../../support/server-harness.js';

let server: ServerHarness;
beforeAll(async () => {
  // Five requests at once, then one every 20 seconds.
  server = await startServerHarness({ config: { apiRateLimit: { burst: 5, perSecond: 0.05 } } });
});
afterAll(() => server.close());

describe('API rate limit per token', () => {
  it('answers 429 with Retry-After once a personal token has used its burst, while other tokens go on', async () => {
    const consultant = await server.signIn(DEMO.consultant);
    const personal = expectOk(await consultant.request<{ token: string }>('POST', '/api/v1/me/tokens', { name: 'busy script' }), 201).token;
    const asScript = () => server.request('GET', '/api/v1/me', undefined, { authorization: `Bearer ${personal}` });
    for (let request = 1; request <= 5; request++) expect((await asScript()).status).toBe(200);
    const limited = await asScript();
    const error = expectError(limited, 429, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(20);
    expect(error.message).toBe(`too many requests with this token; try again in ${retryAfter} seconds`);
    // The session that made the token has a bucket of its own (one request used so far).
    expect((await consultant.request('GET', '/api/v1/me')).status).toBe(200);
  });

  it('limits service account tokens, each on its own', async () => {
    const owner = await server.signIn(DEMO.customerOwner);
    const path = `/api/v1/tenants/${server.tenants.customer}/service-accounts`;
    const created = expectOk(
      await owner.request<{ account: { id: string }; token: { token: string } }>('POST', path, { name: 'Busy ERP', scopes: ['workflow.read'], workflowIds: null, expiresInDays: 30 }),
      201,
    );
    const second = expectOk(await owner.request<{ token: string }>('POST', `${path}/${created.account.id}/tokens`, { expiresInDays: 30 }), 201).token;
    const asErp = (token: string) => server.request('GET', `/api/v1/tenants/${server.tenants.customer}/workflows`, undefined, { authorization: `Bearer ${token}` });
    for (let request = 1; request <= 5; request++) expect((await asErp(created.token.token)).status).toBe(200);
    expectError(await asErp(created.token.token), 429, 'RATE_LIMITED');
    expect((await asErp(second)).status).toBe(200);
  });

  it('limits session tokens too, and a token that is no token is refused before any bucket (401)', async () => {
    const operator = await server.signIn(DEMO.operator);
    for (let request = 1; request <= 5; request++) expect((await operator.request('GET', '/api/v1/me')).status).toBe(200);
    expectError(await operator.request('GET', '/api/v1/me'), 429, 'RATE_LIMITED');
    expectError(await server.request('GET', '/api/v1/me', undefined, { authorization: 'Bearer fgs_forged' }), 401, 'UNAUTHENTICATED');
    // Signing in again is a new session with a new bucket.
    expect((await (await server.signIn(DEMO.operator)).request('GET', '/api/v1/me')).status).toBe(200);
  });
});
