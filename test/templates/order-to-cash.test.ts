import { describe, expect, it } from 'vitest';
import { describeRun, templateSuite } from './template-harness.js';

/**
 * Order to cash, cloned and run through the engine against the sandbox's Shopify (order #1023 paid,
 * #1042 partially paid), Business Central (customer C10000 books the web orders) and Teams.
 */
const SLUG = 'order-to-cash';
const harness = templateSuite();

const run = (sample: string) =>
  harness.run(SLUG, { input: harness.template(SLUG).samples[sample], params: { erpCustomerNumber: 'C10000' }, credentials: { chat: 'Teams Contoso Operations (sandbox)' } });
const records = () => harness.sandbox.sandbox.records;
const documents = () => records().effects({ system: 'business-central' }).map((effect) => effect.path.split('/').at(-1)?.replace(/\(.*?\)/g, '()') ?? '');
const order = async (id: number) => (await harness.sandbox.shopify<{ order: { tags: string; note: string | null } }>('GET', `/orders/${id}.json`)).body.order;

describe('order to cash', () => {
  it('books a paid order as a sales order and an invoice, matches the payment and tags the order', async () => {
    const result = await run('paid-order');
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(documents()).toEqual(['salesOrders', 'salesOrderLines', 'salesOrderLines', 'salesOrderLines', 'salesInvoices', 'salesInvoiceLines', 'salesInvoiceLines', 'salesInvoiceLines']);
    const invoice = result.steps.get('invoice')?.output as { number: string; externalDocumentNumber: string; customerNumber: string };
    expect(invoice).toMatchObject({ customerNumber: 'C10000', externalDocumentNumber: '#1023' });
    expect(result.steps.get('match')?.output).toMatchObject({ financialStatus: 'paid', shopSubtotal: 100.2, invoiceNet: 100.2 });
    const tagged = await order(5_900_000_001_023);
    expect(tagged.tags).toBe('invoiced, paid');
    expect(tagged.note).toContain(`Invoiced in Business Central as ${invoice.number}`);
    expect(records().effects({ kind: 'message' })).toEqual([]);
  });

  it('asks finance about a partially paid order, and leaves it for collection when finance says so', async () => {
    const waiting = await run('partially-paid-order');
    expect(waiting.run.status, describeRun(waiting, 'waiting')).toBe('waiting');
    expect(waiting.steps.get('match')?.output).toMatchObject({ financialStatus: 'partially_paid', outstanding: 11.58 });
    expect(JSON.stringify(records().effects({ kind: 'message' })[0]?.body)).toContain('Order #1042 is partially_paid in the shop (11.58 outstanding');
    expect(waiting.tasks[0]?.title).toBe('Check the payment of #1042');
    const open = await harness.decide(waiting.run.id, 'reject', 'Reminder sent');
    expect(open.steps.get('collection')?.output).toMatchObject({ orderName: '#1042', status: 'open for collection' });
    expect((await order(5_900_000_001_042)).tags).not.toContain('invoiced');
  });
});
