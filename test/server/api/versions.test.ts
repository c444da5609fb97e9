import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflow, expectError, expectOk, saveDraft, submitApproveActivate, waitForRun, type WorkflowDetail } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface Version {
  workflowId: string;
  version: number;
  status: 'pending' | 'approved' | 'rejected';
  note: string;
  authorId: string;
  decidedAt: string | null;
  active: boolean;
  reviews: { reviewerId: string; decision: string; comment: string }[];
}
interface Activation {
  version: number;
  previousVersion: number | null;
  reason: string;
  actorId: string;
}

/** v1: start → shape → notify, and start → notify. */
const first = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'shape', type: 'data.transform', config: { fields: { step: 'one' } } },
    { id: 'notify', type: 'data.transform', config: { fields: { notified: true } } },
  ],
  [
    ['start', 'out', 'shape'],
    ['shape', 'out', 'notify'],
    ['start', 'out', 'notify'],
  ],
  { name: 'Versioned' },
);
/** v2: `shape` reconfigured, `notify` replaced by `audit`, edge e2 rewired, e3 gone, e4 new. */
const secondGraph = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'shape', type: 'data.transform', config: { fields: { step: 'two' } } },
    { id: 'audit', type: 'data.transform', config: { fields: { audited: true } } },
  ],
  [
    ['start', 'out', 'shape'],
    ['shape', 'out', 'audit'],
    ['start', 'out', 'audit'],
  ],
  { name: 'Versioned' },
);
const second = { ...secondGraph, edges: secondGraph.edges.map((edge) => (edge.id === 'e3' ? { ...edge, id: 'e4' } : edge)) };

let server: ServerHarness;
let consultant: ApiClient;
let approver: ApiClient;
let customerOwner: ApiClient;
let operator: ApiClient;
let customer: string;
let workflowId: string;
let base: string;

beforeAll(async () => {
  server = await startServerHarness();
  customer = server.tenants.customer;
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  customerOwner = await server.signIn(DEMO.customerOwner);
  operator = await server.signIn(DEMO.operator);
  // The consultant also holds the approver role, so only separation of duties stops self-approval.
  const partnerOwner = await server.signIn(DEMO.partnerOwner);
  expectOk(await partnerOwner.request('PUT', `/api/v1/tenants/${server.tenants.partner}/members/${consultant.userId}`, { roles: ['designer', 'approver'] }));
  const dangling = { ...first, edges: [...first.edges, { id: 'e9', source: 'shape', sourcePort: 'out', target: 'ghost', targetPort: 'in' }] };
  workflowId = (await createWorkflow(consultant, customer, 'Versioned', dangling)).id;
  base = `/api/v1/tenants/${customer}/workflows/${workflowId}`;
});
afterAll(() => server.close());

const version = async (n: number) => expectOk(await consultant.request<Version>('GET', `${base}/versions/${n}`));

describe('submitting and reviewing', () => {
  it('refuses to submit an invalid draft with 422 and the problems', async () => {
    const error = expectError(await consultant.request('POST', `${base}/versions`, { note: 'broken' }), 422, 'UNPROCESSABLE');
    expect(error.message).toBe('the draft has 1 problem; fix them before submitting');
    expect(error.details.map((detail) => detail.path)).toEqual(['edges[3].target']);
    expect(error.details[0]?.message).toContain('"ghost"');
    expect(expectOk(await consultant.request<Version[]>('GET', `${base}/versions`))).toEqual([]);
  });

  it('submits a valid draft as version 1, pending', async () => {
    await saveDraft(consultant, customer, workflowId, first);
    const submitted = expectOk(await consultant.request<Version>('POST', `${base}/versions`, { note: 'first cut' }), 201);
    expect(submitted).toMatchObject({ workflowId, version: 1, status: 'pending', note: 'first cut', authorId: consultant.userId, active: false, reviews: [], decidedAt: null });
    const detail = expectOk(await consultant.request<Version & { definition: unknown }>('GET', `${base}/versions/1`));
    expect(detail.definition).toMatchObject({ nodes: first.nodes, edges: first.edges });
    const pending = expectOk(await consultant.request<{ id: string }[]>('GET', `/api/v1/tenants/${customer}/workflows?status=pending`));
    expect(pending.map((summary) => summary.id)).toEqual([workflowId]);
  });

  it('never lets the author approve or reject their own version, even holding the approver role', async () => {
    expect(expectOk(await consultant.request<{ roles: string[] }>('GET', `/api/v1/tenants/${customer}`)).roles).toEqual(['designer', 'approver']);
    const error = expectError(await consultant.request('POST', `${base}/versions/1/approve`, { comment: 'mine, fine' }), 403, 'SEPARATION_OF_DUTIES');
    expect(error.message).toContain('another approver');
    expectError(await consultant.request('POST', `${base}/versions/1/reject`, { comment: 'mine' }), 403, 'SEPARATION_OF_DUTIES');
    expect(await version(1)).toMatchObject({ status: 'pending', reviews: [] });
  });

  it('refuses reviews from roles without version.review', async () => {
    expect(expectError(await operator.request('POST', `${base}/versions/1/approve`, { comment: 'x' }), 403, 'FORBIDDEN').message).toBe('your role in this tenant (operator) does not allow you to approve or reject versions');
    expect((await version(1)).reviews).toEqual([]);
  });

  it('approves by another approver; a second review answers 409', async () => {
    const approved = expectOk(await approver.request<Version>('POST', `${base}/versions/1/approve`, { comment: 'looks good' }));
    expect(approved).toMatchObject({ status: 'approved', reviews: [{ reviewerId: approver.userId, decision: 'approve', comment: 'looks good' }] });
    expect(approved.decidedAt).not.toBeNull();
    expect(expectError(await approver.request('POST', `${base}/versions/1/approve`, { comment: 'again' }), 409, 'CONFLICT').message).toBe('version 1 is already approved');
    expectError(await customerOwner.request('POST', `${base}/versions/1/reject`, { comment: 'late' }), 409, 'CONFLICT');
    expect((await version(1)).reviews).toHaveLength(1);
  });

  it('answers 404 for a version that does not exist and 400 for one that is not a number', async () => {
    expectError(await approver.request('POST', `${base}/versions/99/approve`, { comment: 'x' }), 404, 'NOT_FOUND');
    expect(expectError(await approver.request('GET', `${base}/versions/latest`), 400, 'INVALID_REQUEST').details[0]?.path).toBe('params.version');
  });
});

describe('activation and rollback', () => {
  it('activates only approved versions', async () => {
    await saveDraft(consultant, customer, workflowId, second);
    expect(expectOk(await consultant.request<Version>('POST', `${base}/versions`, { note: 'second' }), 201).version).toBe(2);
    expect(expectError(await approver.request('POST', `${base}/activate`, { version: 2, reason: 'too early' }), 422, 'UNPROCESSABLE').message).toBe(
      'version 2 is pending; only approved versions can be activated',
    );
    expect(expectOk(await approver.request('POST', `${base}/activate`, { version: 1, reason: 'first go-live' }))).toEqual({ version: 1, previousVersion: null, rollback: false });
    expectError(await approver.request('POST', `${base}/activate`, { version: 1, reason: 'again' }), 409, 'CONFLICT');
    expectError(await operator.request('POST', `${base}/activate`, { version: 1, reason: 'operator' }), 403, 'FORBIDDEN');
    // The comment is optional: a review without any body is fine.
    expect(expectOk(await approver.request<Version>('POST', `${base}/versions/2/approve`)).status).toBe('approved');
    expect(expectOk(await approver.request('POST', `${base}/activate`, { version: 2, reason: 'second go-live' }))).toEqual({ version: 2, previousVersion: 1, rollback: false });
    expect(await version(2)).toMatchObject({ active: true });
    expect(await version(1)).toMatchObject({ active: false });
  });

  it('rolls back to an earlier approved version with a reason, recorded in the audit log', async () => {
    expect(expectError(await approver.request('POST', `${base}/activate`, { version: 1 }), 400, 'INVALID_REQUEST').details[0]?.path).toBe('body.reason');
    const reason = 'v2 sends duplicate invoices';
    expect(expectOk(await approver.request('POST', `${base}/activate`, { version: 1, reason }))).toEqual({ version: 1, previousVersion: 2, rollback: true });
    expect(expectOk(await consultant.request<WorkflowDetail>('GET', base)).activeVersion).toBe(1);

    const auditLog = expectOk(
      await customerOwner.request<{ items: { action: string; actorId: string; targetId: string; details: Record<string, unknown> }[] }>(
        'GET',
        `/api/v1/tenants/${customer}/audit?action=workflow.rollback&targetId=${workflowId}`,
      ),
    );
    expect(auditLog.items).toEqual([
      expect.objectContaining({ action: 'workflow.rollback', actorId: approver.userId, targetId: workflowId, details: { version: 1, previousVersion: 2, reason } }),
    ]);

    const history = expectOk(await consultant.request<Activation[]>('GET', `${base}/activations`));
    expect(history.map(({ version: v, previousVersion, reason: why, actorId }) => ({ v, previousVersion, why, actorId }))).toEqual([
      { v: 1, previousVersion: 2, why: reason, actorId: approver.userId },
      { v: 2, previousVersion: 1, why: 'second go-live', actorId: approver.userId },
      { v: 1, previousVersion: null, why: 'first go-live', actorId: approver.userId },
    ]);
  });

  it('rejects a version, which then cannot be activated or approved', async () => {
    expect(expectOk(await consultant.request<Version>('POST', `${base}/versions`, { note: 'third' }), 201).version).toBe(3);
    const rejected = expectOk(await approver.request<Version>('POST', `${base}/versions/3/reject`, { comment: 'missing the audit trail' }));
    expect(rejected).toMatchObject({ status: 'rejected', reviews: [{ decision: 'reject', comment: 'missing the audit trail' }] });
    expectError(await approver.request('POST', `${base}/activate`, { version: 3, reason: 'try anyway' }), 422, 'UNPROCESSABLE');
    expectError(await customerOwner.request('POST', `${base}/versions/3/approve`, { comment: 'overrule' }), 409, 'CONFLICT');
  });

  it('needs as many approvals as the tenant policy requires', async () => {
    expectOk(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/policy`, { requiredApprovals: 2, retentionDays: 30 }));
    try {
      expect(expectOk(await consultant.request<Version>('POST', `${base}/versions`, { note: 'fourth' }), 201).version).toBe(4);
      expect(expectOk(await approver.request<Version>('POST', `${base}/versions/4/approve`, { comment: 'one' }))).toMatchObject({ status: 'pending', decidedAt: null });
      expect(expectError(await approver.request('POST', `${base}/versions/4/approve`, { comment: 'one again' }), 409, 'CONFLICT').message).toBe(
        'you have already reviewed version 4',
      );
      expectError(await approver.request('POST', `${base}/activate`, { version: 4, reason: 'half approved' }), 422, 'UNPROCESSABLE');
      const approved = expectOk(await customerOwner.request<Version>('POST', `${base}/versions/4/approve`, { comment: 'two' }));
      expect(approved.status).toBe('approved');
      expect(approved.reviews.map((review) => review.reviewerId)).toEqual([approver.userId, customerOwner.userId]);
    } finally {
      expectOk(await customerOwner.request('PUT', `/api/v1/tenants/${customer}/policy`, { requiredApprovals: 1, retentionDays: 30 }));
    }
  });
});

describe('restore and compare', () => {
  it('restores a version into the draft as a new revision', async () => {
    const before = expectOk(await consultant.request<WorkflowDetail>('GET', base));
    expect(before.draft).toMatchObject({ nodes: second.nodes });
    const restored = expectOk(await consultant.request<{ revision: number; draft: Record<string, unknown> }>('POST', `${base}/versions/1/restore`));
    expect(restored.revision).toBe(before.revision + 1);
    expect(restored.draft).toMatchObject({ nodes: first.nodes, edges: first.edges });
    expect(expectOk(await consultant.request<WorkflowDetail>('GET', base))).toMatchObject({ revision: before.revision + 1, draft: restored.draft });
    expectError(await consultant.request('POST', `${base}/versions/42/restore`), 404, 'NOT_FOUND');
    expectError(await operator.request('POST', `${base}/versions/1/restore`), 403, 'FORBIDDEN');
  });

  it('compares two versions node by node and edge by edge, with both documents', async () => {
    const compared = expectOk(
      await operator.request<{ diff: Record<string, Record<string, unknown[]>>; a: Record<string, unknown>; b: Record<string, unknown> }>('GET', `${base}/versions/1/diff/2`),
    );
    expect(compared.diff.nodes).toEqual({
      added: [{ id: 'audit', type: 'data.transform', name: 'audit' }],
      removed: [{ id: 'notify', type: 'data.transform', name: 'notify' }],
      changed: [{ id: 'shape', name: 'shape', fields: ['config'], configKeys: ['fields'] }],
    });
    expect(compared.diff.edges).toEqual({
      added: [second.edges[2]],
      removed: [first.edges[2]],
      changed: [{ id: 'e2', before: first.edges[1], after: second.edges[1] }],
    });
    expect(compared.a).toMatchObject({ nodes: first.nodes, edges: first.edges });
    expect(compared.b).toMatchObject({ nodes: second.nodes, edges: second.edges });
    expectError(await operator.request('GET', `${base}/versions/1/diff/9`), 404, 'NOT_FOUND');
  });

  it("answers 404 for another tenant's workflow versions", async () => {
    const foreign = `/api/v1/tenants/${server.tenants.partner}/workflows/${workflowId}`;
    expectError(await consultant.request('GET', `${foreign}/versions`), 404, 'NOT_FOUND');
    expectError(await consultant.request('GET', `${foreign}/versions/1/diff/2`), 404, 'NOT_FOUND');
    expectError(await customerOwner.request('GET', `${foreign}/activations`), 404, 'NOT_FOUND');
  });
});

describe('runs in flight during a rollback', () => {
  it('finish on the version they started with', async () => {
    const straight = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'done', type: 'data.transform', config: { fields: { path: 'v1' } } },
      ],
      [['start', 'out', 'done']],
      { name: 'Pinned runs' },
    );
    const gated = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'gate', type: 'human.approval', config: { title: 'Check it', approverRoles: ['approver'] } },
        { id: 'done', type: 'data.transform', config: { fields: { path: 'v2-approved' } } },
      ],
      [
        ['start', 'out', 'gate'],
        ['gate', 'approved', 'done'],
      ],
      { name: 'Pinned runs' },
    );
    const id = (await createWorkflow(consultant, customer, 'Pinned runs', straight)).id;
    const runs = `/api/v1/tenants/${customer}/workflows/${id}/runs`;
    await submitApproveActivate(consultant, approver, customer, id);
    await saveDraft(consultant, customer, id, gated);
    expect(await submitApproveActivate(consultant, approver, customer, id)).toBe(2);

    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', runs, { input: { order: 'A-7' } }), 201);
    expect(await waitForRun(operator, customer, runId)).toMatchObject({ status: 'waiting', workflowVersion: 2 });

    expect(expectOk(await approver.request('POST', `/api/v1/tenants/${customer}/workflows/${id}/activate`, { version: 1, reason: 'gate too slow' }))).toMatchObject({
      rollback: true,
    });
    const { runId: afterRollback } = expectOk(await operator.request<{ runId: string }>('POST', runs, { input: {} }), 201);
    const newRun = await waitForRun(operator, customer, afterRollback);
    expect(newRun).toMatchObject({ status: 'succeeded', workflowVersion: 1 });
    expect(JSON.stringify(newRun.output)).toContain('"v1"');

    const inbox = expectOk(await approver.request<{ id: string; runId: string }[]>('GET', `/api/v1/tenants/${customer}/tasks?inbox=true`));
    const task = inbox.find((candidate) => candidate.runId === runId);
    if (!task) throw new Error(`no task for run ${runId} in ${JSON.stringify(inbox)}`);
    expectOk(await approver.request('POST', `/api/v1/tenants/${customer}/tasks/${task.id}/decide`, { decision: 'approve', comment: 'fine' }));
    const finished = await waitForRun(operator, customer, runId, ['succeeded', 'failed', 'cancelled']);
    expect(finished).toMatchObject({ status: 'succeeded', workflowVersion: 2 });
    expect(finished.steps.map((step) => [step.nodeId, step.status])).toEqual([
      ['start', 'succeeded'],
      ['gate', 'succeeded'],
      ['done', 'succeeded'],
    ]);
    expect(JSON.stringify(finished.output)).toContain('"v2-approved"');
  });
});
