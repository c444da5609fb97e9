import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionJob } from '../../server/services/retention.js';
import { workflow } from '../support/definitions.js';
import { startServerHarness, type ServerHarness } from '../support/server-harness.js';

let server: ServerHarness;
beforeAll(async () => {
  server = await startServerHarness();
});
afterAll(() => server.close());

const definition = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'approve', type: 'human.approval', config: { title: 'Check', approverRoles: ['approver'] } },
  ],
  [['start', 'out', 'approve']],
);
const quick = workflow([{ id: 'start', type: 'trigger.manual' }], []);

describe('run retention', () => {
  it("prunes a tenant's finished runs past its retention, never unfinished runs or other tenants' runs", async () => {
    const { engine, store, tenants } = server.app;
    const customer = server.tenants.customer;
    const partner = server.tenants.partner;
    const finished = await engine.execute({ definition: quick, tenantId: customer });
    const waiting = await engine.execute({ definition, tenantId: customer });
    const otherTenant = await engine.execute({ definition: quick, tenantId: partner });
    expect([finished.status, waiting.status, otherTenant.status]).toEqual(['succeeded', 'waiting', 'succeeded']);
    await tenants.setPolicy(customer, { requiredApprovals: 1, retentionDays: 7 });
    await tenants.setPolicy(partner, { requiredApprovals: 1, retentionDays: 30 });
    const job = new RetentionJob(store, tenants, server.app.logger, server.app.idempotency);
    expect(await job.pruneAll(Date.now() + 6 * 86_400_000)).toBe(0);
    expect(await job.pruneAll(Date.now() + 8 * 86_400_000)).toBe(1);
    expect(await store.getRun(finished.id)).toBeUndefined();
    expect(await store.listSteps(finished.id)).toEqual([]);
    expect(await store.getRun(waiting.id)).toMatchObject({ status: 'waiting' });
    expect(await store.getRun(otherTenant.id)).toMatchObject({ status: 'succeeded' });
    expect(await job.pruneAll(Date.now() + 31 * 86_400_000)).toBe(1);
    expect(await store.getRun(otherTenant.id)).toBeUndefined();
  });
});
