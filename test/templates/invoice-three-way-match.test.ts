import { describe, expect, it } from 'vitest';
import { describeRun, templateSuite } from './template-harness.js';

/**
 * Invoice three-way match, cloned and run through the engine against the sandbox's Business Central
 * (PO-1002: 400 × JN-2001 at 7.90 and 400 × JN-2003 at 11.80, all received) and SMTP sink.
 */
const SLUG = 'invoice-three-way-match';
const harness = templateSuite();

const run = (sample: string, params: Record<string, unknown> = {}) => harness.run(SLUG, { input: harness.template(SLUG).samples[sample], params, credentials: { mail: 'SMTP (sandbox)' } });
const records = () => harness.sandbox.sandbox.records;
const created = () => records().effects({ system: 'business-central' }).map((effect) => `${effect.method} ${effect.path.split('/').at(-1)?.replace(/\(.*?\)/g, '()') ?? ''}`);

describe('invoice three-way match', () => {
  it('enters an invoice that matches the order and the receipt in Business Central, and mails no one', async () => {
    const result = await run('matching-invoice');
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(result.steps.get('match')?.output).toEqual({ poNumber: 'PO-1002', invoiceNumber: 'LIT-88231', receivedValue: 7880, receivedQuantity: 800, invoicedValue: 7880, invoicedQuantity: 800 });
    expect(result.steps.get('post')?.output).toMatchObject({ vendorNumber: 'V2000', vendorInvoiceNumber: 'LIT-88231', purchaseInvoiceLines: [{ lineObjectNumber: 'JN-2001', quantity: 400 }, { lineObjectNumber: 'JN-2003', quantity: 400 }] });
    expect(created()).toEqual(['POST purchaseInvoices', 'POST purchaseInvoiceLines', 'POST purchaseInvoiceLines']);
    expect(records().effects({ kind: 'mail' })).toEqual([]);
  });

  it('disputes an invoice above the price tolerance with the supplier, enters nothing, and holds it when AP says so', async () => {
    const waiting = await run('price-mismatch');
    expect(waiting.run.status, describeRun(waiting, 'waiting')).toBe('waiting');
    expect(waiting.steps.get('match')?.output).toMatchObject({ receivedValue: 7880, invoicedValue: 8320 });
    const [mail] = records().effects({ kind: 'mail' });
    expect(mail?.body).toMatchObject({ from: 'ap@contoso.example', to: ['sales@litware.example'], subject: 'Invoice LIT-88232 does not match purchase order PO-1002' });
    expect(waiting.tasks[0]).toMatchObject({ title: 'Disputed invoice LIT-88232 (PO-1002)', fields: { Invoiced: 8320, 'Received at order prices': 7880 } });
    const held = await harness.decide(waiting.run.id, 'reject', 'Price not agreed');
    expect(held.steps.get('onHold')?.output).toEqual({ invoiceNumber: 'LIT-88232', status: 'on hold' });
    expect(created()).toEqual([]);
  });

  it('enters a disputed invoice AP approves, and lets a wider tolerance through without a dispute', async () => {
    const waiting = await run('price-mismatch');
    const approved = await harness.decide(waiting.run.id, 'approve', 'Price increase agreed by phone');
    expect(approved.run.status, describeRun(approved, 'succeeded')).toBe('succeeded');
    expect(created()).toEqual(['POST purchaseInvoices', 'POST purchaseInvoiceLines', 'POST purchaseInvoiceLines']);
    harness.sandbox.sandbox.reset();
    const tolerant = await run('price-mismatch', { priceTolerancePercent: 6 });
    expect(tolerant.run.status, describeRun(tolerant, 'succeeded')).toBe('succeeded');
    expect(tolerant.steps.get('dispute')?.status).toBe('skipped');
    expect(records().effects({ kind: 'mail' })).toEqual([]);
  });
});
