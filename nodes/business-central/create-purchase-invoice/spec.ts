import { z } from 'zod';
import { expression } from '../../../runtime/definition/index.js';
import { bcCreateSpec, linesField, moreFieldsField } from '../bc-spec.js';
import { bcConnectionFields } from '../connection-fields.js';

/** Creates a purchase invoice with its lines. */
export const spec = bcCreateSpec(
  {
    type: 'connector.businessCentral.createPurchaseInvoice',
    title: 'Business Central: create purchase invoice',
    description:
      'Creates a purchase invoice for a vendor (POST purchaseInvoices), then each of its lines (POST purchaseInvoices({id})/purchaseInvoiceLines), each request with its own ' +
      'idempotency key derived from the step, and outputs the new purchase invoice with its lines (number, status Draft, totals).',
  },
  z.strictObject({
    ...bcConnectionFields,
    vendorNumber: expression(z.string().min(1).max(20), { label: 'Vendor no.', widget: 'text', help: 'The number of the vendor in Business Central, e.g. V2000.' }),
    vendorInvoiceNumber: expression(z.string().max(100), { label: 'Vendor invoice no.', widget: 'text', help: 'The invoice number of the supplier.' }).default(''),
    invoiceDate: expression(z.string().max(100), { label: 'Invoice date', widget: 'text', help: 'ISO date; today when empty.' }).default(''),
    dueDate: expression(z.string().max(100), { label: 'Due date', widget: 'text', help: 'ISO date; 30 days after the invoice date when empty.' }).default(''),
    lines: linesField('Unit cost'),
    moreFields: moreFieldsField,
  }),
);
