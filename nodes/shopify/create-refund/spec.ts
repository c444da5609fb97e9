import { z } from 'zod';
import { expression } from '../../../runtime/definition/index.js';
import { orderIdField, shopifyConnectionFields, shopifyId } from '../connection-fields.js';
import { shopifySpec } from '../shopify-spec.js';

const refundLine = z.strictObject({
  lineItemId: shopifyId,
  quantity: z.number().int().min(1),
  restockType: z.enum(['no_restock', 'cancel', 'return']).default('no_restock'),
  locationId: shopifyId.optional(),
});

const refundTransaction = z.strictObject({
  parentId: shopifyId,
  amount: z.union([z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be an amount such as "10.00"'), z.number().positive()]),
  gateway: z.string().min(1).max(100).optional(),
});

/** Refunds items and/or money of an order. */
export const spec = shopifySpec({
  type: 'connector.shopify.createRefund',
  title: 'Shopify: create refund',
  description:
    'Creates a refund on an order (POST orders/{id}/refunds.json): line items with quantities (restocked or not), ' +
    'money back against a payment of the order (its sale or capture transaction), and optionally the shipping. ' +
    'Outputs the refund. Shopify refuses a refund above what is refundable (422, not retried).',
  config: z
    .strictObject({
      ...shopifyConnectionFields,
      orderId: orderIdField,
      note: expression(z.string().max(5000), { label: 'Note', widget: 'textarea' }).default(''),
      lineItems: expression(z.array(refundLine).max(250), {
        label: 'Line items',
        widget: 'jsonLogic',
        help: 'A list of { lineItemId, quantity, restockType (no_restock, cancel, return), locationId }.',
      }).default([]),
      transactions: expression(z.array(refundTransaction).max(50), {
        label: 'Money',
        widget: 'jsonLogic',
        help: 'A list of { parentId, amount, gateway }: parentId is the sale or capture transaction refunded against.',
      }).default([]),
      refundShipping: expression(z.boolean(), { label: 'Refund shipping', widget: 'switch' }).default(false),
    })
    .refine((config) => config.lineItems.length > 0 || config.transactions.length > 0 || config.refundShipping, {
      message: 'a refund needs line items, money or the shipping',
      path: ['lineItems'],
    }),
  sideEffects: true,
});
