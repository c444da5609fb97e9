import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../support/accounts.js';
import { expectError, expectOk } from '../../support/api-helpers.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

let server: ServerHarness;
let owner: ApiClient;
let customer: string;
const path = () => `/api/v1/tenants/${customer}/audit/export`;

beforeAll(async () => {
  server = await startServerHarness();
  customer = server.tenants.customer;
  owner = await server.signIn(DEMO.customerOwner);
});
afterAll(() => server.close());

describe('the audit export', () => {
  it('streams every entry of a time range as NDJSON, oldest first, across pages, each with its hash link', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    for (let index = 0; index < 1_250; index++) {
      await server.app.audit.append({ tenantId: customer, actorId: 'system', action: 'test.export', targetType: 'test', targetId: `t-${index}`, details: { index } });
    }
    const to = new Date(Date.now() + 1000).toISOString();
    const response = await fetch(`${server.url}${path()}?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-contoso-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.ndjson"$/);
    const lines = (await response.text()).trimEnd().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as { seq: number; action: string; targetId: string; prevHash: string; hash: string });
    const exported = entries.filter((entry) => entry.action === 'test.export');
    expect(exported.map((entry) => entry.targetId)).toEqual(Array.from({ length: 1_250 }, (_, index) => `t-${index}`));
    for (let index = 1; index < entries.length; index++) {
      expect(entries[index]?.seq).toBeGreaterThan(entries[index - 1]?.seq ?? Infinity);
      expect(entries[index]?.prevHash).toBe(entries[index - 1]?.hash);
    }
  });

  it('leaves out what is outside the range', async () => {
    const past = await fetch(`${server.url}${path()}?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect([past.status, await past.text()]).toEqual([200, '']);
  });

  it('covers the last day by default', async () => {
    await server.app.audit.append({ tenantId: customer, actorId: 'system', action: 'test.recent', targetType: 'test', targetId: 'recent' });
    const response = await fetch(`${server.url}${path()}`, { headers: { authorization: `Bearer ${owner.token}` } });
    const actions = (await response.text()).trimEnd().split('\n').map((line) => (JSON.parse(line) as { action: string }).action);
    expect(actions.at(-1)).toBe('test.recent');
  });

  it('refuses a backwards range, a time that is none, people without the audit log, and other workspaces', async () => {
    expect(expectError(await owner.request('GET', `${path()}?from=yesterday`), 400).details.map((detail) => detail.path)).toEqual(['query.from']);
    expect(expectError(await owner.request('GET', `${path()}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`), 400).details).toEqual([{ path: 'query.to', message: 'must be after from' }]);
    const viewer = (await createMember(server, customer, 'viewer-export@contoso.example', ['viewer'])).client;
    expectError(await viewer.request('GET', `${path()}?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z`), 403);
    const partnerOwner = await server.signIn(DEMO.partnerOwner);
    const other = await server.app.tenants.createCustomer(server.tenants.partner, 'Globex', 'globex-audit');
    expectOk(await partnerOwner.request('GET', `/api/v1/tenants/${other.id}/audit/export?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z`));
    expectError(await owner.request('GET', `/api/v1/tenants/${other.id}/audit/export?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z`), 404);
  });
});
