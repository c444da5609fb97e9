import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../runtime/definition/index.js';
import { insightsSchema, type Insights } from '../../../server/contract/insights.js';
import { createMember } from '../../support/accounts.js';
import { activeWorkflow, expectError, expectOk, sendJson, startLocalHttpServer, waitForRun, type LocalHttpServer } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';
import { firstColumn, firstValue } from '../../support/sql-values.js';

/*
 * Real workflows run through the API with known outcomes, then the dashboard's figures are checked
 * exactly. Two things cannot be waited for in a test and are set in the SQLite file instead: a run
 * that ends past its SLA (its `created_at` is moved two hours back while it waits at its approval
 * gate, before the task is decided, so it ends two hours after its creation) and the ages of waiting
 * approval tasks (their `created_at` and `due_at` are moved back).
 */

const HOUR = 3_600_000;

let api: LocalHttpServer;
let flakyCalls = 0;
let server: ServerHarness;
let customer: string;
let partner: string;
let fabrikam: string;
let consultant: ApiClient;
let approver: ApiClient;
let operator: ApiClient;
let partnerOwner: ApiClient;
let fabrikamOwner: ApiClient;
const ids = { sync: '', sla: '', due: '', payments: '', fabrikamSync: '' };
const runs: Record<string, string> = {};

/** Calls the loopback API at `/<input.path>` with up to three attempts 10 ms apart. */
const orderSync = (url: string) =>
  workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      {
        id: 'call',
        type: 'connector.http',
        name: 'Call the ERP',
        config: { method: 'GET', url: { cat: [url, '/', { var: 'input.path' }] } },
        retry: { maxAttempts: 3, initialDelayMs: 10, jitter: false },
      },
    ],
    [['start', 'out', 'call']],
    { name: 'Order sync' },
  );
const approval = (name: string, gate: Record<string, unknown>, settings: WorkflowDefinition['settings'] = {}) =>
  workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      { id: 'gate', type: 'human.approval', name: 'Release', config: { title: { cat: ['Release ', { var: 'input.orderId' }] }, approverRoles: ['approver', 'owner'], ...gate } },
    ],
    [['start', 'out', 'gate']],
    { name, settings },
  );
const payments = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    {
      id: 'raise',
      type: 'flow.raiseException',
      config: { category: 'payment-mismatch', severity: { if: [{ '>': [{ var: 'input.total' }, 1000] }, 'high', 'medium'] }, title: { cat: ['Payment of ', { var: 'input.orderId' }] } },
    },
  ],
  [['start', 'out', 'raise']],
  { name: 'Payment check' },
);

const insightsPath = (tenant: string, query = '') => `/api/v1/tenants/${tenant}/insights${query}`;

async function insights(client: ApiClient, tenant: string, query = ''): Promise<Insights> {
  return insightsSchema.parse(expectOk(await client.request('GET', insightsPath(tenant, query))));
}

async function start(by: ApiClient, tenant: string, workflowId: string, input: Record<string, unknown>, until: ('succeeded' | 'failed' | 'waiting')[]): Promise<string> {
  const { runId } = expectOk(await by.request<{ runId: string }>('POST', `/api/v1/tenants/${tenant}/workflows/${workflowId}/runs`, { input }), 201);
  await waitForRun(by, tenant, runId, until);
  return runId;
}

async function taskOf(runId: string): Promise<string> {
  return (await firstValue<string>(server.app.sql, 'SELECT id FROM tasks WHERE run_id = ?', [runId])) ?? '';
}

async function decide(runId: string): Promise<void> {
  expectOk(await approver.request('POST', `/api/v1/tenants/${customer}/tasks/${await taskOf(runId)}/decide`, { decision: 'approve' }));
  await waitForRun(operator, customer, runId, ['succeeded']);
}

/** Durations (creation to end) of a workflow's own runs (no test runs of its draft), as the store has them. */
async function durations(workflowId: string): Promise<number[]> {
  const select = 'SELECT finished_at - created_at FROM runs WHERE workflow_id = ? AND workflow_version IS NOT NULL AND finished_at IS NOT NULL';
  return (await firstColumn<number>(server.app.sql, select, [workflowId])).sort((a, b) => a - b);
}

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], quantile: number): number {
  return sorted[Math.max(1, Math.ceil(quantile * sorted.length)) - 1] ?? 0;
}

beforeAll(async () => {
  api = await startLocalHttpServer((request, response) => {
    if (request.url === '/flaky') flakyCalls += 1;
    if (request.url === '/down' || (request.url === '/flaky' && flakyCalls === 1)) sendJson(response, 500, { error: 'down' });
    else sendJson(response, 200, { ok: true });
  });
  server = await startServerHarness({ egressAllow: [new URL(api.url).host] });
  ({ customer, partner } = server.tenants);
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  operator = await server.signIn(DEMO.operator);
  partnerOwner = await server.signIn(DEMO.partnerOwner);
  fabrikam = (await server.app.tenants.createCustomer(partner, 'Fabrikam', 'fabrikam-insights')).id;
  fabrikamOwner = (await createMember(server, fabrikam, 'owner@fabrikam.example', ['owner'])).client;

  ids.sync = await activeWorkflow(consultant, approver, customer, 'Order sync', orderSync(api.url));
  ids.sla = await activeWorkflow(consultant, approver, customer, 'Release within SLA', approval('Release within SLA', {}, { slaMinutes: 30 }));
  ids.due = await activeWorkflow(consultant, approver, customer, 'Release by due time', approval('Release by due time', { dueInMinutes: 60, onDue: 'escalate' }));
  ids.payments = await activeWorkflow(consultant, approver, customer, 'Payment check', payments);
  ids.fabrikamSync = await activeWorkflow(consultant, approver, fabrikam, 'Order sync', orderSync(api.url));

  // Order sync: two plain successes, one success on the second attempt, one failure at "call" after three attempts.
  runs.ok1 = await start(operator, customer, ids.sync, { path: 'ok' }, ['succeeded']);
  runs.ok2 = await start(operator, customer, ids.sync, { path: 'ok' }, ['succeeded']);
  runs.flaky = await start(operator, customer, ids.sync, { path: 'flaky' }, ['succeeded']);
  runs.down = await start(operator, customer, ids.sync, { path: 'down' }, ['failed']);
  // Under a 30-minute SLA: one decided at once (met), one decided "two hours" after its creation (breached), one cancelled (met), one left waiting.
  runs.met = await start(operator, customer, ids.sla, { orderId: 'A-1' }, ['waiting']);
  await decide(runs.met);
  runs.breached = await start(operator, customer, ids.sla, { orderId: 'A-2' }, ['waiting']);
  await server.app.sql.run('UPDATE runs SET created_at = created_at - ? WHERE id = ?', [2 * HOUR, runs.breached]);
  await decide(runs.breached);
  runs.cancelled = await start(operator, customer, ids.sla, { orderId: 'A-3' }, ['waiting']);
  expectOk(await operator.request('POST', `/api/v1/tenants/${customer}/runs/${runs.cancelled}/cancel`));
  await waitForRun(operator, customer, runs.cancelled, ['cancelled']);
  runs.waitingTwoDays = await start(operator, customer, ids.sla, { orderId: 'A-4' }, ['waiting']);
  await server.app.sql.run('UPDATE tasks SET created_at = created_at - ? WHERE run_id = ?', [48 * HOUR, runs.waitingTwoDays]);
  // With a due time of 60 minutes: one opened "two hours" ago (overdue), one just now.
  runs.overdue = await start(operator, customer, ids.due, { orderId: 'B-1' }, ['waiting']);
  await server.app.sql.run('UPDATE tasks SET created_at = created_at - ?, due_at = due_at - ? WHERE run_id = ?', [2 * HOUR, 2 * HOUR, runs.overdue]);
  runs.fresh = await start(operator, customer, ids.due, { orderId: 'B-2' }, ['waiting']);
  // Exceptions: two raised by a workflow, one reported by hand and dismissed, and the failed run's.
  runs.high = await start(operator, customer, ids.payments, { orderId: 'P-1', total: 1500 }, ['succeeded']);
  runs.medium = await start(operator, customer, ids.payments, { orderId: 'P-2', total: 50 }, ['succeeded']);
  const reported = expectOk(await operator.request<{ id: string }>('POST', `/api/v1/tenants/${customer}/exceptions`, { category: 'out-of-stock', title: 'Short pallet' }), 201);
  expectOk(await operator.request('PATCH', `/api/v1/tenants/${customer}/exceptions/${reported.id}`, { state: 'dismissed' }));
  // A test run of the draft is not the workflow's own and never counts.
  const test = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${ids.sync}/test-runs`, { input: { path: 'down' } }), 201);
  await waitForRun(consultant, customer, test.runId, ['failed']);
  // Fabrikam: one success and one failure.
  runs.fabrikamOk = await start(fabrikamOwner, fabrikam, ids.fabrikamSync, { path: 'ok' }, ['succeeded']);
  runs.fabrikamDown = await start(fabrikamOwner, fabrikam, ids.fabrikamSync, { path: 'down' }, ['failed']);
}, 120_000);
afterAll(async () => {
  await server.close();
  await api.close();
});

describe("a workspace's insights", () => {
  let figures: Insights;
  beforeAll(async () => {
    figures = await insights(operator, customer);
  });

  it('count finished runs per UTC day of the last 7 days, by outcome', () => {
    expect(figures.bucket).toBe('day');
    expect(Date.parse(figures.to) - Date.parse(figures.from)).toBe(7 * 24 * HOUR);
    expect(figures.runsOverTime).toHaveLength(8);
    expect(figures.runsOverTime.every((bucket) => bucket.bucketStart.endsWith('T00:00:00.000Z'))).toBe(true);
    const sum = (pick: (bucket: Insights['runsOverTime'][number]) => number) => figures.runsOverTime.reduce((total, bucket) => total + pick(bucket), 0);
    expect({ succeeded: sum((b) => b.succeeded), failed: sum((b) => b.failed), cancelled: sum((b) => b.cancelled) }).toEqual({ succeeded: 7, failed: 1, cancelled: 1 });
    expect(figures.workspaces).toEqual([{ tenantId: customer, tenantName: 'Contoso Distribution' }]);
    expect(figures.byWorkspace).toEqual([{ tenantId: customer, tenantName: 'Contoso Distribution', runs: 9, failed: 1, slaBreached: 1, openExceptions: 3 }]);
  });

  it('measure SLA adherence from creation to end, and list the breach', async () => {
    const breached = await server.app.sql.get<{ duration: number; end: number }>('SELECT finished_at - created_at AS duration, finished_at AS "end" FROM runs WHERE id = ?', [runs.breached ?? '']);
    const { duration: breachedDuration = 0, end: breachedEnd = 0 } = breached ?? {};
    expect(breachedDuration).toBeGreaterThan(2 * HOUR);
    const workflowRef = { tenantId: customer, tenantName: 'Contoso Distribution', workflowId: ids.sla, workflowName: 'Release within SLA' };
    expect(figures.sla).toEqual({
      runsWithSla: 3,
      met: 2,
      breached: 1,
      adherence: 2 / 3,
      byWorkflow: [{ ...workflowRef, slaMinutes: 30, met: 2, breached: 1, adherence: 2 / 3 }],
      breaches: [{ ...workflowRef, runId: runs.breached, finishedAt: new Date(breachedEnd).toISOString(), durationMs: breachedDuration, slaMinutes: 30 }],
    });
  });

  it('give p50 and p95 durations within the histogram’s 5 %', async () => {
    expect(figures.durations.map((row) => row.workflowName).sort()).toEqual(['Order sync', 'Payment check', 'Release within SLA']);
    for (const row of figures.durations) {
      const exact = await durations(row.workflowId);
      expect(row.runs).toBe(exact.length);
      for (const [given, quantile] of [[row.p50Ms, 0.5], [row.p95Ms, 0.95]] as const) {
        const expected = percentile(exact, quantile);
        // Within the bins' 5 %, plus the rounding of the answer to whole milliseconds.
        expect(Math.abs(given - expected), `${row.workflowName} p${quantile * 100}: ${given} for ${expected}`).toBeLessThanOrEqual(expected * 0.05 + 1);
      }
    }
  });

  it('count failures by the node they failed at, and the retried steps', () => {
    expect(figures.failuresByNode).toEqual([{ tenantId: customer, tenantName: 'Contoso Distribution', workflowId: ids.sync, workflowName: 'Order sync', nodeId: 'call', nodeName: 'Call the ERP', failures: 1 }]);
    expect(figures.retries).toEqual({ retriedSteps: 2, succeeded: 1, successRate: 0.5 });
  });

  it('count exceptions raised in the range by category, severity and workflow, and those still open', () => {
    const ref = (workflowId: string, workflowName: string) => ({ tenantId: customer, tenantName: 'Contoso Distribution', workflowId, workflowName });
    expect(figures.exceptions.total).toBe(4);
    expect(figures.exceptions.open).toBe(3);
    expect(figures.exceptions.byCategory).toEqual(expect.arrayContaining([{ category: 'payment-mismatch', count: 2 }, { category: 'run-failed', count: 1 }, { category: 'out-of-stock', count: 1 }]));
    expect(figures.exceptions.byCategory).toHaveLength(3);
    expect(figures.exceptions.bySeverity).toEqual(expect.arrayContaining([{ severity: 'high', count: 2 }, { severity: 'medium', count: 2 }]));
    expect(figures.exceptions.bySeverity).toHaveLength(2);
    expect(figures.exceptions.byWorkflow).toEqual([{ ...ref(ids.payments, 'Payment check'), count: 2 }, { ...ref(ids.sync, 'Order sync'), count: 1 }]);
  });

  it('show the approval queue now: waiting, overdue, by age, oldest first', () => {
    expect(figures.approvals).toMatchObject({
      waiting: 3,
      overdue: 1,
      byAge: [
        { band: 'under 1 h', count: 1 },
        { band: '1–4 h', count: 1 },
        { band: '4–24 h', count: 0 },
        { band: '1–3 days', count: 1 },
        { band: 'over 3 days', count: 0 },
      ],
    });
    expect(figures.approvals.oldest.map((task) => [task.runId, task.title, task.overdue, task.dueAt === null])).toEqual([
      [runs.waitingTwoDays, 'Release A-4', false, true],
      [runs.overdue, 'Release B-1', true, false],
      [runs.fresh, 'Release B-2', false, false],
    ]);
  });

  it('narrow to one workflow, and bucket by hour', async () => {
    const sync = await insights(operator, customer, `?workflowId=${ids.sync}&bucket=hour&from=${new Date(Date.now() - 3 * HOUR).toISOString()}`);
    expect(sync.runsOverTime.length).toBeGreaterThanOrEqual(3);
    expect(sync.byWorkspace[0]).toMatchObject({ runs: 4, failed: 1, slaBreached: 0, openExceptions: 1 });
    expect(sync.exceptions.total).toBe(1);
    expect(sync.approvals.waiting).toBe(0);
    const due = await insights(operator, customer, `?workflowId=${ids.due}`);
    expect(due.approvals).toMatchObject({ waiting: 2, overdue: 1 });
  });
});

describe("a partner's insights across its customers", () => {
  it('sum the customers and list each', async () => {
    const figures = await insights(partnerOwner, partner, '?scope=customers');
    expect(figures.workspaces.map((workspace) => workspace.tenantName)).toEqual(['Northwind Integrations', 'Contoso Distribution', 'Fabrikam']);
    expect(figures.byWorkspace.map(({ tenantName, runs: count, failed, slaBreached, openExceptions }) => [tenantName, count, failed, slaBreached, openExceptions])).toEqual([
      ['Northwind Integrations', 0, 0, 0, 0],
      ['Contoso Distribution', 9, 1, 1, 3],
      ['Fabrikam', 2, 1, 0, 1],
    ]);
    const total = figures.runsOverTime.reduce((sum, bucket) => sum + bucket.succeeded + bucket.failed + bucket.cancelled, 0);
    expect(total).toBe(11);
    expect(figures.failuresByNode.map((row) => [row.tenantName, row.nodeId, row.failures])).toEqual(
      expect.arrayContaining([
        ['Contoso Distribution', 'call', 1],
        ['Fabrikam', 'call', 1],
      ]),
    );
    expect(figures.failuresByNode).toHaveLength(2);
    expect(figures.exceptions).toMatchObject({ total: 5, open: 4 });
    expect(figures.retries).toEqual({ retriedSteps: 3, succeeded: 1, successRate: 1 / 3 });
    expect(figures.approvals.waiting).toBe(3);
    expect(figures.sla).toMatchObject({ runsWithSla: 3, met: 2, breached: 1 });
  });

  it("narrow to one customer with customerId, and refuse one that is not the partner's", async () => {
    const figures = await insights(partnerOwner, partner, `?customerId=${fabrikam}`);
    expect(figures.byWorkspace).toEqual([{ tenantId: fabrikam, tenantName: 'Fabrikam', runs: 2, failed: 1, slaBreached: 0, openExceptions: 1 }]);
    expect(figures.approvals.waiting).toBe(0);
    expectError(await partnerOwner.request('GET', insightsPath(partner, '?customerId=not-a-customer')), 404, 'NOT_FOUND');
  });

  it("keep a customer to its own figures: never another customer's, never the partner's roll-up", async () => {
    const own = await insights(fabrikamOwner, fabrikam);
    expect(own.byWorkspace).toEqual([{ tenantId: fabrikam, tenantName: 'Fabrikam', runs: 2, failed: 1, slaBreached: 0, openExceptions: 1 }]);
    expect(own.exceptions.total).toBe(1);
    expect(own.approvals.waiting).toBe(0);
    expect(own.sla.breaches).toEqual([]);
    expectError(await fabrikamOwner.request('GET', insightsPath(customer)), 404, 'NOT_FOUND');
    expect(expectError(await fabrikamOwner.request('GET', insightsPath(fabrikam, '?scope=customers')), 422).details[0]?.path).toBe('query.scope');
    expect(expectError(await fabrikamOwner.request('GET', insightsPath(fabrikam, `?customerId=${customer}`)), 422).details[0]?.path).toBe('query.scope');
  });
});

describe('the range', () => {
  it('refuses an empty range or one longer than the bucket allows, naming the parameter', async () => {
    const now = Date.now();
    const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    expect(expectError(await operator.request('GET', insightsPath(customer, `?from=${iso(now)}&to=${iso(now - HOUR)}`)), 422).details[0]?.path).toBe('query.from');
    expect(expectError(await operator.request('GET', insightsPath(customer, `?bucket=hour&from=${iso(now - 15 * 24 * HOUR)}&to=${iso(now)}`)), 422).details[0]?.path).toBe('query.from');
    expect(expectError(await operator.request('GET', insightsPath(customer, `?to=${iso(now - 500 * 24 * HOUR)}&from=${iso(now)}`)), 422).details[0]?.path).toBe('query.from');
    expect(expectError(await operator.request('GET', insightsPath(customer, '?from=yesterday')), 400).details[0]?.path).toBe('query.from');
    const old = await insights(operator, customer, `?from=${iso(now - 400 * 24 * HOUR)}&to=${iso(now - 300 * 24 * HOUR)}`);
    expect(old.runsOverTime).toHaveLength(101);
    expect(old.byWorkspace[0]?.runs).toBe(0);
  });
});
