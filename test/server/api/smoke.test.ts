import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startServerHarness, type ServerHarness } from '../../support/server-harness.js';

let server: ServerHarness;
beforeAll(async () => {
  server = await startServerHarness();
});
afterAll(() => server.close());

describe('server smoke', () => {
  it('signs in, lists the demo workflow and answers health checks', async () => {
    const consultant = await server.signIn(DEMO.consultant);
    const workflows = await consultant.request<{ name: string; activeVersion: number }[]>('GET', `/api/v1/tenants/${server.tenants.customer}/workflows`);
    expect(workflows.status).toBe(200);
    expect(workflows.body.map((workflow) => [workflow.name, workflow.activeVersion])).toEqual([['Order exception routing', 1]]);
    expect((await server.request('GET', '/healthz')).body).toEqual({ ok: true });
    expect((await server.request('GET', '/readyz')).status).toBe(200);
  });
});
