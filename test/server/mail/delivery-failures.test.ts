import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectOk, waitForRun } from '../../support/api-helpers.js';
import { DEMO, startServerHarness, type ServerHarness } from '../../support/server-harness.js';

let server: ServerHarness;
beforeAll(async () => {
  // Nothing listens on the discard port: every send fails at once.
  server = await startServerHarness({ config: { smtpUrl: 'smtp://127.0.0.1:9' } });
});
afterAll(() => server.close());

describe('when the mail server is down', () => {
  it('keeps an invitation (delivery "failed", to re-send later) and answers 502 for a decision link, logging why without a link', async () => {
    const owner = await server.signIn(DEMO.customerOwner);
    const customer = server.tenants.customer;
    const invited = expectOk(await owner.request<{ invitation: { id: string; status: string }; delivery: string }>('POST', `/api/v1/tenants/${customer}/members`, { email: 'unlucky@contoso.example', roles: ['viewer'] }), 201);
    expect(invited.delivery).toBe('failed');
    expect(expectOk(await owner.request<{ id: string }[]>('GET', `/api/v1/tenants/${customer}/invitations`)).map((invitation) => invitation.id)).toContain(invited.invitation.id);
    expect(expectOk(await owner.request<{ delivery: string }>('POST', `/api/v1/tenants/${customer}/invitations/${invited.invitation.id}/resend`)).delivery).toBe('failed');

    const operator = await server.signIn(DEMO.operator);
    const workflows = expectOk(await operator.request<{ id: string; name: string }[]>('GET', `/api/v1/tenants/${customer}/workflows`));
    const orders = workflows.find((candidate) => candidate.name === 'Order exception routing')?.id ?? '';
    const { runId } = expectOk(
      await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${orders}/runs`, { input: { orderId: 'F-1', total: 900, customer: 'C', reason: 'r' } }),
      201,
    );
    expect((await waitForRun(operator, customer, runId)).status).toBe('waiting');
    const task = expectOk(await operator.request<{ id: string; runId: string }[]>('GET', `/api/v1/tenants/${customer}/tasks`)).find((candidate) => candidate.runId === runId);
    const refused = expectError(await owner.request('POST', `/api/v1/tenants/${customer}/tasks/${task?.id ?? ''}/links`, { approverEmail: DEMO.approver }), 502, 'MAIL_FAILED');
    expect(refused.message).toBe('the decision link could not be mailed; try again once mail works');

    const errors = server.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50).map((line) => JSON.parse(line) as { msg: string });
    expect(errors.map((line) => line.msg)).toEqual(expect.arrayContaining(['the invitation mail could not be sent', 'a decision link could not be mailed']));
    expect(server.logs.join('\n')).not.toMatch(/fgi_|\/decide\//);
  });
});
