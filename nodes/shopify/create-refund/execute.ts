import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shopifyClient } from '../connection.js';
import type { spec } from './spec.js';

/** Outputs the refund. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shopifyClient(ctx, config);
  const refund = {
    note: config.note === '' ? undefined : config.note,
    shipping: config.refundShipping ? { full_refund: true } : undefined,
    refund_line_items: config.lineItems.map((line) => ({
      line_item_id: Number(line.lineItemId),
      quantity: line.quantity,
      restock_type: line.restockType,
      location_id: line.locationId === undefined ? undefined : Number(line.locationId),
    })),
    transactions: config.transactions.map((transaction) => ({
      kind: 'refund',
      parent_id: Number(transaction.parentId),
      amount: typeof transaction.amount === 'number' ? transaction.amount.toFixed(2) : transaction.amount,
      gateway: transaction.gateway,
    })),
  };
  const response = await client.request({ method: 'POST', path: `orders/${config.orderId}/refunds.json`, body: { refund } });
  return { output: (response.body as { refund?: unknown } | null)?.refund ?? null };
};
