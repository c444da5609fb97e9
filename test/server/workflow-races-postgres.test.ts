import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeCatalog } from '../../nodes/catalog.js';
import { openPostgresDatabase, runPostgresMigrations, type PostgresDatabase } from '../../runtime/store/index.js';
import { postgresServerMigrations } from '../../server/db/postgres-server-migrations.js';
import { IdempotencyKeys } from '../../server/services/idempotency.js';
import { WorkflowService } from '../../server/services/workflows.js';
import { ReplayGuard } from '../../server/triggers/replay-guard.js';
import { freshPostgresDatabase } from '../support/postgres.js';

/** Two server processes on one PostgreSQL database: each has its own pool and its own services. */
let first: PostgresDatabase;
let second: PostgresDatabase;

beforeEach(async () => {
  const url = await freshPostgresDatabase();
  first = openPostgresDatabase(url);
  second = openPostgresDatabase(url);
  await runPostgresMigrations(first, postgresServerMigrations);
  await first.run("INSERT INTO tenants (id, slug, name, kind, policy, created_at) VALUES ('t1', 'acme', 'Acme', 'customer', '{}', 0)");
});
afterEach(async () => {
  await first.close();
  await second.close();
});

const request = { tenantId: 't1', scope: 'runs:w1', key: 'order-42', fingerprint: 'same' };

describe('races between processes, decided by PostgreSQL', () => {
  it('lets one of two processes claim an idempotency key; the other is told it is in use, then replays the answer', async () => {
    const keys = [new IdempotencyKeys(first), new IdempotencyKeys(second)];
    const outcomes = await Promise.allSettled(keys.map((each) => each.begin(request)));
    const claimed = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' && 'claim' in outcome.value ? [{ index, claim: outcome.value.claim }] : []));
    expect(claimed).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused).toMatchObject({ reason: { code: 'IDEMPOTENCY_KEY_IN_USE' } });

    const winner = claimed[0]!;
    await keys[winner.index]!.record(winner.claim, { status: 201, runId: 'r1', body: { runId: 'r1' } });
    expect(await keys[1 - winner.index]!.begin(request)).toEqual({ replay: { status: 201, runId: 'r1', body: { runId: 'r1' } } });
    await expect(keys[1 - winner.index]!.begin({ ...request, fingerprint: 'other' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('frees a released key for the next request', async () => {
    const keys = new IdempotencyKeys(first);
    const found = await keys.begin(request);
    if (!('claim' in found)) throw new Error('expected a claim');
    await keys.release(found.claim);
    expect(await new IdempotencyKeys(second).begin(request)).toEqual({ claim: { request } });
  });

  it('accepts a signed webhook request once, whichever process receives it', async () => {
    const guards = [new ReplayGuard(first, 600_000), new ReplayGuard(second, 600_000)];
    const claims = await Promise.all(guards.map((guard) => guard.claim('sha256=aa', 1_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await guards[0]!.claim('sha256=aa', 1_001)).toBe(false);
  });

  it('numbers versions submitted at once by two processes one after another', async () => {
    const services = [first, second].map((sql) => new WorkflowService(sql, nodeCatalog, { sync: () => Promise.resolve() }, () => 1));
    const workflow = await services[0]!.create('t1', { id: 'author' }, { name: 'Orders' });
    const submitted = await Promise.all(services.map((service, index) => service.submit('t1', { id: 'author' }, workflow.id, `from process ${index}`)));
    expect(submitted.map((version) => version.version).sort()).toEqual([1, 2]);
  });
});
