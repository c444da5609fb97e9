import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shipStationClient } from '../connection.js';
import type { spec } from './spec.js';

/** Outputs `{ shipments, count, truncated }`. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shipStationClient(ctx, config);
  const query = { orderId: String(config.orderId), includeShipmentItems: config.includeShipmentItems ? 'true' : undefined };
  const { items, truncated } = await client.list('shipments', 'shipments', query, { max: config.maxShipments, pageSize: config.pageSize });
  return { output: { shipments: items, count: items.length, truncated } };
};
