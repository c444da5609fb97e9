import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextMailTo } from '../../support/accounts.js';
import { activeWorkflow, expectOk, waitForRun } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ServerHarness } from '../../support/server-harness.js';

/** An approval task that escalates at its due time is mailed again as overdue, through a real SMTP server on loopback. */
let server: ServerHarness;

beforeAll(async () => {
  server = await startServerHarness();
});
afterAll(() => server.close());

describe('overdue approvals by mail', () => {
  it('mails the approvers who may still decide an escalated task, with a fresh link, saying it is overdue', async () => {
    const customer = server.tenants.customer;
    const consultant = await server.signIn(DEMO.consultant);
    const approver = await server.signIn(DEMO.approver);
    const operator = await server.signIn(DEMO.operator);
    const gate = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'approve', type: 'human.approval', config: { title: 'Refund 900 EUR to order SO-77', approverRoles: ['approver'], dueInMinutes: 60, onDue: 'escalate' } },
      ],
      [['start', 'out', 'approve']],
    );
    const workflowId = await activeWorkflow(consultant, approver, customer, 'Refund approval', gate);
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`, { input: {} }), 201);
    await waitForRun(operator, customer, runId, ['waiting']);
    await nextMailTo(server, DEMO.approver, 0, /^Approval needed: Refund 900 EUR/);

    // The hour passes: the task's due timer comes due and it escalates.
    const since = server.mail.messages.length;
    await server.app.sql.run("UPDATE timers SET due_at = 0 WHERE kind = 'approval-due'");
    await server.app.engine.runDueTimers();
    const overdue = await nextMailTo(server, DEMO.approver, since, /^Overdue approval: Refund 900 EUR to order SO-77$/);
    expect(overdue.text).toMatch(/is overdue \(it was due \d{4}-\d\d-\d\d \d\d:\d\d UTC\) and still waits for a decision/);
    expect(overdue.text).toContain(`${server.url}/decide/`);
    expect(overdue.text).toContain('Northwind Flow');
    // The operator, who started the run and holds no approver role, is not asked.
    expect(server.mail.messages.slice(since).some((message) => message.to.includes(DEMO.operator))).toBe(false);
  });
});
