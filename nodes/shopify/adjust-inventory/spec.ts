import { z } from 'zod';
import { expression } from '../../../runtime/definition/index.js';
import { shopifyConnectionFields, shopifyId } from '../connection-fields.js';
import { shopifySpec } from '../shopify-spec.js';

/** Adds to or takes from the stock of an item at a location. */
export const spec = shopifySpec({
  type: 'connector.shopify.adjustInventory',
  title: 'Shopify: adjust inventory',
  description:
    'Changes the available stock of an inventory item at a location by a number of units, up or down ' +
    '(POST inventory_levels/adjust.json), and outputs the new inventory level.',
  config: z.strictObject({
    ...shopifyConnectionFields,
    inventoryItemId: expression(shopifyId, { label: 'Inventory item id', widget: 'jsonLogic' }),
    locationId: expression(shopifyId, { label: 'Location id', widget: 'jsonLogic' }),
    adjustment: expression(
      z.number().int().min(-1_000_000).max(1_000_000).refine((value) => value !== 0, { message: 'must not be 0' }),
      { label: 'Adjustment', widget: 'number', help: 'Units to add (positive) or take away (negative).' },
    ),
  }),
  sideEffects: true,
});
