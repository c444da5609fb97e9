import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shopifyClient } from '../connection.js';
import type { spec } from './spec.js';

/** Statuses of a fulfillment order that a fulfillment can be created for. */
const FULFILLABLE = new Set(['open', 'in_progress']);

/** Outputs `{ fulfillmentOrders, open }`. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shopifyClient(ctx, config);
  const response = await client.request({ method: 'GET', path: `orders/${config.orderId}/fulfillment_orders.json` });
  const found = (response.body as { fulfillment_orders?: unknown } | null)?.fulfillment_orders;
  const fulfillmentOrders = Array.isArray(found) ? (found as { status?: unknown }[]) : [];
  return { output: { fulfillmentOrders, open: fulfillmentOrders.filter((order) => FULFILLABLE.has(String(order.status))) } };
};
