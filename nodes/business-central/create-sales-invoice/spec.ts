import { z } from 'zod';
import { expression } from '../../../runtime/definition/index.js';
import { bcCreateSpec, linesField, moreFieldsField } from '../bc-spec.js';
import { bcConnectionFields } from '../connection-fields.js';

/** Creates a sales invoice with its lines. */
export const spec = bcCreateSpec(
  {
    type: 'connector.businessCentral.createSalesInvoice',
    title: 'Business Central: create sales invoice',
    description:
      'Creates a sales invoice for a customer (POST salesInvoices), then each of its lines (POST salesInvoices({id})/salesInvoiceLines), each request with its own ' +
      'idempotency key derived from the step, and outputs the new sales invoice with its lines (number, status Draft, totals).',
  },
  z.strictObject({
    ...bcConnectionFields,
    customerNumber: expression(z.string().min(1).max(20), { label: 'Customer no.', widget: 'text', help: 'The number of the customer in Business Central, e.g. C10000.' }),
    externalDocumentNumber: expression(z.string().max(100), { label: 'External document no.', widget: 'text', help: 'The reference of the customer.' }).default(''),
    invoiceDate: expression(z.string().max(100), { label: 'Invoice date', widget: 'text', help: 'ISO date; today when empty.' }).default(''),
    dueDate: expression(z.string().max(100), { label: 'Due date', widget: 'text', help: 'ISO date; 30 days after the invoice date when empty.' }).default(''),
    lines: linesField('Unit price'),
    moreFields: moreFieldsField,
  }),
);
