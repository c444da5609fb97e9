import { z } from 'zod';
import { expression, field } from '../../../runtime/definition/index.js';
import { orderIdField, shopifyConnectionFields } from '../connection-fields.js';
import { shopifySpec } from '../shopify-spec.js';

/** Cancels an order. */
export const spec = shopifySpec({
  type: 'connector.shopify.cancelOrder',
  title: 'Shopify: cancel order',
  description:
    'Cancels an order (POST orders/{id}/cancel.json): Shopify refunds what was paid (or voids the authorization), ' +
    'optionally restocks the items, and outputs the cancelled order. An order with fulfillments must have them ' +
    'cancelled first; that refusal (422) is an error that is not retried.',
  config: z.strictObject({
    ...shopifyConnectionFields,
    orderId: orderIdField,
    reason: field(z.enum(['customer', 'inventory', 'fraud', 'declined', 'other']), { label: 'Reason', widget: 'select' }).default('other'),
    restock: expression(z.boolean(), { label: 'Restock items', widget: 'switch', help: 'Put the items back into stock.' }).default(false),
    notifyCustomer: expression(z.boolean(), { label: 'E-mail the customer', widget: 'switch' }).default(false),
  }),
  sideEffects: true,
});
