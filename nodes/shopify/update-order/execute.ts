import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shopifyClient } from '../connection.js';
import type { spec } from './spec.js';

/** Outputs the updated order. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shopifyClient(ctx, config);
  const order: Record<string, unknown> = { id: Number(config.orderId) };
  if (config.tags !== undefined) order.tags = Array.isArray(config.tags) ? config.tags.join(', ') : config.tags;
  if (config.note !== undefined) order.note = config.note;
  const response = await client.request({ method: 'PUT', path: `orders/${config.orderId}.json`, body: { order } });
  return { output: (response.body as { order?: unknown } | null)?.order ?? null };
};
