import { describe, expect, it } from 'vitest';
import { describeRun, templateSuite } from './template-harness.js';

/**
 * Supplier acknowledgement chaser, cloned and run through the engine against the sandbox's SMTP sink
 * and Slack, with the engine's clock moved by hand: acknowledged in time (one mail), after the
 * reminder (two mails), or never (two mails, a Slack escalation and the buyer's decision).
 */
const SLUG = 'supplier-acknowledgement-chaser';
const KEY = 'po-ack:PO-1011';
const DAY = 86_400_000;
const harness = templateSuite();

const start = () => harness.run(SLUG, { input: harness.template(SLUG).samples['purchase-order'], credentials: { mail: 'SMTP (sandbox)' } });
const mails = () => harness.sandbox.sandbox.records.effects({ kind: 'mail' }).map((mail) => (mail.body as { subject: string }).subject);
const messages = () => harness.sandbox.sandbox.records.effects({ kind: 'message' });

describe('supplier acknowledgement chaser', () => {
  it('asks once and stops when the supplier acknowledges in time', async () => {
    const waiting = await start();
    expect(waiting.run.status, describeRun(waiting, 'waiting')).toBe('waiting');
    expect(mails()).toEqual(['Please acknowledge purchase order PO-1011']);
    expect(harness.sandbox.sandbox.records.effects({ kind: 'mail' })[0]?.body).toMatchObject({ from: 'purchasing@contoso.example', to: ['sales@litware.example'] });
    const done = await harness.signal(waiting.run.id, 'firstWait', KEY, { deliveryDate: '2025-03-25' });
    expect(done.run.status, describeRun(done, 'succeeded')).toBe('succeeded');
    expect(done.steps.get('acknowledged')?.output).toEqual({ poNumber: 'PO-1011', acknowledged: true, reminded: false, deliveryDate: '2025-03-25' });
    expect(messages()).toEqual([]);
  });

  it('reminds after two silent days and stops at the acknowledgement that follows', async () => {
    const waiting = await start();
    const reminded = await harness.passTime(waiting.run.id, 'firstWait', 2 * DAY);
    expect(reminded.run.status, describeRun(reminded, 'waiting')).toBe('waiting');
    expect(mails()).toEqual(['Please acknowledge purchase order PO-1011', 'Reminder: purchase order PO-1011 is not acknowledged']);
    const done = await harness.signal(waiting.run.id, 'secondWait', KEY, { deliveryDate: '2025-03-28' });
    expect(done.steps.get('acknowledgedLate')?.output).toEqual({ poNumber: 'PO-1011', acknowledged: true, reminded: true, deliveryDate: '2025-03-28' });
    expect(messages()).toEqual([]);
  });

  it('escalates to purchasing after the reminder goes unanswered, and records the buyer’s decision', async () => {
    const waiting = await start();
    await harness.passTime(waiting.run.id, 'firstWait', 2 * DAY);
    const escalated = await harness.passTime(waiting.run.id, 'secondWait', DAY);
    expect(escalated.run.status, describeRun(escalated, 'waiting')).toBe('waiting');
    expect(messages()).toHaveLength(1);
    expect(JSON.stringify(messages()[0]?.body)).toContain('Litware Janitorial Supply has not acknowledged purchase order PO-1011 after a reminder');
    expect(escalated.tasks.find((task) => task.status === 'open')?.title).toBe('Keep purchase order PO-1011 with Litware Janitorial Supply?');
    const decided = await harness.decide(waiting.run.id, 'reject', 'Order from Proseware instead');
    expect(decided.run.status, describeRun(decided, 'succeeded')).toBe('succeeded');
    expect(decided.steps.get('resource')?.output).toEqual({ poNumber: 'PO-1011', acknowledged: false, decision: 'source elsewhere' });
    expect(mails()).toHaveLength(2);
  });
});
