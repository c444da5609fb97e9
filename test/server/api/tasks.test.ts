import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeWorkflow, expectError, expectOk, waitForRun, type RunDetail } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface Task {
  id: string;
  runId: string;
  nodeId: string;
  status: string;
  title: string;
  fields: Record<string, unknown>;
  policy: { roles: string[]; requiredApprovals: number; allowInitiator: boolean };
  decisions: { actorId: string; decision: string; comment: string }[];
}
interface TaskDetail extends Task {
  run: { id: string; workflowId: string | null; workflowVersion: number | null; status: string; input: unknown; initiatedBy: string | null };
}

let server: ServerHarness;
let approver: ApiClient;
let operator: ApiClient;
let customerOwner: ApiClient;
let customer: string;
let orderWorkflow: string;

beforeAll(async () => {
  server = await startServerHarness();
  customer = server.tenants.customer;
  approver = await server.signIn(DEMO.approver);
  operator = await server.signIn(DEMO.operator);
  customerOwner = await server.signIn(DEMO.customerOwner);
  const workflows = expectOk(await operator.request<{ id: string; name: string; activeVersion: number }[]>('GET', `/api/v1/tenants/${customer}/workflows`));
  const demo = workflows.find((candidate) => candidate.name === 'Order exception routing');
  if (!demo) throw new Error('the demo workflow is missing');
  expect(demo.activeVersion).toBe(1);
  orderWorkflow = demo.id;
});
afterAll(() => server.close());

const tasksPath = () => `/api/v1/tenants/${customer}/tasks`;

/** Starts the demo workflow for a large order, so it waits at the approval gate; answers the run and its task. */
async function largeOrder(by: ApiClient, orderId: string): Promise<{ runId: string; task: Task }> {
  const input = { orderId, total: 900, customer: 'Contoso Distribution', reason: 'credit limit exceeded' };
  const { runId } = expectOk(await by.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${orderWorkflow}/runs`, { input }), 201);
  expect((await waitForRun(by, customer, runId)).status).toBe('waiting');
  const task = expectOk(await by.request<Task[]>('GET', `${tasksPath()}?status=open`)).find((candidate) => candidate.runId === runId);
  if (!task) throw new Error(`run ${runId} opened no task`);
  return { runId, task };
}

describe('inbox and task detail', () => {
  let runId: string;
  let task: Task;
  beforeAll(async () => {
    ({ runId, task } = await largeOrder(operator, 'A-1001'));
  });

  it("lists the task in the inbox of those who may decide it, and not in the operator's", async () => {
    const inboxOf = async (client: ApiClient) => expectOk(await client.request<Task[]>('GET', `${tasksPath()}?inbox=true`)).map((candidate) => candidate.id);
    expect(await inboxOf(approver)).toContain(task.id);
    expect(await inboxOf(customerOwner)).toContain(task.id);
    expect(await inboxOf(operator)).not.toContain(task.id);
    expect(expectOk(await operator.request<Task[]>('GET', tasksPath())).map((candidate) => candidate.id)).toContain(task.id);
    expectError(await operator.request('GET', `${tasksPath()}?inbox=yes`), 400, 'INVALID_REQUEST');
  });

  it("shows the task with the run's context", async () => {
    const detail = expectOk(await approver.request<TaskDetail>('GET', `${tasksPath()}/${task.id}`));
    expect(detail).toMatchObject({
      id: task.id,
      runId,
      nodeId: 'review',
      status: 'open',
      title: 'Release order A-1001 (900 EUR)',
      fields: { Order: 'A-1001', Customer: 'Contoso Distribution', Reason: 'credit limit exceeded' },
      policy: { roles: ['approver', 'owner'], requiredApprovals: 1, allowInitiator: false },
      decisions: [],
      run: {
        id: runId,
        workflowId: orderWorkflow,
        workflowVersion: 1,
        status: 'waiting',
        input: { orderId: 'A-1001', total: 900, customer: 'Contoso Distribution', reason: 'credit limit exceeded' },
        initiatedBy: DEMO.operator,
      },
    });
  });

  it('refuses an operator (403) and a malformed decision (400)', async () => {
    expect(expectError(await operator.request('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve' }), 403, 'NOT_ALLOWED').message).toContain('may not decide');
    expect(expectError(await approver.request('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'maybe' }), 400, 'INVALID_REQUEST').details[0]?.path).toBe('body.decision');
    expect(expectOk(await approver.request<Task>('GET', `${tasksPath()}/${task.id}`)).status).toBe('open');
  });

  it('continues the run on approval; a second decision answers 409', async () => {
    const decided = expectOk(await approver.request<Task>('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve', comment: 'credit checked' }));
    expect(decided).toMatchObject({ status: 'approved', decisions: [{ actorId: DEMO.approver, decision: 'approve', comment: 'credit checked' }] });
    const finished = await waitForRun(operator, customer, runId, ['succeeded', 'failed']);
    expect(finished.status).toBe('succeeded');
    expect(finished.steps.find((step) => step.nodeId === 'released')).toMatchObject({ status: 'succeeded', output: { orderId: 'A-1001', queue: 'released' } });
    expect(JSON.stringify(finished.output)).toContain('"queue":"released"');
    expect(expectError(await customerOwner.request('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'reject' }), 409, 'CLOSED').message).toContain('approved');
    expect(expectOk(await approver.request<Task[]>('GET', `${tasksPath()}?inbox=true`)).map((candidate) => candidate.id)).not.toContain(task.id);
  });
});

describe('separation of duties', () => {
  it('does not let the person who started a run approve it', async () => {
    const { runId, task } = await largeOrder(customerOwner, 'A-2002');
    // Their inbox does not offer what they may not decide.
    expect(expectOk(await customerOwner.request<Task[]>('GET', `${tasksPath()}?inbox=true`)).map((candidate) => candidate.id)).not.toContain(task.id);
    const error = expectError(await customerOwner.request('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve' }), 403, 'NOT_ALLOWED');
    expect(error.message).toBe('the person who started the run may not decide its approval');
    expect((await waitForRun(customerOwner, customer, runId)).status).toBe('waiting');
    expect(expectOk(await approver.request<Task>('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve' })).status).toBe('approved');
  });
});

describe('decision links', () => {
  it('lets the approver decide once through a link, without signing in', async () => {
    const { runId, task } = await largeOrder(operator, 'A-3003');
    expectError(await operator.request('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: DEMO.approver }), 403, 'FORBIDDEN');
    const link = expectOk(await customerOwner.request<{ url: string; token: string; expiresAt: string }>('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: DEMO.approver, expiresInMinutes: 60 }), 201);
    expect(link.url).toBe(`/api/v1/decisions/${link.token}`);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(59 * 60_000);

    const shown = expectOk(await server.request<{ approver: string; task: Task }>('GET', link.url));
    expect(shown).toMatchObject({ approver: DEMO.approver, task: { id: task.id, status: 'open', title: 'Release order A-3003 (900 EUR)' } });

    const decided = expectOk(await server.request<Task>('POST', link.url, { decision: 'reject', comment: 'customer on hold' }));
    expect(decided).toMatchObject({ status: 'rejected', decisions: [{ actorId: DEMO.approver, decision: 'reject', comment: 'customer on hold' }] });
    const finished = await waitForRun(operator, customer, runId, ['succeeded', 'failed']);
    expect(finished.steps.find((step) => step.nodeId === 'held')).toMatchObject({ status: 'succeeded', output: { orderId: 'A-3003', queue: 'held' } });

    expectError(await server.request('POST', link.url, { decision: 'approve' }), 409);
    expectError(await customerOwner.request('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: DEMO.approver }), 409, 'CONFLICT');
  });

  it('decides only once per link and approver, even while the task is still open (409)', async () => {
    const twoApprovals = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'gate', type: 'human.approval', config: { title: 'Two people', approverRoles: ['approver', 'owner'], requiredApprovals: 2 } },
      ],
      [['start', 'out', 'gate']],
      { name: 'Two approvals' },
    );
    const consultant = await server.signIn(DEMO.consultant);
    const id = await activeWorkflow(consultant, approver, customer, 'Two approvals', twoApprovals);
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${id}/runs`, { input: {} }), 201);
    await waitForRun(operator, customer, runId);
    const task = expectOk(await operator.request<Task[]>('GET', tasksPath())).find((candidate) => candidate.runId === runId);
    const link = expectOk(await customerOwner.request<{ url: string }>('POST', `${tasksPath()}/${task?.id ?? ''}/links`, { approverEmail: DEMO.approver }), 201);
    expect(expectOk(await server.request<Task>('POST', link.url, { decision: 'approve' })).status).toBe('open');
    expect(expectError(await server.request('POST', link.url, { decision: 'approve' }), 409, 'ALREADY_DECIDED').message).toContain(DEMO.approver);
    const second = expectOk(await customerOwner.request<{ url: string }>('POST', `${tasksPath()}/${task?.id ?? ''}/links`, { approverEmail: DEMO.approver }), 201);
    expectError(await server.request('POST', second.url, { decision: 'reject' }), 409, 'ALREADY_DECIDED');
    expect(expectOk(await approver.request<Task>('GET', `${tasksPath()}/${task?.id ?? ''}`))).toMatchObject({ status: 'open', decisions: [{ decision: 'approve' }] });
  });

  it('refuses a tampered link with 401 and an expired one with 410', async () => {
    const { task } = await largeOrder(operator, 'A-4004');
    const { token } = expectOk(await customerOwner.request<{ token: string }>('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: DEMO.approver }), 201);
    const [payload = '', signature = ''] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...claims, approverId: DEMO.customerOwner })).toString('base64url')}.${signature}`;
    const flipped = `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    for (const bad of [forged, flipped, 'not-a-token-at-all']) {
      expect(expectError(await server.request('GET', `/api/v1/decisions/${bad}`), 401, 'INVALID_LINK').message).toMatch(/decision link is (not valid|malformed)/);
      expectError(await server.request('POST', `/api/v1/decisions/${bad}`, { decision: 'approve' }), 401, 'INVALID_LINK');
    }

    const expired = await server.app.engine.decisionLink(task.id, DEMO.approver, -60_000);
    expect(expectError(await server.request('GET', `/api/v1/decisions/${expired}`), 410, 'LINK_EXPIRED').message).toBe('the decision link has expired');
    expectError(await server.request('POST', `/api/v1/decisions/${expired}`, { decision: 'approve' }), 410, 'LINK_EXPIRED');
    expect(expectOk(await approver.request<Task>('GET', `${tasksPath()}/${task.id}`))).toMatchObject({ status: 'open', decisions: [] });
  });

  it('refuses a link for someone without access to the tenant (403)', async () => {
    const { task } = await largeOrder(operator, 'A-5005');
    const { url } = expectOk(await customerOwner.request<{ url: string }>('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: 'stranger@elsewhere.example' }), 201);
    expectError(await server.request('POST', url, { decision: 'approve' }), 403, 'FORBIDDEN');
    expect(expectOk(await approver.request<Task>('GET', `${tasksPath()}/${task.id}`)).status).toBe('open');
  });
});

describe('tasks of other tenants', () => {
  it('answer 404', async () => {
    const { task } = await largeOrder(operator, 'A-6006');
    const partner = server.tenants.partner;
    expectError(await approver.request('GET', `/api/v1/tenants/${partner}/tasks/${task.id}`), 404, 'NOT_FOUND');
    expectError(await approver.request('POST', `/api/v1/tenants/${partner}/tasks/${task.id}/decide`, { decision: 'approve' }), 404, 'NOT_FOUND');
    expectError(await operator.request('GET', `/api/v1/tenants/${partner}/tasks`), 404, 'NOT_FOUND');
    expect(expectOk(await approver.request<Task[]>('GET', `/api/v1/tenants/${partner}/tasks`)).map((candidate) => candidate.id)).not.toContain(task.id);
    const run: RunDetail = await waitForRun(operator, customer, task.runId);
    expect(run.status).toBe('waiting');
  });
});
