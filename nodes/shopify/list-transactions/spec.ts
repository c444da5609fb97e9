import { z } from 'zod';
import { orderIdField, shopifyConnectionFields } from '../connection-fields.js';
import { shopifySpec } from '../shopify-spec.js';

/** Lists the payment transactions of an order: what a refund is made against. */
export const spec = shopifySpec({
  type: 'connector.shopify.listTransactions',
  title: 'Shopify: list transactions',
  description:
    'Lists the transactions of an order (GET orders/{id}/transactions.json): authorizations, sales, captures and refunds with ' +
    'their amount, gateway and status; outputs { transactions, payments } where payments are the successful sales and captures ' +
    'a refund can be made against (its parentId), oldest first.',
  config: z.strictObject({
    ...shopifyConnectionFields,
    orderId: orderIdField,
  }),
  sideEffects: false,
});
