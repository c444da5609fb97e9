import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflow, expectError, expectOk, saveDraft, waitForRun } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

/** An item of GET /api/v1/me/approvals. */
interface Item {
  kind: 'version' | 'task';
  tenant: { id: string; slug: string; name: string };
  workflowId: string | null;
  workflowName: string | null;
  createdAt: string;
  dueAt: string | null;
  overdue: boolean;
  approvals: { received: number; required: number };
  yourDecision: { decision: string; comment: string; decidedAt: string } | null;
  version?: number;
  status: string;
  note?: string;
  authorName?: string;
  taskId?: string;
  runId?: string;
  title?: string;
  fields?: Record<string, unknown>;
  workflowVersion?: number | null;
}
interface Inbox {
  view: string;
  items: Item[];
  waiting: number;
  overdue: number;
  more: boolean;
}
interface Task {
  id: string;
  runId: string;
  status: string;
  decisions: { actorId: string; decision: string }[];
}

let server: ServerHarness;
let consultant: ApiClient;
let approver: ApiClient;
let partnerOwner: ApiClient;
let customerOwner: ApiClient;
let operator: ApiClient;
let customer: string;
let orderWorkflow: string;

beforeAll(async () => {
  server = await startServerHarness();
  customer = server.tenants.customer;
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  partnerOwner = await server.signIn(DEMO.partnerOwner);
  customerOwner = await server.signIn(DEMO.customerOwner);
  operator = await server.signIn(DEMO.operator);
  const workflows = expectOk(await operator.request<{ id: string; name: string }[]>('GET', `/api/v1/tenants/${customer}/workflows`));
  orderWorkflow = workflows.find((candidate) => candidate.name === 'Order exception routing')?.id ?? '';
});
afterAll(() => server.close());

const inboxOf = async (client: ApiClient, query = '') => expectOk(await client.request<Inbox>('GET', `/api/v1/me/approvals${query}`));
const tasksPath = () => `/api/v1/tenants/${customer}/tasks`;

/** Starts the demo workflow on a large order as `by`, so its run waits at the approval gate. */
async function largeOrder(by: ApiClient, orderId: string): Promise<{ runId: string; task: Task }> {
  const input = { orderId, total: 900, customer: 'Contoso Distribution', reason: 'credit limit exceeded' };
  const { runId } = expectOk(await by.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${orderWorkflow}/runs`, { input }), 201);
  expect((await waitForRun(by, customer, runId)).status).toBe('waiting');
  const [task] = expectOk(await by.request<Task[]>('GET', `${tasksPath()}?runId=${runId}`));
  if (!task) throw new Error(`run ${runId} opened no task`);
  return { runId, task };
}

describe('versions waiting for sign-off', () => {
  let workflowId: string;
  beforeAll(async () => {
    const created = await createWorkflow(consultant, customer, 'Refund routing', workflow([{ id: 'start', type: 'trigger.manual' }], []));
    workflowId = created.id;
    expectOk(await consultant.request('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/versions`, { note: 'Refunds go to finance' }), 201);
  });

  it('lists a submitted version for the reviewers of its workspace, with where it is and how far sign-off has come', async () => {
    const item = (await inboxOf(approver)).items.find((candidate) => candidate.kind === 'version' && candidate.workflowId === workflowId);
    expect(item).toMatchObject({
      kind: 'version',
      tenant: { id: customer, slug: 'contoso', name: 'Contoso Distribution' },
      workflowName: 'Refund routing',
      version: 1,
      status: 'pending',
      note: 'Refunds go to finance',
      authorName: 'Chris Consultant',
      dueAt: null,
      overdue: false,
      approvals: { received: 0, required: 1 },
      yourDecision: null,
    });
    expect((await inboxOf(partnerOwner)).items.some((candidate) => candidate.workflowId === workflowId)).toBe(true);
    expect((await inboxOf(customerOwner)).items.some((candidate) => candidate.workflowId === workflowId)).toBe(true);
  });

  it('does not ask the author, nor roles that may not review', async () => {
    expect((await inboxOf(consultant)).items.some((candidate) => candidate.workflowId === workflowId)).toBe(false);
    expect((await inboxOf(operator)).items.some((candidate) => candidate.workflowId === workflowId)).toBe(false);
  });

  it('moves a reviewed version to the reviewer’s history with their decision, and asks nobody once decided', async () => {
    expectOk(await approver.request('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/versions/1/approve`, { comment: 'Finance agreed' }));
    expect((await inboxOf(approver)).items.some((candidate) => candidate.workflowId === workflowId)).toBe(false);
    expect((await inboxOf(customerOwner)).items.some((candidate) => candidate.workflowId === workflowId)).toBe(false);
    const history = await inboxOf(approver, '?view=history');
    expect(history.view).toBe('history');
    expect(history.items.find((candidate) => candidate.workflowId === workflowId)).toMatchObject({
      kind: 'version',
      version: 1,
      status: 'approved',
      approvals: { received: 1, required: 1 },
      yourDecision: { decision: 'approve', comment: 'Finance agreed' },
    });
  });

  it('shows names and the approvals needed on the version and its activations', async () => {
    expectOk(await approver.request('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/activate`, { version: 1, reason: 'Go-live' }));
    const [version] = expectOk(await operator.request<Record<string, unknown>[]>('GET', `/api/v1/tenants/${customer}/workflows/${workflowId}/versions`));
    expect(version).toMatchObject({ authorName: 'Chris Consultant', requiredApprovals: 1, reviews: [{ reviewerName: 'Alex Approver', decision: 'approve' }] });
    const [activation] = expectOk(await operator.request<Record<string, unknown>[]>('GET', `/api/v1/tenants/${customer}/workflows/${workflowId}/activations`));
    expect(activation).toMatchObject({ version: 1, actorName: 'Alex Approver', reason: 'Go-live' });
  });
});

describe('approval-gate tasks waiting for a decision', () => {
  it('lists an open task for those who may decide it, with its fields and workflow, in every workspace they belong to', async () => {
    const { runId, task } = await largeOrder(operator, 'B-1001');
    const item = (await inboxOf(approver)).items.find((candidate) => candidate.taskId === task.id);
    expect(item).toMatchObject({
      kind: 'task',
      tenant: { id: customer },
      runId,
      workflowId: orderWorkflow,
      workflowName: 'Order exception routing',
      workflowVersion: 1,
      status: 'open',
      title: 'Release order B-1001 (900 EUR)',
      fields: { Order: 'B-1001', Customer: 'Contoso Distribution', Reason: 'credit limit exceeded' },
      overdue: false,
      approvals: { received: 0, required: 1 },
    });
    // Due 240 minutes after the gate opened; the task's record may be stamped a moment after that.
    const dueIn = Date.parse(item?.dueAt ?? '') - Date.parse(item?.createdAt ?? '');
    expect(dueIn).toBeGreaterThan(240 * 60_000 - 1000);
    expect(dueIn).toBeLessThanOrEqual(240 * 60_000);
    expect((await inboxOf(customerOwner)).items.some((candidate) => candidate.taskId === task.id)).toBe(true);
    expect((await inboxOf(operator)).items.some((candidate) => candidate.taskId === task.id)).toBe(false);
    expect((await inboxOf(consultant)).items.some((candidate) => candidate.taskId === task.id)).toBe(false);
  });

  it('never lists a task for the person who started its run, who may not decide it (here and in the tenant inbox)', async () => {
    const { task } = await largeOrder(customerOwner, 'B-2002');
    expect((await inboxOf(customerOwner)).items.some((candidate) => candidate.taskId === task.id)).toBe(false);
    expect(expectOk(await customerOwner.request<Task[]>('GET', `${tasksPath()}?inbox=true`)).map((candidate) => candidate.id)).not.toContain(task.id);
    expect((await inboxOf(approver)).items.some((candidate) => candidate.taskId === task.id)).toBe(true);
  });

  it('puts overdue items first and marks them, and counts what waits', async () => {
    const { task: late } = await largeOrder(operator, 'B-3003');
    await server.app.store.flush();
    await server.app.sql.run('UPDATE tasks SET due_at = ? WHERE id = ?', [Date.now() - 60_000, late.id]);
    const inbox = await inboxOf(approver);
    expect(inbox.items[0]).toMatchObject({ taskId: late.id, overdue: true });
    expect(inbox.items.filter((item) => item.overdue).map((item) => item.taskId)).toEqual([late.id]);
    expect(inbox.overdue).toBe(1);
    expect(inbox.waiting).toBe(inbox.items.length);
    const first = await inboxOf(approver, '?limit=1');
    expect(first).toMatchObject({ waiting: inbox.waiting, overdue: 1, more: true });
    expect(first.items).toHaveLength(1);
  });

  it('moves a decided task to the decider’s history', async () => {
    const { task } = await largeOrder(operator, 'B-4004');
    expectOk(await approver.request('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'reject', comment: 'customer on hold' }));
    expect((await inboxOf(approver)).items.some((candidate) => candidate.taskId === task.id)).toBe(false);
    expect((await inboxOf(approver, '?view=history')).items.find((candidate) => candidate.taskId === task.id)).toMatchObject({
      status: 'rejected',
      yourDecision: { decision: 'reject', comment: 'customer on hold' },
    });
  });

  it('refuses a bad view or limit with the one error shape', async () => {
    expect(expectError(await approver.request('GET', '/api/v1/me/approvals?view=everything'), 400, 'INVALID_REQUEST').details[0]?.path).toBe('query.view');
    expect(expectError(await approver.request('GET', '/api/v1/me/approvals?limit=0'), 400, 'INVALID_REQUEST').details[0]?.path).toBe('query.limit');
    expectError(await server.request('GET', '/api/v1/me/approvals'), 401, 'UNAUTHENTICATED');
  });
});

describe('test runs of drafts that reach an approval gate', () => {
  let runId: string;
  let task: Task;
  beforeAll(async () => {
    const started = expectOk(
      await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${orderWorkflow}/test-runs`, {
        input: { orderId: 'T-1', total: 900, customer: 'Test', reason: 'trying the gate' },
      }),
      201,
    );
    runId = started.runId;
    expect((await waitForRun(consultant, customer, runId)).status).toBe('waiting');
    [task] = expectOk(await consultant.request<Task[]>('GET', `${tasksPath()}?runId=${runId}`)) as [Task];
  });

  it('are not put in anybody’s inbox', async () => {
    for (const client of [approver, customerOwner]) {
      expect((await inboxOf(client)).items.some((candidate) => candidate.taskId === task.id)).toBe(false);
      expect(expectOk(await client.request<Task[]>('GET', `${tasksPath()}?inbox=true`)).map((candidate) => candidate.id)).not.toContain(task.id);
    }
  });

  it('are decided as a test by the person who ran them, and by nobody else', async () => {
    const refused = expectError(await approver.request('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve', asTest: true }), 403, 'NOT_ALLOWED');
    expect(refused.message).toBe('only the person who started a test run of a draft may decide its approval as a test');
    expectError(await consultant.request('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve' }), 403, 'NOT_ALLOWED');
    expectError(await consultant.request('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve', asTest: 'yes' }), 400, 'INVALID_REQUEST');
    const decided = expectOk(await consultant.request<Task>('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve', comment: 'test', asTest: true }));
    expect(decided).toMatchObject({ status: 'approved', decisions: [{ actorEmail: DEMO.consultant, decision: 'approve' }] });
    const finished = await waitForRun(consultant, customer, runId, ['succeeded', 'failed']);
    expect(finished.steps.find((step) => step.nodeId === 'released')).toMatchObject({ status: 'succeeded' });
    const audit = expectOk(await approver.request<{ items: { action: string; details: Record<string, unknown> }[] }>('GET', `/api/v1/tenants/${customer}/audit?action=task.approve`));
    expect(audit.items.at(-1)?.details).toMatchObject({ runId, test: true });
  });

  it('may not be decided as a test on a run of an approved version', async () => {
    const { task: real } = await largeOrder(customerOwner, 'B-5005');
    expectError(await customerOwner.request('POST', `${tasksPath()}/${real.id}/decide`, { decision: 'approve', asTest: true }), 403, 'NOT_ALLOWED');
  });
});

describe('runs in flight per version', () => {
  it('counts the unfinished runs of each version, not test runs, and answers 404 for another tenant’s workflow', async () => {
    const created = await createWorkflow(
      consultant,
      customer,
      'Gated orders',
      workflow(
        [
          { id: 'start', type: 'trigger.manual' },
          { id: 'gate', type: 'human.approval', config: { title: 'Release', approverRoles: ['approver'] } },
        ],
        [['start', 'out', 'gate']],
      ),
    );
    const base = `/api/v1/tenants/${customer}/workflows/${created.id}`;
    const activate = async (version: number) => {
      expectOk(await consultant.request('POST', `${base}/versions`, { note: `v${version}` }), 201);
      expectOk(await approver.request('POST', `${base}/versions/${version}/approve`, {}));
      expectOk(await approver.request('POST', `${base}/activate`, { version, reason: `version ${version}` }));
    };
    await activate(1);
    const start = async () => {
      const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `${base}/runs`, { input: {} }), 201);
      await waitForRun(operator, customer, runId);
      return runId;
    };
    await start();
    await start();
    await saveDraft(consultant, customer, created.id, workflow([{ id: 'start', type: 'trigger.manual' }], [], { name: 'Gated orders' }));
    await activate(2);
    expectOk(await consultant.request('POST', `${base}/test-runs`, { input: {} }), 201);
    expect(expectOk(await approver.request('GET', `${base}/runs-in-flight`))).toEqual({ total: 2, versions: [{ version: 1, count: 2 }] });
    const other = expectOk(await partnerOwner.request<{ id: string }>('POST', `/api/v1/tenants/${server.tenants.partner}/workflows`, { name: 'Partner only' }), 201);
    expectError(await approver.request('GET', `/api/v1/tenants/${customer}/workflows/${other.id}/runs-in-flight`), 404, 'NOT_FOUND');
  });
});
