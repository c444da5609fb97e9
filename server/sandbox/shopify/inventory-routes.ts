import { jsonReply, type Route } from '../http-types.js';
import { jsonObject } from '../request-body.js';
import { SandboxError } from '../sandbox-error.js';
import { adjustAvailable, inventoryLevel } from './inventory-adjust.js';
import { listFilters, paginate } from './link-paging.js';
import { integerField } from './shopify-body.js';
import { idsParam, limitParam, pickFields, timeParam } from './shopify-params.js';
import { SHOPIFY_API } from './shopify-paths.js';

/** Shopify's cap on the ids of one inventory-levels request. */
const MAX_IDS = 50;

/** `GET inventory_levels.json`, `POST inventory_levels/adjust.json`, `GET products.json`, `GET locations.json`. */
export const inventoryRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: `${SHOPIFY_API}/inventory_levels.json`,
    handle(request, context) {
      const limit = limitParam(request.query);
      const { filters } = listFilters(request.query);
      const itemIds = idsParam(filters, 'inventory_item_ids', MAX_IDS);
      const locationIds = idsParam(filters, 'location_ids', MAX_IDS);
      const updatedMin = timeParam(filters, 'updated_at_min');
      if (!itemIds && !locationIds) throw new SandboxError(422, 'inventory_item_ids or location_ids must be present', 'base');
      const levels = context.state.shopify.inventoryLevels
        .map((level, position) => ({ level, position }))
        .filter(({ level }) => (!itemIds || itemIds.includes(level.inventory_item_id)) && (!locationIds || locationIds.includes(level.location_id)) && (updatedMin === undefined || Date.parse(level.updated_at) >= updatedMin));
      const page = paginate(levels, (entry) => entry.position, request.query, limit, `${context.baseUrl}${SHOPIFY_API}/inventory_levels.json`);
      return jsonReply(200, { inventory_levels: page.items.map((entry) => entry.level) }, page.link ? { link: page.link } : {});
    },
  },
  {
    method: 'POST',
    pattern: `${SHOPIFY_API}/inventory_levels/adjust.json`,
    effect: 'api',
    handle(request, context) {
      const body = jsonObject(request);
      const locationId = integerField(body, 'location_id', { required: true }) as number;
      const inventoryItemId = integerField(body, 'inventory_item_id', { required: true }) as number;
      const adjustment = integerField(body, 'available_adjustment', { required: true }) as number;
      const level = inventoryLevel(context.state.shopify, inventoryItemId, locationId);
      if (!level) throw new SandboxError(422, `inventory item ${inventoryItemId} is not stocked at location ${locationId}`, 'inventory_item_id');
      adjustAvailable(context.state.shopify, level, adjustment, context.now());
      return jsonReply(200, { inventory_level: level }, {}, { inventoryItemId, locationId, adjustment, available: level.available });
    },
  },
  {
    method: 'GET',
    pattern: `${SHOPIFY_API}/products.json`,
    handle(request, context) {
      const limit = limitParam(request.query);
      const { filters } = listFilters(request.query);
      const ids = idsParam(filters, 'ids');
      const sinceId = idsParam(filters, 'since_id', 1)?.[0];
      const products = context.state.shopify.products.filter((product) => (!ids || ids.includes(product.id)) && (sinceId === undefined || product.id > sinceId));
      const page = paginate(products, (product) => product.id, request.query, limit, `${context.baseUrl}${SHOPIFY_API}/products.json`);
      return jsonReply(200, { products: page.items.map((product) => pickFields(product, request.query)) }, page.link ? { link: page.link } : {});
    },
  },
  {
    method: 'GET',
    pattern: `${SHOPIFY_API}/locations.json`,
    handle(_request, context) {
      return jsonReply(200, { locations: context.state.shopify.locations });
    },
  },
];
