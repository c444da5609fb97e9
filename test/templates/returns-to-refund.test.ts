import { describe, expect, it } from 'vitest';
import { describeRun, templateSuite } from './template-harness.js';

/**
 * Returns to refund, cloned and run through the engine against the sandbox's Shopify (orders 1021
 * and 1022, each paid with one sale) and SMTP sink.
 */
const SLUG = 'returns-to-refund';
const harness = templateSuite();

const run = (sample: string) => harness.run(SLUG, { input: harness.template(SLUG).samples[sample], params: { erpCustomerNumber: 'C10000' }, credentials: { mail: 'SMTP (sandbox)' } });
/** The credit memos created in Business Central, with their lines. */
const creditMemos = () => records().effects({ system: 'business-central' }).map((effect) => [effect.path.split('/').at(-1)?.replace(/\(.*?\)/g, '()'), effect.body]);
const records = () => harness.sandbox.sandbox.records;
const refunds = () => records().effects({ system: 'shopify' }).map((effect) => (effect.body as { refund: unknown }).refund);
const subjects = () => records().effects({ kind: 'mail' }).map((mail) => (mail.body as { subject: string; to: string[] }).subject);

describe('returns to refund', () => {
  it('refunds a small damaged return at once, without restocking, and tells the customer', async () => {
    const result = await run('damaged-small');
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(result.tasks).toEqual([]);
    expect(refunds()).toEqual([
      {
        note: 'Return RMA-5521: damaged',
        refund_line_items: [{ line_item_id: 13_900_000_010_221, quantity: 2, restock_type: 'no_restock' }],
        transactions: [{ kind: 'refund', parent_id: 6_300_000_010_220, amount: '17.00' }],
      },
    ]);
    expect(creditMemos()).toEqual([
      ['salesCreditMemos', { customerNumber: 'C10000', externalDocumentNumber: 'RMA-5521' }],
      ['salesCreditMemoLines', expect.objectContaining({ lineObjectNumber: 'BR-6006', quantity: 2, unitPrice: 8.5 })],
    ]);
    expect(subjects()).toEqual(['Your refund for return RMA-5521']);
    expect(records().effects({ kind: 'mail' })[0]?.body).toMatchObject({ from: 'service@contoso.example', to: ['jordan.schmidt@example.com'] });
  });

  it('waits for an approver above the threshold, then refunds and restocks a resellable return', async () => {
    const waiting = await run('resellable-large');
    expect(waiting.run.status, describeRun(waiting, 'waiting')).toBe('waiting');
    expect(waiting.tasks[0]).toMatchObject({ title: 'Refund 154 for return RMA-5522', fields: { Inspection: 'resellable' } });
    expect(records().effects()).toEqual([]);
    const done = await harness.decide(waiting.run.id, 'approve');
    expect(done.run.status, describeRun(done, 'succeeded')).toBe('succeeded');
    expect(refunds()).toEqual([expect.objectContaining({ refund_line_items: [expect.objectContaining({ quantity: 4, restock_type: 'return' })], transactions: [expect.objectContaining({ parent_id: 6_300_000_010_210 })] })]);
    expect(creditMemos().map(([set]) => set)).toEqual(['salesCreditMemos', 'salesCreditMemoLines']);
    expect(subjects()).toEqual(['Your refund for return RMA-5522']);
  });

  it('refunds nothing when the approver declines, and tells the customer so', async () => {
    const waiting = await run('resellable-large');
    const declined = await harness.decide(waiting.run.id, 'reject', 'Outside the return window');
    expect(declined.run.status, describeRun(declined, 'succeeded')).toBe('succeeded');
    expect(declined.steps.get('refund')?.status).toBe('skipped');
    expect(refunds()).toEqual([]);
    expect(creditMemos()).toEqual([]);
    expect(subjects()).toEqual(['Your return RMA-5522']);
  });
});
