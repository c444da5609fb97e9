import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { MAX_LIST_ITEMS } from '../../connector-kit/list-limit.js';
import { shopifyClient } from '../connection.js';
import type { spec } from './spec.js';

/** Outputs `{ levels, count }`. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shopifyClient(ctx, config);
  const ids = (list: readonly (string | number)[]) => (list.length === 0 ? undefined : list.join(','));
  const { items } = await client.list(
    'inventory_levels.json',
    'inventory_levels',
    { inventory_item_ids: ids(config.inventoryItemIds), location_ids: ids(config.locationIds) },
    MAX_LIST_ITEMS,
  );
  return { output: { levels: items, count: items.length } };
};
