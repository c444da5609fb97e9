import { z } from 'zod';
import { expression } from '../../../runtime/definition/index.js';
import { bcCreateSpec, linesField, moreFieldsField } from '../bc-spec.js';
import { bcConnectionFields } from '../connection-fields.js';

/** Creates a purchase order with its lines. */
export const spec = bcCreateSpec(
  {
    type: 'connector.businessCentral.createPurchaseOrder',
    title: 'Business Central: create purchase order',
    description:
      'Creates a purchase order for a vendor (POST purchaseOrders), then each of its lines (POST purchaseOrders({id})/purchaseOrderLines), each request with its own ' +
      'idempotency key derived from the step, and outputs the new purchase order with its lines (number, status Draft, totals).',
  },
  z.strictObject({
    ...bcConnectionFields,
    vendorNumber: expression(z.string().min(1).max(20), { label: 'Vendor no.', widget: 'text', help: 'The number of the vendor in Business Central, e.g. V2000.' }),
    orderDate: expression(z.string().max(100), { label: 'Order date', widget: 'text', help: 'ISO date; today when empty.' }).default(''),
    requestedReceiptDate: expression(z.string().max(100), { label: 'Requested receipt date', widget: 'text', help: 'ISO date; none when empty.' }).default(''),
    lines: linesField('Direct unit cost'),
    moreFields: moreFieldsField,
  }),
);
