import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shopifyClient } from '../connection.js';
import type { spec } from './spec.js';

/** Outputs the inventory level after the adjustment. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shopifyClient(ctx, config);
  const response = await client.request({
    method: 'POST',
    path: 'inventory_levels/adjust.json',
    body: { location_id: Number(config.locationId), inventory_item_id: Number(config.inventoryItemId), available_adjustment: config.adjustment },
  });
  return { output: (response.body as { inventory_level?: unknown } | null)?.inventory_level ?? null };
};
