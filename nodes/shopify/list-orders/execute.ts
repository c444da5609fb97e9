import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { MAX_LIST_ITEMS } from '../../connector-kit/list-limit.js';
import { shopifyClient } from '../connection.js';
import type { spec } from './spec.js';

/** Whether an order's comma-separated tags hold `tag` (case-insensitive). */
function hasTag(order: unknown, tag: string): boolean {
  const tags = (order as { tags?: unknown } | null)?.tags;
  return typeof tags === 'string' && tags.split(',').some((candidate) => candidate.trim().toLowerCase() === tag);
}

/** Outputs `{ orders, count, truncated }`. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shopifyClient(ctx, config);
  const query = {
    limit: String(config.pageSize),
    status: config.status,
    created_at_min: config.createdAtMin === '' ? undefined : config.createdAtMin,
    created_at_max: config.createdAtMax === '' ? undefined : config.createdAtMax,
  };
  const tag = config.tag.trim().toLowerCase();
  const { items, truncated } = await client.list('orders.json', 'orders', query, tag === '' ? config.maxOrders : MAX_LIST_ITEMS);
  const matching = tag === '' ? items : items.filter((order) => hasTag(order, tag));
  const orders = matching.slice(0, config.maxOrders);
  return { output: { orders, count: orders.length, truncated: truncated || matching.length > orders.length } };
};
