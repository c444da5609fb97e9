import { z } from 'zod';
import { expression } from '../../../runtime/definition/index.js';
import { shopifyConnectionFields, shopifyId } from '../connection-fields.js';
import { shopifySpec } from '../shopify-spec.js';

/** Lists stock per item and location. */
export const spec = shopifySpec({
  type: 'connector.shopify.listInventoryLevels',
  title: 'Shopify: list inventory levels',
  description:
    'Lists the available stock of inventory items at locations (GET inventory_levels.json), following every page; ' +
    'outputs { levels, count }. Give inventory item ids, location ids or both (at most 50 of each).',
  config: z
    .strictObject({
      ...shopifyConnectionFields,
      inventoryItemIds: expression(z.array(shopifyId).max(50), { label: 'Inventory item ids', widget: 'list' }).default([]),
      locationIds: expression(z.array(shopifyId).max(50), { label: 'Location ids', widget: 'list' }).default([]),
    })
    .refine((config) => config.inventoryItemIds.length > 0 || config.locationIds.length > 0, {
      message: 'give inventory item ids, location ids or both',
      path: ['inventoryItemIds'],
    }),
  sideEffects: false,
});
