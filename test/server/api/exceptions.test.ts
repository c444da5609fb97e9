import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../support/accounts.js';
import { activeWorkflow, expectError, expectOk, waitForRun } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';
import { firstValue } from '../../support/sql-values.js';

interface Exception {
  id: string;
  key: string;
  tenantId: string;
  origin: string;
  category: string;
  severity: string;
  title: string;
  details: string;
  subject: { type: string; id: string } | null;
  owner: string | null;
  context: Record<string, unknown>;
  state: string;
  assigneeId: string | null;
  workflowId: string | null;
  runId: string | null;
  dueAt: string | null;
  overdue: boolean;
  closedAt: string | null;
}
interface Detail extends Exception {
  notes: { authorId: string; text: string }[];
  runIds: string[];
}
interface Page {
  items: Exception[];
  nextCursor: string | null;
}

/** Raises a payment exception for the order it is given, due after the workflow's 30-minute SLA. */
const raising = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    {
      id: 'raise',
      type: 'flow.raiseException',
      name: 'Payment does not match',
      config: {
        category: 'payment-mismatch',
        severity: { if: [{ '>': [{ var: 'input.total' }, 1000] }, 'high', 'medium'] },
        title: { cat: ['Payment does not match order ', { var: 'input.orderId' }] },
        subjectType: 'order',
        subjectId: { var: 'input.orderId' },
        owner: 'ERP partner',
        context: { total: { var: 'input.total' }, paid: { var: 'input.paid' } },
      },
    },
  ],
  [['start', 'out', 'raise']],
  { name: 'Payment check', settings: { slaMinutes: 30 } },
);
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
let partner: string;
let consultant: ApiClient;
let approver: ApiClient;
let operator: ApiClient;
let viewer: ApiClient;
let otherCustomerOwner: ApiClient;
let raisingId: string;
const base = (tenant: string) => `/api/v1/tenants/${tenant}/exceptions`;

beforeAll(async () => {
  server = await startServerHarness();
  ({ customer, partner } = server.tenants);
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  operator = await server.signIn(DEMO.operator);
  viewer = (await createMember(server, customer, 'viewer@contoso.example', ['viewer'])).client;
  const other = await server.app.tenants.createCustomer(partner, 'Fabrikam', 'fabrikam-ex');
  otherCustomerOwner = (await createMember(server, other.id, 'owner@fabrikam.example', ['owner'])).client;
  raisingId = await activeWorkflow(consultant, approver, customer, 'Payment check', raising);
}, 60_000);
afterAll(() => server.close());

async function run(workflowId: string, input: Record<string, unknown>): Promise<string> {
  const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`, { input }), 201);
  await waitForRun(operator, customer, runId, ['succeeded', 'failed']);
  return runId;
}

describe('exceptions a workflow raises', () => {
  it('are recorded with what the step says, linked to the run, due after the SLA, and the run goes on with the key', async () => {
    const before = Date.now();
    const runId = await run(raisingId, { orderId: 1042, total: 1250, paid: false });
    const page = expectOk(await viewer.request<Page>('GET', `${base(customer)}?workflowId=${raisingId}`));
    expect(page.items).toHaveLength(1);
    const [raised] = page.items as [Exception];
    expect(raised).toMatchObject({
      tenantId: customer,
      origin: 'workflow',
      category: 'payment-mismatch',
      severity: 'high',
      title: 'Payment does not match order 1042',
      subject: { type: 'order', id: '1042' },
      owner: 'ERP partner',
      context: { total: 1250, paid: false },
      state: 'open',
      assigneeId: null,
      workflowId: raisingId,
      runId,
      overdue: false,
    });
    expect(raised.key).toMatch(/^EX-\d+$/);
    const due = Date.parse(raised.dueAt ?? '');
    expect(due - before).toBeGreaterThanOrEqual(30 * 60_000);
    expect(due - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const detail = expectOk(await viewer.request<Detail>('GET', `${base(customer)}/${raised.id}`));
    expect(detail.runIds).toEqual([runId]);
    const runDetail = expectOk(await operator.request<{ output: { exception: { key: string } } }>('GET', `/api/v1/tenants/${customer}/runs/${runId}`));
    expect(runDetail.output.exception.key).toBe(raised.key);
  });

  it('are raised once per step, however often the step runs again', async () => {
    const runId = await run(raisingId, { orderId: 'SO-7', total: 10, paid: true });
    // The step running again (after a crash, say) raises with the same idempotency key as the first time.
    const key = (await firstValue(server.app.sql, 'SELECT idempotency_key FROM exceptions WHERE run_id = ?', [runId])) as string;
    expect(key.startsWith(`${runId}:raise:`)).toBe(true);
    const again = await server.app.exceptions.raiseForRun(runId, 'raise', key, { category: 'payment-mismatch', severity: 'low', title: 'again', details: '', subject: null, owner: null, context: {} });
    const page = expectOk(await viewer.request<Page>('GET', `${base(customer)}?workflowId=${raisingId}`));
    const fromRun = page.items.filter((item) => item.runId === runId);
    expect(fromRun).toHaveLength(1);
    expect(again).toMatchObject({ created: false, exception: { id: fromRun[0]?.id, title: 'Payment does not match order SO-7' } });
  });
});

describe('a failed run', () => {
  it('leaves an exception of category run-failed; its test runs and runs that succeed leave none', async () => {
    const failingId = await activeWorkflow(consultant, approver, customer, 'ERP sync', failing);
    const runId = await run(failingId, {});
    const test = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${failingId}/test-runs`, { input: {}, params: {} }), 201);
    expect((await waitForRun(consultant, customer, test.runId, ['failed'])).status).toBe('failed');
    const page = expectOk(await viewer.request<Page>('GET', `${base(customer)}?workflowId=${failingId}`));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ origin: 'failedRun', category: 'run-failed', severity: 'high', title: 'ERP sync failed at "Call the ERP"', runId, state: 'open' });
    expect(page.items[0]?.details).toContain('http://127.0.0.1:9/unreachable');
  });
});

describe('working an exception', () => {
  it('assigns it to me, moves it through its states with notes, reopens it; each change audited', async () => {
    const runId = await run(raisingId, { orderId: 'SO-9', total: 5, paid: false });
    const exception = expectOk(await operator.request<Page>('GET', `${base(customer)}?workflowId=${raisingId}`)).items.find((item) => item.runId === runId) as Exception;
    const path = `${base(customer)}/${exception.id}`;
    const assigned = expectOk(await operator.request<Detail>('PATCH', path, { assigneeId: 'me' }));
    expect([assigned.state, assigned.assigneeId]).toEqual(['assigned', operator.userId]);
    expect(expectOk(await operator.request<Page>('GET', `${base(customer)}?assignee=me`)).items.map((item) => item.id)).toContain(exception.id);
    expectOk(await operator.request<Detail>('PATCH', path, { state: 'in_progress' }));
    const corrected = expectOk(await operator.request<Detail>('PATCH', path, { category: 'fraud-risk', severity: 'critical', note: 'The card was reported stolen' }));
    expect([corrected.category, corrected.severity, corrected.notes.map((note) => note.text)]).toEqual(['fraud-risk', 'critical', ['The card was reported stolen']]);
    const resolved = expectOk(await operator.request<Detail>('PATCH', path, { state: 'resolved', note: 'Order cancelled and refunded' }));
    expect(resolved.state).toBe('resolved');
    expect(resolved.closedAt).not.toBeNull();
    expect(expectOk(await operator.request<Page>('GET', `${base(customer)}?state=unresolved`)).items.map((item) => item.id)).not.toContain(exception.id);
    expect(expectError(await operator.request('PATCH', path, { state: 'in_progress' }), 422).details).toEqual([{ path: 'body.state', message: 'from resolved it can become open' }]);
    expectError(await operator.request('PATCH', path, { assigneeId: 'me' }), 422);
    const reopened = expectOk(await operator.request<Detail>('PATCH', path, { state: 'open' }));
    expect([reopened.state, reopened.closedAt]).toEqual(['open', null]);
    const noted = expectOk(await operator.request<Detail>('POST', `${path}/notes`, { text: 'Customer called again' }), 201);
    expect(noted.notes.map((note) => note.text)).toEqual(['The card was reported stolen', 'Order cancelled and refunded', 'Customer called again']);
    const owner = await server.signIn(DEMO.customerOwner);
    const audit = expectOk(await owner.request<{ items: { action: string; targetId: string }[] }>('GET', `/api/v1/tenants/${customer}/audit?targetId=${exception.id}`));
    expect(audit.items.map((item) => item.action).sort()).toEqual(['exception.change', 'exception.change', 'exception.change', 'exception.change', 'exception.change', 'exception.note']);
  });

  it('is reported by hand, and refuses what does not fit, saying where', async () => {
    const reported = expectOk(await operator.request<Exception>('POST', base(customer), { category: 'address-invalid', title: 'Postcode missing on SO-12', subject: { type: 'order', id: 'SO-12' } }), 201);
    expect(reported).toMatchObject({ origin: 'person', severity: 'medium', state: 'open', dueAt: null, workflowId: null });
    expect(expectError(await operator.request('POST', base(customer), { category: 'Bad Category', title: '' }), 400).details.map((detail) => detail.path).sort()).toEqual(['body.category', 'body.title']);
    expectError(await operator.request('PATCH', `${base(customer)}/${reported.id}`, {}), 400);
    expect(expectError(await operator.request('PATCH', `${base(customer)}/${reported.id}`, { state: 'assigned' }), 422).details[0]?.path).toBe('body.assigneeId');
    expect(expectError(await operator.request('PATCH', `${base(customer)}/${reported.id}`, { assigneeId: 'nobody-here' }), 422).details[0]).toEqual({ path: 'body.assigneeId', message: '"nobody-here" is no member of this workspace' });
    expectError(await operator.request('GET', `${base(customer)}?state=lost`), 400);
    expectError(await operator.request('POST', `${base(customer)}/${reported.id}/notes`, { text: '   ' }), 400);
  });

  it('are worked several at once — all or none', async () => {
    const ids = [];
    for (const title of ['Short pallet A', 'Short pallet B', 'Short pallet C']) ids.push(expectOk(await operator.request<Exception>('POST', base(customer), { category: 'out-of-stock', title }), 201).id);
    const assigned = expectOk(await operator.request<{ items: Exception[] }>('POST', `${base(customer)}/bulk`, { ids, change: { assigneeId: 'me', note: 'Taking these' } }));
    expect(assigned.items.map((item) => [item.state, item.assigneeId])).toEqual(ids.map(() => ['assigned', operator.userId]));
    expectOk(await operator.request('PATCH', `${base(customer)}/${ids[1] ?? ''}`, { state: 'dismissed' }));
    // The dismissed one cannot be started: nothing changes, and the refusal names it.
    const refused = expectError(await operator.request('POST', `${base(customer)}/bulk`, { ids, change: { state: 'in_progress' } }), 422);
    expect(refused.details).toEqual([{ path: 'body.ids.1', message: 'an exception that is dismissed cannot become in_progress' }]);
    const states = await Promise.all(ids.map(async (id) => expectOk(await operator.request<Detail>('GET', `${base(customer)}/${id}`)).state));
    expect(states).toEqual(['assigned', 'dismissed', 'assigned']);
    expectError(await operator.request('POST', `${base(customer)}/bulk`, { ids: [ids[0], ids[0]], change: { state: 'open' } }), 400);
    expectError(await operator.request('POST', `${base(customer)}/bulk`, { ids, change: { note: 'only a note' } }), 400);
    expect(expectError(await operator.request('POST', `${base(customer)}/bulk`, { ids: ['no-such-exception'], change: { state: 'open' } }), 422).details[0]?.path).toBe('body.ids.0');
    expectError(await viewer.request('POST', `${base(customer)}/bulk`, { ids, change: { state: 'open' } }), 403);
  });

  it('is read by everyone in the workspace and worked only by designers, operators and owners', async () => {
    const reported = expectOk(await operator.request<Exception>('POST', base(customer), { category: 'out-of-stock', title: 'Pallet short' }), 201);
    expectOk(await viewer.request('GET', `${base(customer)}/${reported.id}`));
    expectError(await viewer.request('PATCH', `${base(customer)}/${reported.id}`, { state: 'dismissed' }), 403);
    expectError(await approver.request('POST', base(customer), { category: 'out-of-stock', title: 'x' }), 403);
    expectOk(await consultant.request('PATCH', `${base(customer)}/${reported.id}`, { state: 'dismissed', note: 'Counted wrong' }));
  });
});

describe("a partner and its customers' exceptions", () => {
  it("are listed across customers in the partner's workspace; another customer sees none of them", async () => {
    const own = expectOk(await viewer.request<Page>('GET', base(customer))).items;
    expect(own.length).toBeGreaterThan(0);
    const across = expectOk(await consultant.request<Page>('GET', `${base(partner)}?scope=customers&limit=200`)).items;
    expect(across.map((item) => item.id).sort()).toEqual(expect.arrayContaining(own.map((item) => item.id)));
    const oneCustomer = expectOk(await consultant.request<Page>('GET', `${base(partner)}?customerId=${customer}&limit=200`)).items;
    expect(oneCustomer.every((item) => item.tenantId === customer)).toBe(true);
    const otherTenant = (await server.app.tenants.bySlug('fabrikam-ex'))?.id ?? '';
    expect(expectOk(await otherCustomerOwner.request<Page>('GET', base(otherTenant))).items).toEqual([]);
    expectError(await otherCustomerOwner.request('GET', `${base(otherTenant)}/${own[0]?.id ?? ''}`), 404);
    expectError(await otherCustomerOwner.request('GET', base(customer)), 404);
    expectError(await viewer.request('GET', `${base(customer)}?scope=customers`), 422);
  });

  it('pages through a long list with the cursor', async () => {
    const first = expectOk(await viewer.request<Page>('GET', `${base(customer)}?limit=2`));
    expect(first.items).toHaveLength(2);
    const second = expectOk(await viewer.request<Page>('GET', `${base(customer)}?limit=2&cursor=${first.nextCursor ?? ''}`));
    expect(second.items.map((item) => item.id)).not.toContain(first.items[0]?.id);
  });
});

describe('the remediation queue order', () => {
  it('puts the highest priority first, then the oldest; a priority is given, or follows the severity, and people change it', async () => {
    const report = async (title: string, severity: string, priority?: number) =>
      expectOk(await operator.request<Exception & { priority: number }>('POST', base(customer), { category: 'queue-order', title, severity, ...(priority === undefined ? {} : { priority }) }), 201);
    const low = await report('Low by severity', 'low');
    const urgent = await report('Urgent by score', 'medium', 97);
    const critical = await report('Critical by severity', 'critical');
    const high = await report('High by severity', 'high');
    expect([low.priority, urgent.priority, critical.priority, high.priority]).toEqual([25, 97, 90, 75]);
    const queue = async (cursor?: string) =>
      expectOk(await viewer.request<Page>('GET', `${base(customer)}?state=unresolved&order=priority&limit=2${cursor ? `&cursor=${cursor}` : ''}`));
    const walk: string[] = [];
    let page = await queue();
    walk.push(...page.items.map((item) => item.title));
    while (page.nextCursor !== null) {
      page = await queue(page.nextCursor);
      walk.push(...page.items.map((item) => item.title));
    }
    const ours = walk.filter((title) => title.endsWith('by severity') || title.endsWith('by score'));
    expect(ours).toEqual(['Urgent by score', 'Critical by severity', 'High by severity', 'Low by severity']);
    expect(new Set(walk).size).toBe(walk.length);

    const changed = expectOk(await operator.request<Detail & { priority: number }>('PATCH', `${base(customer)}/${low.id}`, { priority: 99, note: 'The customer is waiting' }));
    expect(changed.priority).toBe(99);
    expect((await queue()).items[0]?.id).toBe(low.id);
    expect(expectError(await operator.request('PATCH', `${base(customer)}/${low.id}`, { priority: 101 }), 400).details[0]?.path).toBe('body.priority');
    expect(expectError(await operator.request('POST', base(customer), { category: 'queue-order', title: 'x', priority: 2.5 }), 400).details[0]?.path).toBe('body.priority');
    // A cursor of the newest-first order does not page the queue's order.
    const newest = expectOk(await viewer.request<Page>('GET', `${base(customer)}?limit=1`));
    expect(expectError(await viewer.request('GET', `${base(customer)}?order=priority&cursor=${newest.nextCursor ?? ''}`), 400).details[0]?.path).toBe('query.cursor');
  });

  it("takes a workflow's priority from the Raise exception step", async () => {
    const prioritised = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'raise', type: 'flow.raiseException', config: { category: 'payment-mismatch', severity: 'low', title: 'Scored', priority: { var: 'input.score' } } },
      ],
      [['start', 'out', 'raise']],
      { name: 'Scored exceptions' },
    );
    const id = await activeWorkflow(consultant, approver, customer, 'Scored exceptions', prioritised);
    await run(id, { score: 88 });
    const [raised] = expectOk(await viewer.request<{ items: (Exception & { priority: number })[] }>('GET', `${base(customer)}?workflowId=${id}`)).items;
    expect(raised).toMatchObject({ severity: 'low', priority: 88 });
  });
});
