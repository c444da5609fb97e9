import { describe, expect, it } from 'vitest';
import { describeRun, templateSuite } from './template-harness.js';

/**
 * Customer service escalation, cloned and run through the engine against the sandbox's Shopify,
 * Teams and Slack: each case notes the order and reaches its owner's channel; an urgent one also
 * waits for the duty manager.
 */
const SLUG = 'service-escalation';
const harness = templateSuite();

const run = (sample: string) =>
  harness.run(SLUG, {
    input: harness.template(SLUG).samples[sample],
    credentials: { 'erp-chat': 'Teams Contoso Operations (sandbox)', 'agency-chat': 'Slack #purchasing (sandbox)', 'support-chat': 'Slack #ops-alerts (sandbox)' },
  });
const records = () => harness.sandbox.sandbox.records;
/** Where the chat messages went: system and webhook. */
const channels = () => records().effects({ kind: 'message' }).map((message) => `${message.system} ${message.path.split('/').at(-1) ?? ''}`);
const order = async (id: number) => (await harness.sandbox.shopify<{ order: { tags: string; note: string } }>('GET', `/orders/${id}.json`)).body.order;

describe('customer service escalation', () => {
  it('puts an urgent case of the ERP partner in its Teams channel and before the duty manager, and notes the order', async () => {
    const waiting = await run('urgent-erp-case');
    expect(waiting.run.status, describeRun(waiting, 'waiting')).toBe('waiting');
    expect(waiting.steps.get('classify')?.output).toMatchObject({ level: 'urgent', owner: 'erp-partner' });
    expect(channels()).toEqual(['teams contoso-operations']);
    expect(JSON.stringify(records().effects({ kind: 'message' })[0]?.body)).toContain('[urgent] Case CS-2291 (P1, gold customer): Invoice posted twice to the ERP');
    expect(await order(5_900_000_001_042)).toMatchObject({ tags: 'support-case, support-urgent', note: '[urgent] Case CS-2291 (P1, gold customer): Invoice posted twice to the ERP' });
    expect(records().effects({ system: 'shopify' })).toHaveLength(1);
    expect(waiting.tasks[0]?.title).toBe('Urgent case CS-2291: Invoice posted twice to the ERP');
    const taken = await harness.decide(waiting.run.id, 'approve');
    expect(taken.run.status, describeRun(taken, 'succeeded')).toBe('succeeded');
    expect(taken.steps.get('takenOver')?.output).toEqual({ caseId: 'CS-2291', handledBy: 'duty manager' });
  });

  it("routes a normal case to the agency's Slack channel without a task", async () => {
    const result = await run('agency-case');
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(result.steps.get('classify')?.output).toMatchObject({ level: 'normal' });
    expect(channels()).toEqual(['slack sandboxPurchasingToken02']);
    expect(result.tasks).toEqual([]);
    expect((await order(5_900_000_001_043)).tags).toBe('support-case, support-normal');
  });

  it('sends a case no partner owns to the default queue, saying so', async () => {
    const result = await run('unowned-case');
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(channels()).toEqual(['slack sandboxOpsAlertsToken01']);
    expect(JSON.stringify(records().effects({ kind: 'message' })[0]?.body)).toContain('No partner owns this case (owner: unknown). [low] Case CS-2293');
    expect(result.steps.get('duty')?.status).toBe('skipped');
  });
});
