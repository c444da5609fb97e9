import { z } from 'zod';
import { expression } from '../../../runtime/definition/index.js';
import { bcConnectionFields } from '../connection-fields.js';
import { bcCreateSpec, linesField, moreFieldsField } from '../bc-spec.js';

/** Creates a sales credit memo with its lines. */
export const spec = bcCreateSpec(
  {
    type: 'connector.businessCentral.createSalesCreditMemo',
    title: 'Business Central: create sales credit memo',
    description:
      'Creates a sales credit memo for a customer (POST salesCreditMemos), then each of its lines (POST salesCreditMemos({id})/salesCreditMemoLines), each request with its own ' +
      'idempotency key derived from the step: the ERP side of a refund or a return. Outputs the new credit memo with its lines (number, status Draft, totals).',
  },
  z.strictObject({
    ...bcConnectionFields,
    customerNumber: expression(z.string().min(1).max(20), { label: 'Customer no.', widget: 'text', help: 'The number of the customer in Business Central, e.g. C10000.' }),
    externalDocumentNumber: expression(z.string().max(100), { label: 'External document no.', widget: 'text', help: 'Your reference, e.g. the return or refund number.' }).default(''),
    invoiceNumber: expression(z.string().max(20), { label: 'Applies to invoice no.', widget: 'text', help: 'The posted sales invoice the credit memo corrects; empty for none.' }).default(''),
    creditMemoDate: expression(z.string().max(100), { label: 'Credit memo date', widget: 'text', help: 'ISO date; today when empty.' }).default(''),
    lines: linesField('Unit price'),
    moreFields: moreFieldsField,
  }),
);
