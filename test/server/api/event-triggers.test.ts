import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_EVENT_TYPES, type JsonObject, type PlatformEventType } from '../../../runtime/definition/index.js';
import { activeWorkflow, createWorkflow, expectOk, waitForRun, type RunDetail } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';
import { firstValue } from '../../support/sql-values.js';

/** A run input of an event-started run. */
interface EventInput {
  event: { id: string; type: PlatformEventType; tenantId: string; tenantName: string; occurredAt: string; data: Record<string, unknown> };
}

/** A recorded platform event, read from the outbox. */
interface Recorded {
  seq: number;
  id: string;
  type: PlatformEventType;
  tenantId: string;
  occurredAt: number;
  data: Record<string, unknown>;
}

/** A workflow that starts on `config`'s events and does nothing else (its run's output is the event). */
const subscriber = (config: JsonObject) => workflow([{ id: 'on', type: 'trigger.event', config }], []);

/** Fails at once: loopback is outside the egress guard's reach. */
const failing = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'call', type: 'connector.http', name: 'Call the ERP', config: { url: 'http://127.0.0.1:9/unreachable', timeoutMs: 2000 } },
  ],
  [['start', 'out', 'call']],
  { name: 'ERP sync' },
);

/** Waits at an approval that escalates when due; its SLA is one minute. */
const gate = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'approve', type: 'human.approval', config: { title: 'Refund 900 EUR', approverRoles: ['approver'], dueInMinutes: 60, onDue: 'escalate' } },
  ],
  [['start', 'out', 'approve']],
  { name: 'Refund approval', settings: { slaMinutes: 1 } },
);

const ALL = [...PLATFORM_EVENT_TYPES];

let server: ServerHarness;
let owner: ApiClient;
let consultant: ApiClient;
let approver: ApiClient;
let partner: string;
let customerA: string;
let customerB: string;
/** The subscribers: A's and B's own, the partner's for its customers, the partner's for itself. */
const subs = { a: '', b: '', partner: '', partnerOwn: '' };
/** Run inputs already read, by run id (an input never changes). */
const inputs = new Map<string, EventInput>();

/** Polls until the event-triggers consumer has handled the event at `seq` (its runs are then created). */
async function handled(seq: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const position = (await firstValue(server.app.sql, "SELECT seq FROM event_consumers WHERE name = 'event-triggers'")) as number;
    if (position >= seq) return;
    if (Date.now() > deadline) throw new Error(`the event-triggers consumer is at ${position}, not yet at ${seq}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The newest event of `type` in `tenantId` whose data has `key` = `value`, once handled. */
async function eventOf(tenantId: string, type: PlatformEventType, key: string, value: unknown): Promise<Recorded> {
  type Row = { seq: number; id: string; type: PlatformEventType; tenant_id: string; occurred_at: number; data: string };
  // Some events are recorded just after what they report (task.created once the task's commit is
  // done): look again for a while.
  const deadline = Date.now() + 10_000;
  let row: Row | undefined;
  for (;;) {
    const rows = await server.app.sql.all<Row>('SELECT * FROM platform_events WHERE tenant_id = ? AND type = ? ORDER BY seq DESC', [tenantId, type]);
    row = rows.find((candidate) => (JSON.parse(candidate.data) as Record<string, unknown>)[key] === value);
    if (row || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!row) throw new Error(`no ${type} event in ${tenantId} with ${key} = ${String(value)}`);
  await handled(row.seq);
  return { seq: row.seq, id: row.id, type: row.type, tenantId: row.tenant_id, occurredAt: row.occurred_at, data: JSON.parse(row.data) as Record<string, unknown> };
}

/** The event-started runs of a workflow, with their inputs, read through the API. */
async function eventRuns(tenantId: string, workflowId: string): Promise<{ id: string; input: EventInput }[]> {
  const page = expectOk(await owner.request<{ items: { id: string }[] }>('GET', `/api/v1/tenants/${tenantId}/runs?workflowId=${workflowId}&trigger=event&limit=200`));
  const runs: { id: string; input: EventInput }[] = [];
  for (const { id } of page.items) {
    let input = inputs.get(id);
    if (!input) {
      input = expectOk(await owner.request<RunDetail>('GET', `/api/v1/tenants/${tenantId}/runs/${id}`)).input as EventInput;
      inputs.set(id, input);
    }
    runs.push({ id, input });
  }
  return runs;
}

/** The runs of a workflow that `event` started. */
async function startedBy(tenantId: string, workflowId: string, event: Recorded): Promise<{ id: string; input: EventInput }[]> {
  return (await eventRuns(tenantId, workflowId)).filter((run) => run.input.event.id === event.id);
}

/** The run input the event should give, as the trigger documents it. */
function expectedInput(event: Recorded, tenantName: string): EventInput {
  return { event: { id: event.id, type: event.type, tenantId: event.tenantId, tenantName, occurredAt: new Date(event.occurredAt).toISOString(), data: event.data } };
}

async function startRun(tenantId: string, workflowId: string): Promise<string> {
  const { runId } = expectOk(await owner.request<{ runId: string }>('POST', `/api/v1/tenants/${tenantId}/workflows/${workflowId}/runs`, { input: {} }), 201);
  return runId;
}

async function failedRun(tenantId: string, workflowId: string): Promise<string> {
  const runId = await startRun(tenantId, workflowId);
  expect((await waitForRun(owner, tenantId, runId, ['succeeded', 'failed'])).status).toBe('failed');
  return runId;
}

beforeAll(async () => {
  server = await startServerHarness();
  ({ partner, customer: customerA } = server.tenants);
  customerB = (await server.app.tenants.createCustomer(partner, 'Fabrikam', 'fabrikam-events')).id;
  owner = await server.signIn(DEMO.partnerOwner);
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  subs.a = await activeWorkflow(consultant, approver, customerA, 'A on everything', subscriber({ events: ALL }));
  subs.b = await activeWorkflow(consultant, approver, customerB, 'B on everything', subscriber({ events: ALL, from: 'workspace' }));
  subs.partner = await activeWorkflow(consultant, approver, partner, "Customers' events", subscriber({ events: ALL, from: 'customers' }));
  subs.partnerOwn = await activeWorkflow(consultant, approver, partner, 'Own events', subscriber({ events: ALL, from: 'workspace' }));
}, 120_000);
afterAll(() => server.close());

describe('every platform event in a customer workspace', () => {
  const fired = new Map<PlatformEventType, Recorded>();
  let inactive: string;

  beforeAll(async () => {
    // Never active: a draft, and a workflow whose version waits for sign-off.
    inactive = (await createWorkflow(consultant, customerA, 'Draft on everything', subscriber({ events: ALL }))).id;
    const pending = (await createWorkflow(consultant, customerA, 'Pending on everything', subscriber({ events: ALL }))).id;
    expectOk(await consultant.request('POST', `/api/v1/tenants/${customerA}/workflows/${pending}/versions`, { note: 'waits' }), 201);

    // version.submitted, version.approved, version.activated
    const gateId = await activeWorkflow(consultant, approver, customerA, 'Refund approval', gate);
    for (const type of ['version.submitted', 'version.approved', 'version.activated'] as const) fired.set(type, await eventOf(customerA, type, 'workflowId', gateId));

    // task.created, then task.overdue (its due timer comes due), then run.slaBreached (the run's start
    // moved two minutes back, past the one-minute SLA, before it is approved) and run.finished.
    const gateRun = await startRun(customerA, gateId);
    await waitForRun(owner, customerA, gateRun, ['waiting']);
    fired.set('task.created', await eventOf(customerA, 'task.created', 'runId', gateRun));
    await server.app.sql.run("UPDATE timers SET due_at = 0 WHERE kind = 'approval-due' AND run_id = ?", [gateRun]);
    await server.app.engine.runDueTimers();
    fired.set('task.overdue', await eventOf(customerA, 'task.overdue', 'runId', gateRun));
    await server.app.sql.run('UPDATE runs SET created_at = created_at - 120000 WHERE id = ?', [gateRun]);
    const taskId = fired.get('task.created')?.data.taskId as string;
    expectOk(await approver.request('POST', `/api/v1/tenants/${customerA}/tasks/${taskId}/decide`, { decision: 'approve', comment: 'ok' }));
    await waitForRun(owner, customerA, gateRun, ['succeeded']);
    fired.set('run.slaBreached', await eventOf(customerA, 'run.slaBreached', 'runId', gateRun));
    fired.set('run.finished', await eventOf(customerA, 'run.finished', 'runId', gateRun));

    // run.failed and exception.raised (a failed run leaves an exception), then exception.classified.
    const failingId = await activeWorkflow(consultant, approver, customerA, 'ERP sync', failing);
    const failedId = await failedRun(customerA, failingId);
    fired.set('run.failed', await eventOf(customerA, 'run.failed', 'runId', failedId));
    const exception = await eventOf(customerA, 'exception.raised', 'runId', failedId);
    fired.set('exception.raised', exception);
    expectOk(await owner.request('PATCH', `/api/v1/tenants/${customerA}/exceptions/${exception.data.exceptionId as string}`, { category: 'integration', note: 'the ERP' }));
    fired.set('exception.classified', await eventOf(customerA, 'exception.classified', 'exceptionId', exception.data.exceptionId));
  }, 120_000);

  it('fires every event type', () => {
    expect([...fired.keys()].sort()).toEqual([...PLATFORM_EVENT_TYPES].sort());
  });

  it.each(ALL)("starts the customer's subscriber once and the partner's once with %s as input, and never the other customer's", async (type) => {
    const event = fired.get(type) as Recorded;
    const own = await startedBy(customerA, subs.a, event);
    expect(own).toHaveLength(1);
    expect(own[0]?.input).toEqual(expectedInput(event, (await server.app.tenants.get(customerA))?.name ?? ''));
    const partners = await startedBy(partner, subs.partner, event);
    expect(partners).toHaveLength(1);
    expect(partners[0]?.input).toEqual(own[0]?.input);
    expect(await startedBy(customerB, subs.b, event)).toEqual([]);
    expect(await startedBy(partner, subs.partnerOwn, event)).toEqual([]);
  });

  it('starts no workflow that has no active version', async () => {
    expect(await eventRuns(customerA, inactive)).toEqual([]);
  });

  it('audits each start as the platform event, in the run\'s creating commit', async () => {
    const event = fired.get('run.failed') as Recorded;
    const [run] = await startedBy(customerA, subs.a, event);
    const entry = await server.app.sql.get<{ actor_id: string; action: string; details: string }>("SELECT actor_id, action, details FROM audit_log WHERE target_id = ? AND action = 'run.start'", [run?.id ?? '']);
    expect(entry?.actor_id).toBe('system:event');
    expect(JSON.parse(entry?.details ?? '{}')).toMatchObject({ workflowId: subs.a, triggerNodeId: 'on', eventId: event.id, eventType: 'run.failed', eventTenantId: customerA });
  });
});

describe('scope', () => {
  it("starts B's and the partner's subscribers on an event in B, never A's", async () => {
    const failingB = await activeWorkflow(consultant, approver, customerB, 'ERP sync', failing);
    const event = await eventOf(customerB, 'run.failed', 'runId', await failedRun(customerB, failingB));
    expect(await startedBy(customerB, subs.b, event)).toHaveLength(1);
    expect(await startedBy(partner, subs.partner, event)).toHaveLength(1);
    expect(await startedBy(customerA, subs.a, event)).toEqual([]);
  });

  it("starts only the partner's own-workspace subscriber on an event in the partner's workspace", async () => {
    const failingP = await activeWorkflow(consultant, approver, partner, 'Partner ERP sync', failing);
    const event = await eventOf(partner, 'run.failed', 'runId', await failedRun(partner, failingP));
    expect(await startedBy(partner, subs.partnerOwn, event)).toHaveLength(1);
    expect(await startedBy(partner, subs.partner, event)).toEqual([]);
    expect(await startedBy(customerA, subs.a, event)).toEqual([]);
    expect(await startedBy(customerB, subs.b, event)).toEqual([]);
  });
});

describe('three failures in an hour', () => {
  it('counts the failures of the hour in run.failed, and the escalation filter lets only the third through', async () => {
    const escalation = await activeWorkflow(
      consultant,
      approver,
      partner,
      'Notify the on-call',
      subscriber({
        events: ['run.failed'],
        filter: { and: [{ '>=': [{ var: 'event.data.failuresInLastHour' }, 3] }, { '==': [{ var: 'event.data.workflowName' }, 'Order import'] }] },
      }),
    );
    const broken = await activeWorkflow(consultant, approver, customerA, 'Order import', { ...failing, name: 'Order import' });
    const counts: number[] = [];
    const started: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const event = await eventOf(customerA, 'run.failed', 'runId', await failedRun(customerA, broken));
      counts.push(event.data.failuresInLastHour as number);
      started.push((await startedBy(partner, escalation, event)).length);
    }
    expect(counts).toEqual([1, 2, 3]);
    expect(started).toEqual([0, 0, 1]);
    // A failure of another workflow never matches the filter.
    const other = await eventOf(customerA, 'run.failed', 'workflowName', 'ERP sync');
    expect(await startedBy(partner, escalation, other)).toEqual([]);
  });

  it('counts failures in run.finished too, and only the failed runs of the hour', async () => {
    const gateId = await activeWorkflow(consultant, approver, customerB, 'Quick', workflow([{ id: 'start', type: 'trigger.manual' }], []));
    const runId = await startRun(customerB, gateId);
    await waitForRun(owner, customerB, runId, ['succeeded']);
    expect((await eventOf(customerB, 'run.finished', 'runId', runId)).data).toMatchObject({ status: 'succeeded', failuresInLastHour: 0 });
  });

  it('counts a filter that fails on an event as not matching, and logs it', async () => {
    // A path taken from the data: the workflow named "prototype" makes it a path the evaluator refuses.
    const broken = await activeWorkflow(consultant, approver, customerA, 'Broken filter', subscriber({ events: ['run.failed'], filter: { var: { var: 'event.data.workflowName' } } }));
    const failingId = await activeWorkflow(consultant, approver, customerA, 'prototype', { ...failing, name: 'prototype' });
    const event = await eventOf(customerA, 'run.failed', 'runId', await failedRun(customerA, failingId));
    expect(await startedBy(customerA, broken, event)).toEqual([]);
    expect(await startedBy(customerA, subs.a, event)).toHaveLength(1);
    expect(server.logs.some((line) => line.includes("an event trigger's filter failed") && line.includes(event.id))).toBe(true);
  });
});

describe('exactly once, and no loops', () => {
  it('starts nothing twice when events are handed out again', async () => {
    const subscribers = [
      [customerA, subs.a],
      [customerB, subs.b],
      [partner, subs.partner],
      [partner, subs.partnerOwn],
    ] as const;
    await handled(await server.app.events.head());
    const before = await Promise.all(subscribers.map(async ([tenant, id]) => (await eventRuns(tenant, id)).length));
    expect(before.every((count) => count > 0)).toBe(true);
    const head = await server.app.events.head();
    // As after a crash between the runs' commits and the consumer's position: every event again.
    await server.app.sql.run("UPDATE event_consumers SET seq = 0 WHERE name = 'event-triggers'");
    await server.app.eventDispatcher.pump();
    await handled(head);
    const after = await Promise.all(subscribers.map(async ([tenant, id]) => (await eventRuns(tenant, id)).length));
    expect(after).toEqual(before);
  });

  it('starts nothing on the events of runs an event trigger started (their end, failure, tasks, exceptions)', async () => {
    const runs = await eventRuns(customerA, subs.a);
    // The subscriber's own runs ended, and their run.finished events were handled...
    const ownRunId = runs[0]?.id as string;
    await waitForRun(owner, customerA, ownRunId, ['succeeded']);
    const ownEnd = await eventOf(customerA, 'run.finished', 'runId', ownRunId);
    expect(ownEnd.data.trigger).toBe('event');
    // ...without starting anything, here or at the partner.
    expect(await startedBy(customerA, subs.a, ownEnd)).toEqual([]);
    expect(await startedBy(partner, subs.partner, ownEnd)).toEqual([]);
    for (const run of [...runs, ...(await eventRuns(partner, subs.partner))]) expect(run.input.event.data.trigger).not.toBe('event');
  });
});
