import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionJob } from '../../../server/services/retention.js';
import { activeWorkflow, createWorkflow, expectError, expectOk, waitForRun } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';
import { firstValue } from '../../support/sql-values.js';

/** Waits for an event keyed by the input, so runs stay around to be counted and signalled. */
const waiting = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'wait', type: 'flow.waitForEvent', config: { correlationKey: { var: 'input.key' } } },
  ],
  [['start', 'out', 'wait']],
  { name: 'Idempotent starts' },
);

let server: ServerHarness;
let operator: ApiClient;
let owner: ApiClient;
let consultant: ApiClient;
let customer: string;
let workflowId: string;
let runsPath: string;

beforeAll(async () => {
  server = await startServerHarness();
  customer = server.tenants.customer;
  operator = await server.signIn(DEMO.operator);
  owner = await server.signIn(DEMO.customerOwner);
  consultant = await server.signIn(DEMO.consultant);
  workflowId = await activeWorkflow(consultant, await server.signIn(DEMO.approver), customer, 'Idempotent starts', waiting);
  runsPath = `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`;
});
afterAll(() => server.close());

async function runCount(): Promise<number> {
  await server.app.store.flush();
  return (await server.app.store.listRuns({ tenantId: customer, workflowId, limit: 1000 })).length;
}

function auditEntries(action: string, targetId: string): Promise<unknown[]> {
  return server.app.audit.list(customer, { action, targetId, limit: 100 });
}

/** Makes every stored key of the tenant `hours` older, as if that time had passed. */
async function ageKeys(hours: number): Promise<void> {
  await server.app.sql.run('UPDATE idempotency_keys SET created_at = created_at - ? WHERE tenant_id = ?', [hours * 3_600_000, customer]);
}

describe('Idempotency-Key on POST .../runs', () => {
  it('starts one run for a request and its retry; the retry gets the first answer, marked as replayed', async () => {
    const before = await runCount();
    const body = { input: { key: 'idem-1' } };
    const first = await operator.request<{ runId: string }>('POST', runsPath, body, { 'idempotency-key': 'order-SO-1-start' });
    expect(first.status, first.text).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const retry = await operator.request<{ runId: string }>('POST', runsPath, body, { 'idempotency-key': 'order-SO-1-start' });
    expect(retry.status, retry.text).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await runCount()).toBe(before + 1);
    expect(await auditEntries('run.start', first.body.runId)).toHaveLength(1);
  });

  it('answers 422 for the same key with a different body or from another person, and starts nothing', async () => {
    const key = 'order-SO-2-start';
    const first = expectOk(await operator.request<{ runId: string }>('POST', runsPath, { input: { key: 'idem-2' } }, { 'idempotency-key': key }), 201);
    const before = await runCount();
    const changed = expectError(await operator.request('POST', runsPath, { input: { key: 'idem-2b' } }, { 'idempotency-key': key }), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(changed.message).toMatch(/different request/);
    expectError(await owner.request('POST', runsPath, { input: { key: 'idem-2' } }, { 'idempotency-key': key }), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await runCount()).toBe(before);
    // The same body in another key order is the same request.
    const reordered = await operator.request<{ runId: string }>('POST', runsPath, '{"input":{"key":"idem-2"}}', { 'idempotency-key': key });
    expect(reordered.body.runId).toBe(first.runId);
  });

  it('starts one run when the same request arrives many times at once; the others replay or are told to retry (409)', async () => {
    const before = await runCount();
    const body = { input: { key: 'idem-burst' } };
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => operator.request<{ runId?: string; error?: { code: string } }>('POST', runsPath, body, { 'idempotency-key': 'burst-1' })),
    );
    expect(await runCount()).toBe(before + 1);
    const started = answers.filter((answer) => answer.status === 201);
    expect(started.length).toBeGreaterThanOrEqual(1);
    expect(new Set(started.map((answer) => answer.body.runId)).size).toBe(1);
    for (const answer of answers.filter((candidate) => candidate.status !== 201)) expectError(answer, 409, 'IDEMPOTENCY_KEY_IN_USE');
    const settled = await operator.request<{ runId: string }>('POST', runsPath, body, { 'idempotency-key': 'burst-1' });
    expect(settled.body.runId).toBe(started[0]?.body.runId);
  });

  it('starts a new run for a key last used more than 24 hours ago, and retention prunes such keys', async () => {
    const body = { input: { key: 'idem-old' } };
    const first = expectOk(await operator.request<{ runId: string }>('POST', runsPath, body, { 'idempotency-key': 'daily-1' }), 201);
    await ageKeys(23);
    expect((await operator.request<{ runId: string }>('POST', runsPath, body, { 'idempotency-key': 'daily-1' })).body.runId).toBe(first.runId);
    await ageKeys(2);
    const later = await operator.request<{ runId: string }>('POST', runsPath, body, { 'idempotency-key': 'daily-1' });
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.body.runId).not.toBe(first.runId);

    await ageKeys(25);
    const count = async () => (await firstValue(server.app.sql, 'SELECT count(*) FROM idempotency_keys WHERE tenant_id = ?', [customer])) as number;
    expect(await count()).toBeGreaterThan(0);
    await new RetentionJob(server.app.store, server.app.tenants, server.app.logger, server.app.idempotency).pruneAll();
    expect(await count()).toBe(0);
  });

  it('refuses a key that is empty, too long or not printable ASCII with 400, saying where', async () => {
    for (const key of ['', 'x'.repeat(256), 'clé']) {
      const error = expectError(await operator.request('POST', runsPath, { input: {} }, { 'idempotency-key': key }), 400, 'INVALID_REQUEST');
      expect(error.details[0]?.path).toBe('headers.idempotency-key');
    }
    expect((await operator.request('POST', runsPath, { input: { key: 'long' } }, { 'idempotency-key': 'y'.repeat(255) })).status).toBe(201);
  });

  it('frees the key of a request that failed before it started anything', async () => {
    const bad = expectError(await operator.request('POST', runsPath, { input: 'not an object', params: { nope: 1 } }, { 'idempotency-key': 'fix-and-retry' }), 422);
    expect(bad.message.length).toBeGreaterThan(0);
    expect((await operator.request('POST', runsPath, { input: { key: 'fixed' } }, { 'idempotency-key': 'fix-and-retry' })).status).toBe(201);
  });
});

describe('Idempotency-Key on test runs and signals', () => {
  it('starts one test run per key', async () => {
    const draft = await createWorkflow(consultant, customer, 'Idempotent test runs', waiting);
    const path = `/api/v1/tenants/${customer}/workflows/${draft.id}/test-runs`;
    const first = expectOk(await consultant.request<{ runId: string }>('POST', path, { input: { key: 'idem-test' } }, { 'idempotency-key': 'test-1' }), 201);
    const retry = await consultant.request<{ runId: string }>('POST', path, { input: { key: 'idem-test' } }, { 'idempotency-key': 'test-1' });
    expect(retry.body.runId).toBe(first.runId);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    await server.app.store.flush();
    expect(await server.app.store.listRuns({ tenantId: customer, workflowId: draft.id, limit: 10 })).toHaveLength(1);
  });

  it('delivers a signal once per key: its retry answers the first count and resumes nobody else', async () => {
    const signals = `/api/v1/tenants/${customer}/signals`;
    const early = expectOk(await operator.request<{ runId: string }>('POST', runsPath, { input: { key: 'pickup-77' } }), 201);
    await waitForRun(operator, customer, early.runId, ['waiting']);
    const first = await operator.request('POST', signals, { correlationKey: 'pickup-77', payload: { carrier: 'DHL' } }, { 'idempotency-key': 'carrier-event-1' });
    expect(first.body).toEqual({ resumed: 1 });
    expect((await waitForRun(operator, customer, early.runId, ['succeeded'])).status).toBe('succeeded');

    const late = expectOk(await operator.request<{ runId: string }>('POST', runsPath, { input: { key: 'pickup-77' } }), 201);
    await waitForRun(operator, customer, late.runId, ['waiting']);
    const retry = await operator.request('POST', signals, { correlationKey: 'pickup-77', payload: { carrier: 'DHL' } }, { 'idempotency-key': 'carrier-event-1' });
    expect(retry.body).toEqual({ resumed: 1 });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await waitForRun(operator, customer, late.runId, ['waiting', 'succeeded'])).status).toBe('waiting');
    expect(await auditEntries('signal.send', 'pickup-77')).toHaveLength(1);
  });
});
