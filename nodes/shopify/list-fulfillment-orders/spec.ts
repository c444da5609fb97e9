import { z } from 'zod';
import { orderIdField, shopifyConnectionFields } from '../connection-fields.js';
import { shopifySpec } from '../shopify-spec.js';

/** Lists the fulfillment orders of an order: what a fulfillment is created for. */
export const spec = shopifySpec({
  type: 'connector.shopify.listFulfillmentOrders',
  title: 'Shopify: list fulfillment orders',
  description:
    'Lists the fulfillment orders of an order (GET orders/{id}/fulfillment_orders.json): per location, its status, holds ' +
    'and line items with the quantities left to fulfil; outputs { fulfillmentOrders, open } where open are those that can be fulfilled now.',
  config: z.strictObject({
    ...shopifyConnectionFields,
    orderId: orderIdField,
  }),
  sideEffects: false,
});
