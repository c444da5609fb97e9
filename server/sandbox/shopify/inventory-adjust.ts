import { shopifyTime } from '../seed/dates.js';
import type { ShopifyInventoryLevel, ShopifyState } from './shopify-types.js';

/** The inventory level of an item at a location, if the item is stocked there. */
export function inventoryLevel(state: ShopifyState, inventoryItemId: number, locationId: number): ShopifyInventoryLevel | undefined {
  return state.inventoryLevels.find((level) => level.inventory_item_id === inventoryItemId && level.location_id === locationId);
}

/** Changes an available quantity and the variant's total with it. */
export function adjustAvailable(state: ShopifyState, level: ShopifyInventoryLevel, delta: number, now: Date): void {
  level.available += delta;
  level.updated_at = shopifyTime(now);
  for (const product of state.products) {
    for (const variant of product.variants) {
      if (variant.inventory_item_id !== level.inventory_item_id) continue;
      variant.old_inventory_quantity = variant.inventory_quantity;
      variant.inventory_quantity += delta;
      variant.updated_at = level.updated_at;
    }
  }
}

/** The inventory item of an order's line (through its variant). */
export function inventoryItemOfVariant(state: ShopifyState, variantId: number): number | undefined {
  for (const product of state.products) {
    const variant = product.variants.find((candidate) => candidate.id === variantId);
    if (variant) return variant.inventory_item_id;
  }
  return undefined;
}
