import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextMailTo } from '../../support/accounts.js';
import { createWorkflow, expectOk } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ServerHarness } from '../../support/server-harness.js';

/** A submitted version is mailed to those who may sign it off, through a real SMTP server on loopback. */
let server: ServerHarness;

beforeAll(async () => {
  server = await startServerHarness();
});
afterAll(() => server.close());

describe('sign-off requests by mail', () => {
  it('mails the approvers of the workspace and of its partner, under the partner’s brand, never the submitter', async () => {
    const consultant = await server.signIn(DEMO.consultant);
    const customer = server.tenants.customer;
    const created = await createWorkflow(consultant, customer, 'Returns to refund', workflow([{ id: 'start', type: 'trigger.manual' }, { id: 'shape', type: 'data.transform', config: { fields: { ok: true } } }], [['start', 'out', 'shape']]));
    const since = server.mail.messages.length;
    expectOk(await consultant.request('POST', `/api/v1/tenants/${customer}/workflows/${created.id}/versions`, { note: 'Refunds above 500 need a second look' }), 201);

    const mail = await nextMailTo(server, DEMO.approver, since, /^Sign-off needed: Returns to refund, version 1$/);
    expect(mail.text).toContain('submitted version 1 of "Returns to refund" in Contoso Distribution for sign-off');
    expect(mail.text).toContain('Their note: Refunds above 500 need a second look');
    expect(mail.text).toContain(`${server.url}/t/${customer}/approvals`);
    expect(mail.text).toContain('Northwind Flow');
    // Owners may sign off too; the submitter, whose own version it is, is not told; nor is an operator.
    await nextMailTo(server, DEMO.customerOwner, since, /^Sign-off needed/);
    const recipients = server.mail.messages.slice(since).filter((message) => message.subject.startsWith('Sign-off needed')).flatMap((message) => message.to);
    expect(recipients).not.toContain(DEMO.consultant);
    expect(recipients).not.toContain(DEMO.operator);
    expect(new Set(recipients).size).toBe(recipients.length);
  });
});
