import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeWorkflow, createWorkflow, expectError, expectOk, waitForRun } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';
import type { LoggedEvent } from '../../../server/events/platform-event-log.js';

const failing = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'call', type: 'connector.http', name: 'Call the ERP', config: { url: 'http://127.0.0.1:9/unreachable', timeoutMs: 2000 } },
  ],
  [['start', 'out', 'call']],
  { name: 'ERP sync' },
);

let server: ServerHarness;
let customer: string;
let consultant: ApiClient;
let approver: ApiClient;
let operator: ApiClient;
let failingId: string;

beforeAll(async () => {
  server = await startServerHarness();
  ({ customer } = server.tenants);
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  operator = await server.signIn(DEMO.operator);
  failingId = await activeWorkflow(consultant, approver, customer, 'ERP sync', failing);
}, 60_000);
afterAll(() => server.close());

/** The events recorded since `seq`, of the customer's workspace. */
async function eventsSince(seq: number): Promise<LoggedEvent[]> {
  return (await server.app.events.after(seq, 1000)).filter((event) => event.tenantId === customer);
}

describe('the platform event outbox', () => {
  it('records a failed run of an active version as run.finished and run.failed, with its facts', async () => {
    const head = await server.app.events.head();
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${failingId}/runs`, { input: {} }), 201);
    await waitForRun(operator, customer, runId, ['failed']);
    const events = (await eventsSince(head)).filter((event) => event.data.runId === runId);
    expect(events.map((event) => event.type)).toEqual(['run.finished', 'run.failed', 'exception.raised']);
    expect(events[1]?.data).toMatchObject({ workflowId: failingId, workflowVersion: 1, workflowName: 'ERP sync', status: 'failed', error: { nodeId: 'call' } });
    expect(typeof events[1]?.data.durationMs).toBe('number');
    // The exception of the failure is recorded in the same commit, with its own event.
    expect(events[2]?.data).toMatchObject({ origin: 'failedRun', category: 'run-failed', workflowId: failingId });
  });

  it('records nothing for a test run of a draft', async () => {
    const head = await server.app.events.head();
    const draft = await createWorkflow(consultant, customer, 'Draft only', failing);
    const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${draft.id}/test-runs`, { input: {} }), 201);
    await waitForRun(consultant, customer, runId, ['failed']);
    expect((await eventsSince(head)).filter((event) => event.data.runId === runId)).toEqual([]);
  });

  it('records a version submitted, approved and activated, and nothing for a refused activation', async () => {
    const { id } = await createWorkflow(consultant, customer, 'Versioned', failing);
    const head = await server.app.events.head();
    const base = `/api/v1/tenants/${customer}/workflows/${id}`;
    expectError(await approver.request('POST', `${base}/activate`, { version: 1, reason: 'not there yet' }), 404);
    expectOk(await consultant.request('POST', `${base}/versions`, { note: 'first' }), 201);
    expectOk(await approver.request('POST', `${base}/versions/1/approve`, { comment: 'fine' }));
    expectOk(await approver.request('POST', `${base}/activate`, { version: 1, reason: 'go live' }));
    const events = await eventsSince(head);
    expect(events.map((event) => event.type)).toEqual(['version.submitted', 'version.approved', 'version.activated']);
    expect(events[0]?.data).toMatchObject({ workflowId: id, version: 1, by: consultant.userId, note: 'first' });
    expect(events[2]?.data).toMatchObject({ workflowId: id, version: 1, previousVersion: null, rollback: false, by: approver.userId });
  });

  it('records an exception reported and re-categorised by a person', async () => {
    const head = await server.app.events.head();
    const created = expectOk(
      await operator.request<{ id: string }>('POST', `/api/v1/tenants/${customer}/exceptions`, { category: 'data-validation', severity: 'low', title: 'Odd address', details: 'zip missing' }),
      201,
    );
    expectOk(await operator.request('PATCH', `/api/v1/tenants/${customer}/exceptions/${created.id}`, { category: 'address-invalid' }));
    const events = (await eventsSince(head)).filter((event) => event.data.exceptionId === created.id);
    expect(events.map((event) => event.type)).toEqual(['exception.raised', 'exception.classified']);
    expect(events[1]?.data).toMatchObject({ category: 'address-invalid', previousCategory: 'data-validation', classifiedBy: 'person' });
  });
});

describe('the event dispatcher', () => {
  it('hands each event once, in order, to each consumer; a failing consumer retries from its event, the others go on', async () => {
    const seen: string[] = [];
    const flaky: string[] = [];
    let failNext = true;
    server.app.eventDispatcher.register({ name: 'test-recorder', handle: (event) => void seen.push(event.id) });
    server.app.eventDispatcher.register({
      name: 'test-flaky',
      handle: (event) => {
        if (failNext) {
          failNext = false;
          throw new Error('the receiver is down');
        }
        flaky.push(event.id);
      },
    });
    const recorded = await server.app.sql.transaction(async () => [
      await server.app.events.record(customer, 'task.created', { n: 1 }),
      await server.app.events.record(customer, 'task.created', { n: 2 }),
    ]);
    await server.app.eventDispatcher.pump();
    expect(seen.filter((id) => recorded.some((event) => event.id === id))).toEqual(recorded.map((event) => event.id));
    expect(flaky).toEqual([]);
    await server.app.eventDispatcher.pump();
    await server.app.eventDispatcher.pump();
    expect(flaky).toEqual(recorded.map((event) => event.id));
    expect(seen.filter((id) => recorded.some((event) => event.id === id))).toHaveLength(2);
  });

  it('records no event when the change it belongs to is rolled back', async () => {
    const head = await server.app.events.head();
    await expect(
      server.app.sql.transaction(async () => {
        await server.app.events.record(customer, 'task.created', { n: 3 });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await server.app.events.head()).toBe(head);
  });
});
