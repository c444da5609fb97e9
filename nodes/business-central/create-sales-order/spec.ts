import { z } from 'zod';
import { expression } from '../../../runtime/definition/index.js';
import { bcCreateSpec, linesField, moreFieldsField } from '../bc-spec.js';
import { bcConnectionFields } from '../connection-fields.js';

/** Creates a sales order with its lines. */
export const spec = bcCreateSpec(
  {
    type: 'connector.businessCentral.createSalesOrder',
    title: 'Business Central: create sales order',
    description:
      'Creates a sales order for a customer (POST salesOrders), then each of its lines (POST salesOrders({id})/salesOrderLines), each request with its own ' +
      'idempotency key derived from the step, and outputs the new sales order with its lines (number, status Draft, totals).',
  },
  z.strictObject({
    ...bcConnectionFields,
    customerNumber: expression(z.string().min(1).max(20), { label: 'Customer no.', widget: 'text', help: 'The number of the customer in Business Central, e.g. C10000.' }),
    externalDocumentNumber: expression(z.string().max(100), { label: 'External document no.', widget: 'text', help: 'The reference of the customer (their purchase order number).' }).default(''),
    orderDate: expression(z.string().max(100), { label: 'Order date', widget: 'text', help: 'ISO date; today when empty.' }).default(''),
    requestedDeliveryDate: expression(z.string().max(100), { label: 'Requested delivery date', widget: 'text', help: 'ISO date; none when empty.' }).default(''),
    lines: linesField('Unit price'),
    moreFields: moreFieldsField,
  }),
);
