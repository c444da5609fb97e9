import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeRun, templateHarness, type TemplateHarness } from './template-harness.js';

/**
 * Order validation and exception routing, cloned and run through the engine against the sandbox's
 * Shopify, Teams and Slack with the seeded exception orders: a valid order is tagged validated;
 * each exception is tagged with its class and posted to the partner that owns it; a high-value one
 * also waits for a reviewer.
 */
const SLUG = 'order-validation-routing';
let harness: TemplateHarness;
beforeAll(async () => {
  harness = await templateHarness();
});
afterAll(() => harness.close());
beforeEach(() => harness.sandbox.sandbox.reset());

const sample = (name: string) => harness.template(SLUG).samples[name];
const run = (name: string, params?: Record<string, unknown>) =>
  harness.run(SLUG, {
    input: sample(name),
    credentials: { teams: 'Teams Contoso Operations (sandbox)', slack: 'Slack #ops-alerts (sandbox)' },
    ...(params ? { params } : {}),
  });
const records = () => harness.sandbox.sandbox.records;
/** The chat messages the sandbox received: system, webhook and the text. */
const messages = () =>
  records()
    .effects({ kind: 'message' })
    .map((message) => `${message.system} ${message.path.split('/').at(-1) ?? ''}: ${JSON.stringify(message.body)}`);
const tags = async (id: number) => (await harness.sandbox.shopify<{ order: { tags: string } }>('GET', `/orders/${id}.json`)).body.order.tags;

describe('order validation and exception routing', () => {
  it('tags a valid order validated and tells nobody', async () => {
    expect(sample('valid-order')).toEqual({ id: 5_900_000_001_054, name: '#1054' });
    const result = await run('valid-order');
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(result.steps.get('validate')?.output).toEqual({
      total: 204.98,
      fraudScore: '18',
      fraudRisk: false,
      partlyPaid: false,
      overCredit: false,
      paymentPending: false,
      badAddress: false,
      outOfStock: false,
    });
    expect(await tags(5_900_000_001_054)).toBe('validated');
    expect(records().effects({ system: 'shopify' })).toHaveLength(1);
    expect(messages()).toEqual([]);
    expect(result.steps.get('exception')?.status).toBe('skipped');
    expect(result.tasks).toEqual([]);
  });

  it("routes a partly paid order to the finance partner's Teams channel with its class tag", async () => {
    const result = await run('partly-paid');
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(result.steps.get('exception')?.output).toMatchObject({ class: 'payment-mismatch', queue: 'finance', highValue: false });
    expect(await tags(5_900_000_001_042)).toBe('wholesale, exception-payment-mismatch');
    expect(messages()).toHaveLength(1);
    expect(messages()[0]).toMatch(/^teams contoso-operations: .*Order exception: payment-mismatch.*\[payment-mismatch\] Order #1042 \(64\.34 USD, daniel\.okafor@example\.com\): partly paid: 11\.58 USD of 64\.34 outstanding/);
    expect(result.tasks).toEqual([]);
  });

  it('routes an order the fraud screening would cancel to the finance partner', async () => {
    const result = await run('fraud-risk');
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(await tags(5_900_000_001_052)).toBe('exception-fraud-risk');
    expect(messages()[0]).toContain('[fraud-risk] Order #1052 (75.14 USD, ravi287@mailinator.example): the fraud screening recommends cancelling (score 92)');
  });

  it('calls an unpaid bank-transfer order payment-pending below the credit limit and credit-limit above it', async () => {
    const pending = await run('pending-payment');
    expect(pending.run.status, describeRun(pending, 'succeeded')).toBe('succeeded');
    expect(await tags(5_900_000_001_060)).toBe('repeat-customer, bank-transfer, exception-payment-pending');
    harness.sandbox.sandbox.reset();
    const over = await run('pending-payment', { creditLimit: 200 });
    expect(over.steps.get('exception')?.output).toMatchObject({ class: 'credit-limit', reason: 'unpaid 220.27 USD on payment terms is above the credit limit of 200' });
    expect(await tags(5_900_000_001_060)).toBe('repeat-customer, bank-transfer, exception-credit-limit');
    expect(messages()).toHaveLength(1);
    expect(messages()[0]).toMatch(/^teams contoso-operations: /);
  });

  it("routes an undeliverable address to the fulfilment partner's Slack channel, or to finance when the clone says so", async () => {
    const result = await run('invalid-address');
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(await tags(5_900_000_001_044)).toBe('vip, exception-invalid-address');
    expect(messages()).toEqual([
      'slack sandboxOpsAlertsToken01: {"text":"[invalid-address] Order #1044 (89.45 USD, ethan.reyes@example.com): the shipping address cannot be delivered: \\"250 Brickell Avenue\\", Miam 3313"}',
    ]);
    harness.sandbox.sandbox.reset();
    await run('invalid-address', { addressOwner: 'finance' });
    expect(messages()[0]).toMatch(/^teams contoso-operations: .*\[invalid-address\] Order #1044/);
  });

  it('holds a high-value out-of-stock order for a reviewer, who releases it', async () => {
    const waiting = await run('large-out-of-stock');
    expect(waiting.run.status, describeRun(waiting, 'waiting')).toBe('waiting');
    expect(waiting.steps.get('exception')?.output).toMatchObject({ class: 'out-of-stock', queue: 'fulfilment', highValue: true, reason: 'out of stock: PK-1003 is out of stock at every location' });
    expect(await tags(5_900_000_001_055)).toBe('repeat-customer, vip, exception-out-of-stock');
    expect(messages()[0]).toMatch(/^slack sandboxOpsAlertsToken01: .*\[out-of-stock\] Order #1055 \(425\.25 USD/);
    expect(waiting.tasks.map((task) => task.title)).toEqual(['Release order #1055 (425.25 USD, out-of-stock)?']);
    const released = await harness.decide(waiting.run.id, 'approve', 'Customer takes a partial delivery');
    expect(released.run.status, describeRun(released, 'succeeded')).toBe('succeeded');
    expect(await tags(5_900_000_001_055)).toBe('repeat-customer, vip, exception-out-of-stock, released');
    expect(records().effects({ system: 'shopify' })).toHaveLength(2);
  });

  it('keeps a rejected high-value order on hold in the partner queue, and reviews nothing below a raised threshold', async () => {
    const held = await harness.decide((await run('large-out-of-stock')).run.id, 'reject', 'Wait for the stock');
    expect(held.steps.get('held')?.output).toEqual({ order: '#1055', queue: 'fulfilment', held: true });
    expect(await tags(5_900_000_001_055)).toBe('repeat-customer, vip, exception-out-of-stock');
    const raised = await run('large-out-of-stock', { reviewThreshold: 1000 });
    expect(raised.run.status, describeRun(raised, 'succeeded')).toBe('succeeded');
    expect(raised.tasks).toEqual([]);
  });
});
