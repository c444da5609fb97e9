import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteAndAccept, type Invitee } from '../../support/accounts.js';
import { activeWorkflow, expectError, expectOk, waitForRun } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { linkIn, tokenOf } from '../../support/mail-sink.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface Task {
  id: string;
  runId: string;
  title: string;
  status: string;
  policy: { roles: string[]; users: string[] };
  decisions: { actorId: string; actorName: string | null; actorEmail: string | null; decision: string }[];
}

let server: ServerHarness;
let customer: string;
let owner: ApiClient;
let consultant: ApiClient;
let approver: ApiClient;
/** Named on gates, by user id: an operator, so neither an approver role nor workflow.activate. */
let dana: Invitee;
/** Named on gates by an e-mail address typed in another case than the account's. */
let erin: Invitee;

beforeAll(async () => {
  server = await startServerHarness();
  customer = server.tenants.customer;
  owner = await server.signIn(DEMO.customerOwner);
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  dana = await inviteAndAccept(server, owner, customer, 'dana.named@contoso.example', ['operator'], 'Dana Named');
  erin = await inviteAndAccept(server, owner, customer, 'erin.named@contoso.example', ['viewer'], 'Erin Named');
});
afterAll(() => server.close());

const tasksPath = () => `/api/v1/tenants/${customer}/tasks`;

/** A workflow whose gate names its approvers only as people (no role), as an author types them. */
async function namedGate(title: string, approverUsers: string[]): Promise<string> {
  const definition = workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      { id: 'gate', type: 'human.approval', config: { title, approverRoles: [], approverUsers, requiredApprovals: 1 } },
    ],
    [['start', 'out', 'gate']],
    { name: title },
  );
  return activeWorkflow(consultant, approver, customer, title, definition);
}

async function openTask(by: ApiClient, workflowId: string): Promise<Task> {
  const { runId } = expectOk(await by.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`, { input: {} }), 201);
  expect((await waitForRun(by, customer, runId)).status).toBe('waiting');
  const task = expectOk(await by.request<Task[]>('GET', tasksPath())).find((candidate) => candidate.runId === runId);
  if (!task) throw new Error(`run ${runId} opened no task`);
  return task;
}

const inboxOf = async (client: ApiClient) => expectOk(await client.request<Task[]>('GET', `${tasksPath()}?inbox=true`)).map((task) => task.id);

describe('one identity for a person (issue 11)', () => {
  it('resolves the people a gate names — by user id, or by e-mail in any case — to user ids when the task opens', async () => {
    const workflowId = await namedGate('Named by id and by e-mail', [dana.userId, 'Erin.Named@Contoso.Example']);
    const since = server.mail.messages.length;
    const task = await openTask(owner, workflowId);
    expect(task.policy.users).toEqual([dana.userId, erin.userId]);

    // Both are mailed a link when it opens, and both see it in their inbox.
    for (const person of [dana, erin]) {
      await server.mail.waitFor((mail) => server.mail.messages.indexOf(mail) >= since && mail.to.includes(person.email) && mail.subject === `Approval needed: ${task.title}`);
      expect(await inboxOf(person.client)).toContain(task.id);
    }
    expect(await inboxOf(owner)).not.toContain(task.id);

    const decided = expectOk(await erin.client.request<Task>('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve', comment: 'named in capitals' }));
    expect(decided).toMatchObject({ status: 'approved', decisions: [{ actorId: erin.userId, actorName: 'Erin Named', actorEmail: erin.email, decision: 'approve' }] });
  });

  it('records who started a run by user id, and keeps them from deciding it whatever their e-mail', async () => {
    const workflowId = await namedGate('Started by a named approver', [dana.userId, erin.email]);
    const task = await openTask(dana.client, workflowId);
    const run = await waitForRun(dana.client, customer, task.runId);
    expect(run.initiatedBy).toBe(dana.userId);
    expect(await inboxOf(dana.client)).not.toContain(task.id);
    expect(expectError(await dana.client.request('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'approve' }), 403, 'NOT_ALLOWED').message).toBe(
      'the person who started the run may not decide its approval',
    );
    expect(expectOk(await erin.client.request<Task>('POST', `${tasksPath()}/${task.id}/decide`, { decision: 'reject' })).status).toBe('rejected');
  });

  it('lets whoever may decide a task send its decision links, without workflow.activate, and nobody else', async () => {
    const workflowId = await namedGate('Links from a named operator', [dana.userId, erin.userId]);
    const task = await openTask(owner, workflowId);
    const since = server.mail.messages.length;

    // Dana is an operator: no approver role, no workflow.activate, but named on the task.
    const sent = expectOk(await dana.client.request<{ sentTo: string; approverId: string }>('POST', `${tasksPath()}/${task.id}/links`, { approverId: erin.userId }), 201);
    expect(sent).toMatchObject({ sentTo: erin.email, approverId: erin.userId });
    // Filtered by title too: the previous test's task mails Erin as well, and may arrive late.
    const mail = await server.mail.waitFor((message) => server.mail.messages.indexOf(message) >= since && message.to.includes(erin.email) && message.subject.includes(task.title));
    const link = `/api/v1/decisions/${encodeURIComponent(tokenOf(linkIn(mail, '/decide/')))}`;
    expect(expectOk(await server.request<{ approver: string; approverId: string }>('GET', link))).toMatchObject({ approver: erin.email, approverId: erin.userId });

    // The customer's owner holds workflow.activate but may not decide this task: no links from them.
    expect(expectError(await owner.request('POST', `${tasksPath()}/${task.id}/links`, { approverId: erin.userId }), 403, 'FORBIDDEN').message).toBe(
      'only someone who may decide this task can send its decision links',
    );
    // The approver is named by id or e-mail, never both or neither; an unknown id is refused like anyone who may not decide.
    expectError(await dana.client.request('POST', `${tasksPath()}/${task.id}/links`, { approverId: erin.userId, approverEmail: erin.email }), 400, 'INVALID_REQUEST');
    expectError(await dana.client.request('POST', `${tasksPath()}/${task.id}/links`, {}), 400, 'INVALID_REQUEST');
    const unknown = expectError(await dana.client.request('POST', `${tasksPath()}/${task.id}/links`, { approverId: 'no-such-user' }), 422, 'UNPROCESSABLE');
    expect(unknown.details[0]?.path).toBe('body.approverId');
    expect(unknown.message).toBe('no-such-user may not decide this task: approvers are named on the task or hold one of its roles (none) in this tenant');

    expect(expectOk(await server.request<Task>('POST', link, { decision: 'approve' }))).toMatchObject({ status: 'approved', decisions: [{ actorId: erin.userId }] });
  });
});
