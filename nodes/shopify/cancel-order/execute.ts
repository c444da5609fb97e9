import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shopifyClient } from '../connection.js';
import type { spec } from './spec.js';

/** Outputs the cancelled order. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shopifyClient(ctx, config);
  const response = await client.request({
    method: 'POST',
    path: `orders/${config.orderId}/cancel.json`,
    body: { reason: config.reason, restock: config.restock, email: config.notifyCustomer },
  });
  return { output: (response.body as { order?: unknown } | null)?.order ?? null };
};
