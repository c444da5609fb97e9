import { describe, expect, it } from 'vitest';
import { describeRun, templateSuite } from './template-harness.js';

/**
 * Stockout prediction, cloned and run through the engine against the sandbox's Business Central
 * and SMTP sink: an item about to run out waits for the buyer, whose approval creates the purchase
 * order and mails the supplier; enough cover or a declined order changes nothing anywhere.
 */
const SLUG = 'stockout-prediction';
const harness = templateSuite();

const options = (sample: string) => ({ input: harness.template(SLUG).samples[sample], credentials: { mail: 'SMTP (sandbox)' as const } });
const records = () => harness.sandbox.sandbox.records;

describe('stockout prediction', () => {
  it('orders what covers the lead time, the margin and the order days once the buyer approves, and mails the supplier', async () => {
    const waiting = await harness.run(SLUG, options('stockout'));
    expect(waiting.run.status, describeRun(waiting, 'waiting')).toBe('waiting');
    // PK-1003 has nothing on hand: (7 + 5 + 30) days × 9 a day.
    expect(waiting.steps.get('cover')?.output).toEqual({ itemNumber: 'PK-1003', onHand: 0, daysOfCover: 0, reorderBelowDays: 12, quantity: 378, line: { itemNumber: 'PK-1003', quantity: 378 } });
    expect(waiting.tasks[0]).toMatchObject({ title: 'Order 378 x PK-1003 from V1000', fields: { Item: 'PK-1003', 'On hand': 0, Quantity: 378 } });
    expect(records().effects()).toEqual([]);

    const done = await harness.decide(waiting.run.id, 'approve');
    expect(done.run.status, describeRun(done, 'succeeded')).toBe('succeeded');
    const order = done.steps.get('order')?.output as { number: string };
    expect(order).toMatchObject({ vendorNumber: 'V1000', status: 'Draft', purchaseOrderLines: [{ lineObjectNumber: 'PK-1003', quantity: 378 }] });
    const created = records().effects({ system: 'business-central' });
    expect(created.map((effect) => `${effect.method} ${effect.path.replace(/\(.*?\)/g, '()')}`)).toEqual([
      'POST /bc/v2.0/7c0e5d1a-3f2b-4c8d-9e6f-1a2b3c4d5e6f/production/api/v2.0/companies()/purchaseOrders',
      'POST /bc/v2.0/7c0e5d1a-3f2b-4c8d-9e6f-1a2b3c4d5e6f/production/api/v2.0/companies()/purchaseOrders()/purchaseOrderLines',
    ]);
    const [mail] = records().effects({ kind: 'mail' });
    expect(mail?.body).toMatchObject({ from: 'purchasing@contoso.example', to: ['orders@fabrikam.example'], subject: `Purchase order ${order.number}` });
    expect((mail?.body as { text: string }).text).toContain('378 x PK-1003');
  });

  it('orders nothing and sends nothing when the cover is enough', async () => {
    const result = await harness.run(SLUG, options('enough-cover'));
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(result.steps.get('enough')?.output).toMatchObject({ itemNumber: 'PK-1001', ordered: false });
    expect(result.steps.get('approve')?.status).toBe('skipped');
    expect(result.tasks).toEqual([]);
    expect(records().effects()).toEqual([]);
  });

  it('creates no order and sends no mail when the buyer declines', async () => {
    const waiting = await harness.run(SLUG, { ...options('stockout'), params: { safetyDays: 10 } });
    expect(waiting.steps.get('cover')?.output).toMatchObject({ reorderBelowDays: 17, quantity: 423 });
    const declined = await harness.decide(waiting.run.id, 'reject', 'Discontinued item');
    expect(declined.run.status, describeRun(declined, 'succeeded')).toBe('succeeded');
    expect(declined.steps.get('declined')?.output).toEqual({ itemNumber: 'PK-1003', ordered: false });
    expect(records().effects()).toEqual([]);
  });
});
