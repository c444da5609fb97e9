import { z } from 'zod';
import { field } from '../../../runtime/definition/index.js';
import { orderIdField, shopifyConnectionFields } from '../connection-fields.js';
import { shopifySpec } from '../shopify-spec.js';

/** Reads one order. */
export const spec = shopifySpec({
  type: 'connector.shopify.getOrder',
  title: 'Shopify: get order',
  description:
    'Reads one order of the shop by its id (GET orders/{id}.json) and outputs it as Shopify returns it: ' +
    'line items, customer, addresses, totals, tags, financial and fulfillment status. A missing order is an error (API_NOT_FOUND).',
  config: z.strictObject({
    ...shopifyConnectionFields,
    orderId: orderIdField,
    fields: field(z.string().max(1000), {
      label: 'Fields',
      widget: 'text',
      placeholder: 'id,name,tags,line_items',
      help: 'Comma-separated top-level fields to read; all when empty.',
    }).default(''),
  }),
  sideEffects: false,
});
