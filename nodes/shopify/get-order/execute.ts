import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shopifyClient } from '../connection.js';
import type { spec } from './spec.js';

/** Outputs the order. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shopifyClient(ctx, config);
  const response = await client.request({
    method: 'GET',
    path: `orders/${config.orderId}.json`,
    query: { fields: config.fields.trim() === '' ? undefined : config.fields.replace(/\s+/g, '') },
  });
  return { output: (response.body as { order?: unknown } | null)?.order ?? null };
};
