import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shipStationClient } from '../connection.js';
import type { spec } from './spec.js';

/** `2025-03-10T13:00:00` → `2025-03-10 13:00:00`, ShipStation's form; empty → no filter. */
function dateFilter(value: string): string | undefined {
  return value === '' ? undefined : value.replace('T', ' ');
}

/** Outputs `{ orders, count, truncated }`. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shipStationClient(ctx, config);
  const query = {
    orderStatus: config.orderStatus === 'any' ? undefined : config.orderStatus,
    createDateStart: dateFilter(config.createDateStart),
    createDateEnd: dateFilter(config.createDateEnd),
    orderNumber: config.orderNumber.trim() === '' ? undefined : config.orderNumber.trim(),
  };
  const { items, truncated } = await client.list('orders', 'orders', query, { max: config.maxOrders, pageSize: config.pageSize });
  return { output: { orders: items, count: items.length, truncated } };
};
