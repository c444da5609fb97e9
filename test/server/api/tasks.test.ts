import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteAndAccept } from '../../support/accounts.js';
import { activeWorkflow, expectError, expectOk, waitForRun, type RunDetail } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { linkIn, tokenOf, type ReceivedMail } from '../../support/mail-sink.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface Task {
  id: string;
  runId: string;
  nodeId: string;
  status: string;
  title: string;
  fields: Record<string, unknown>;
  policy: { roles: string[]; requiredApprovals: number; allowInitiator: boolean };
  decisions: { actorId: string; actorName: string | null; actorEmail: string | null; decision: string; comment: string }[];
}
interface TaskDetail extends Task {
  run: { id: string; workflowId: string | null; workflowVersion: number | null; status: string; input: unknown; initiatedBy: string | null; initiatedByName: string | null };
}

let server: ServerHarness;
let approver: ApiClient;
let operator: ApiClient;
let customerOwner: ApiClient;
let customer: string;
let orderWorkflow: string;

/** The user id of a demo account: people are identified by id, e-mails are only shown. */
async function idOf(email: string): Promise<string> {
  const user = await server.app.sessions.userByEmail(email);
  if (!user) throw new Error(`no account ${email}`);
  return user.id;
}

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
        initiatedBy: await idOf(DEMO.operator),
        initiatedByName: 'Omar Operator',
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
    expect(decided).toMatchObject({
      status: 'approved',
      decisions: [{ actorId: await idOf(DEMO.approver), actorName: 'Alex Approver', actorEmail: DEMO.approver, decision: 'approve', comment: 'credit checked' }],
    });
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
    // The initiator's inbox does not offer what they may not decide.
    expect(expectOk(await customerOwner.request<Task[]>('GET', `${tasksPath()}?inbox=true`)).map((candidate) => candidate.id)).not.toContain(task.id);
    const error = expectError(await customerOwner.request('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve' }), 403, 'NOT_ALLOWED');
    expect(error.message).toBe('the person who started the run may not decide its approval');
    expect((await waitForRun(customerOwner, customer, runId)).status).toBe('waiting');
    expect(expectOk(await approver.request<Task>('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve' })).status).toBe('approved');
  });
});

/** Whether a message is a decision link for the task titled `title` (tasks of earlier tests may still be mailing). */
function isLinkFor(mail: ReceivedMail, title: string): boolean {
  return mail.subject === `Approval needed: ${title}`;
}

/** The API path (as its page calls it) of a decision link in a message. */
function decisionPath(mail: ReceivedMail): string {
  return `/api/v1/decisions/${encodeURIComponent(tokenOf(linkIn(mail, '/decide/')))}`;
}

/** The decision link for the task titled `title` mailed to `email` after the sink held `since` messages. */
async function mailedLink(email: string, title: string, since: number): Promise<string> {
  return decisionPath(await server.mail.waitFor((mail) => server.mail.messages.indexOf(mail) >= since && mail.to.includes(email) && isLinkFor(mail, title)));
}

/** Waits until the links mailed when the task titled `title` opened reached `emails`; answers the sink's count after them. */
async function openedMails(emails: readonly string[], title: string, since: number): Promise<number> {
  for (const email of emails) await mailedLink(email, title, since);
  return server.mail.messages.length;
}

/** A workflow whose approval needs two approvers (approver or owner role). */
async function twoApprovalsWorkflow(name: string, approverUsers: string[] = []): Promise<string> {
  const definition = workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      { id: 'gate', type: 'human.approval', config: { title: name, approverRoles: ['approver', 'owner'], approverUsers, requiredApprovals: 2 } },
    ],
    [['start', 'out', 'gate']],
    { name },
  );
  const consultant = await server.signIn(DEMO.consultant);
  return activeWorkflow(consultant, approver, customer, name, definition);
}

async function startAndWait(by: ApiClient, workflowId: string): Promise<Task> {
  const { runId } = expectOk(await by.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`, { input: {} }), 201);
  expect((await waitForRun(by, customer, runId)).status).toBe('waiting');
  const task = expectOk(await by.request<Task[]>('GET', tasksPath())).find((candidate) => candidate.runId === runId);
  if (!task) throw new Error(`run ${runId} opened no task`);
  return task;
}

describe('decision links', () => {
  it('are mailed to the approver, never answered: the link decides once, as its approver', async () => {
    const since = server.mail.messages.length;
    const { runId, task } = await largeOrder(operator, 'A-3003');
    const after = await openedMails([DEMO.approver, DEMO.customerOwner, DEMO.partnerOwner], task.title, since);
    expectError(await operator.request('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: DEMO.approver }), 403, 'FORBIDDEN');
    const response = await customerOwner.request<{ sentTo: string; expiresAt: string }>('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: DEMO.approver, expiresInMinutes: 60 });
    const sent = expectOk(response, 201);
    expect(Object.keys(sent).sort()).toEqual(['approverId', 'expiresAt', 'sentTo']);
    expect(sent).toMatchObject({ sentTo: DEMO.approver, approverId: await idOf(DEMO.approver) });
    expect(Date.parse(sent.expiresAt) - Date.now()).toBeGreaterThan(59 * 60_000);
    const url = await mailedLink(DEMO.approver, task.title, after);
    expect(response.text).not.toContain(url.split('/').pop() ?? '');

    const shown = expectOk(await server.request<{ approver: string; tenant: { name: string }; branding: { productName: string }; task: Task }>('GET', url));
    expect(shown).toMatchObject({ approver: DEMO.approver, approverId: await idOf(DEMO.approver), tenant: { name: 'Contoso Distribution' }, branding: { productName: 'Northwind Flow' }, task: { id: task.id, status: 'open', title: 'Release order A-3003 (900 EUR)' } });

    const decided = expectOk(await server.request<Task>('POST', url, { decision: 'reject', comment: 'customer on hold' }));
    expect(decided).toMatchObject({ status: 'rejected', decisions: [{ actorId: await idOf(DEMO.approver), decision: 'reject', comment: 'customer on hold' }] });
    const finished = await waitForRun(operator, customer, runId, ['succeeded', 'failed']);
    expect(finished.steps.find((step) => step.nodeId === 'held')).toMatchObject({ status: 'succeeded', output: { orderId: 'A-3003', queue: 'held' } });

    expectError(await server.request('POST', url, { decision: 'approve' }), 409);
    expectError(await customerOwner.request('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: DEMO.approver }), 409, 'CONFLICT');
  });

  it("give the run's initiator no way around separation of duties or N-of-M (issue 9, defect 2)", async () => {
    const workflowId = await twoApprovalsWorkflow('Two approvers for the initiator test');
    const initiator = customerOwner;
    const since = server.mail.messages.length;
    const task = await startAndWait(initiator, workflowId);

    // The initiator may not decide, so may not send the task's links either (issue 11: the right to decide, not workflow.activate).
    for (const approverEmail of [DEMO.approver, DEMO.partnerOwner]) {
      const refused = expectError(await initiator.request('POST', `${tasksPath()}/${task.id}/links`, { approverEmail }), 403, 'FORBIDDEN');
      expect(refused.message).toBe('only someone who may decide this task can send its decision links');
    }
    // An approver asks for a fresh link for the partner's owner: the answer carries no link.
    const response = await approver.request<{ sentTo: string; expiresAt: string }>('POST', `${tasksPath()}/${task.id}/links`, { approverId: await idOf(DEMO.partnerOwner) });
    expect(response.text).not.toMatch(/token|decisions\/|decide\//);
    expect(expectOk(response, 201)).toMatchObject({ sentTo: DEMO.partnerOwner, approverId: await idOf(DEMO.partnerOwner) });
    // The approver received one link when the task opened, the partner's owner two; the initiator none.
    const linksTo = async (email: string, count: number) => {
      const mine = () => server.mail.messages.slice(since).filter((mail) => mail.to.includes(email) && isLinkFor(mail, task.title));
      await server.mail.waitFor(() => mine().length >= count);
      return mine().map(decisionPath);
    };
    const approverLinks = await linksTo(DEMO.approver, 1);
    const ownerLinks = await linksTo(DEMO.partnerOwner, 2);
    expect([approverLinks.length, ownerLinks.length]).toEqual([1, 2]);
    expect(server.mail.messages.slice(since).some((mail) => mail.to.includes(DEMO.customerOwner) && isLinkFor(mail, task.title))).toBe(false);

    // The initiator can neither decide nor be sent a link.
    expect(expectError(await initiator.request('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve' }), 403, 'NOT_ALLOWED').message).toBe(
      'the person who started the run may not decide its approval',
    );
    const own = expectError(await approver.request('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: DEMO.customerOwner }), 422, 'UNPROCESSABLE');
    expect(own.message).toBe(`${DEMO.customerOwner} started the run and may not decide its approval`);
    expect(own.details[0]?.path).toBe('body.approverEmail');

    // Each approver decides with their own link, as themself: two people, two approvals; a person's second link decides nothing more.
    expect(expectOk(await server.request<Task>('POST', ownerLinks[1] ?? '', { decision: 'approve' }))).toMatchObject({ status: 'open', decisions: [{ actorId: await idOf(DEMO.partnerOwner) }] });
    expectError(await server.request('POST', ownerLinks[0] ?? '', { decision: 'approve' }), 409, 'ALREADY_DECIDED');
    expect(expectOk(await server.request<Task>('POST', approverLinks[0] ?? '', { decision: 'approve' }))).toMatchObject({
      status: 'approved',
      decisions: [{ actorId: await idOf(DEMO.partnerOwner) }, { actorId: await idOf(DEMO.approver) }],
    });

    const audit = expectOk(await customerOwner.request<{ items: { action: string; actorId: string; targetId: string; details: Record<string, unknown> }[] }>('GET', `/api/v1/tenants/${customer}/audit?targetId=${task.id}`));
    expect(audit.items.filter((entry) => entry.action === 'task.approve').map((entry) => entry.actorId)).toEqual([await idOf(DEMO.partnerOwner), await idOf(DEMO.approver)]);
    expect(audit.items.filter((entry) => entry.action === 'task.link.create').map((entry) => [entry.actorId, entry.details.approver])).toEqual([
      [await idOf(DEMO.approver), await idOf(DEMO.partnerOwner)],
    ]);
  });

  it('are refused (422) for people who may not decide the task, alike whether or not they have an account', async () => {
    const { task } = await largeOrder(operator, 'A-3113');
    const noRole = expectError(await customerOwner.request('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: DEMO.operator }), 422, 'UNPROCESSABLE');
    expect(noRole.message).toBe(`${DEMO.operator} may not decide this task: approvers are named on the task or hold one of its roles (approver, owner) in this tenant`);
    const stranger = expectError(await customerOwner.request('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: 'stranger@elsewhere.example' }), 422, 'UNPROCESSABLE');
    expect(stranger.message).toBe(noRole.message.replace(DEMO.operator, 'stranger@elsewhere.example'));
    const designer = expectError(await customerOwner.request('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: DEMO.consultant }), 422, 'UNPROCESSABLE');
    expect(designer.message).toContain('may not decide this task');
  });

  it('are mailed when a task opens to its named approvers and the holders of its roles, partner staff included', async () => {
    const workflowId = await twoApprovalsWorkflow('Named and role approvers', [DEMO.consultant]);
    const since = server.mail.messages.length;
    const task = await startAndWait(operator, workflowId);
    await openedMails([DEMO.approver, DEMO.customerOwner, DEMO.partnerOwner, DEMO.consultant], task.title, since);
    const recipients = server.mail.messages.slice(since).filter((mail) => isLinkFor(mail, task.title)).flatMap((mail) => mail.to);
    expect(recipients.sort()).toEqual([DEMO.partnerOwner, DEMO.approver, DEMO.consultant, DEMO.customerOwner].sort());
    expect(server.logs.some((line) => line.includes('decision links mailed for a new task'))).toBe(true);
  });

  it('decide only once per link and approver, even while the task is still open (409)', async () => {
    const workflowId = await twoApprovalsWorkflow('Two approvals');
    const since = server.mail.messages.length;
    const task = await startAndWait(operator, workflowId);
    const after = await openedMails([DEMO.approver], task.title, since);
    const first = await mailedLink(DEMO.approver, task.title, since);
    expect(expectOk(await server.request<Task>('POST', first, { decision: 'approve' })).status).toBe('open');
    expect(expectError(await server.request('POST', first, { decision: 'approve' }), 409, 'ALREADY_DECIDED').message).toBe('you have already decided this task; each person decides once');
    // Someone who has decided gets no further link.
    expect(expectError(await customerOwner.request('POST', `${tasksPath()}/${task.id}/links`, { approverEmail: DEMO.approver }), 422).message).toBe(`${DEMO.approver} has already decided this task`);
    expect(server.mail.messages.slice(after).some((mail) => mail.to.includes(DEMO.approver) && isLinkFor(mail, task.title))).toBe(false);
    expect(expectOk(await approver.request<Task>('GET', `${tasksPath()}/${task.id}`))).toMatchObject({ status: 'open', decisions: [{ decision: 'approve' }] });
  });

  it('refuses a tampered link with 401 and an expired one with 410', async () => {
    const { task } = await largeOrder(operator, 'A-4004');
    const token = await server.app.engine.decisionLink(task.id, await idOf(DEMO.approver), 60_000);
    const [payload = '', signature = ''] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...claims, approverId: await idOf(DEMO.customerOwner) })).toString('base64url')}.${signature}`;
    const flipped = `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    for (const bad of [forged, flipped, 'not-a-token-at-all']) {
      expect(expectError(await server.request('GET', `/api/v1/decisions/${bad}`), 401, 'INVALID_LINK').message).toMatch(/decision link is (not valid|malformed)/);
      expectError(await server.request('POST', `/api/v1/decisions/${bad}`, { decision: 'approve' }), 401, 'INVALID_LINK');
    }

    const expired = await server.app.engine.decisionLink(task.id, await idOf(DEMO.approver), -60_000);
    expect(expectError(await server.request('GET', `/api/v1/decisions/${expired}`), 410, 'LINK_EXPIRED').message).toBe('the decision link has expired');
    expectError(await server.request('POST', `/api/v1/decisions/${expired}`, { decision: 'approve' }), 410, 'LINK_EXPIRED');
    expect(expectOk(await approver.request<Task>('GET', `${tasksPath()}/${task.id}`))).toMatchObject({ status: 'open', decisions: [] });
  });

  it('stop working for an approver who lost access to the tenant (403)', async () => {
    const member = await inviteAndAccept(server, customerOwner, customer, 'leaving.approver@contoso.example', ['approver']);
    const since = server.mail.messages.length;
    const { task } = await largeOrder(operator, 'A-5005');
    const url = await mailedLink(member.email, task.title, since);
    expectOk(await customerOwner.request('DELETE', `/api/v1/tenants/${customer}/members/${member.userId}`));
    expectError(await server.request('GET', url), 403, 'FORBIDDEN');
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
