import { LOCATIONS, PRODUCTS, VENDORS } from './catalog.js';
import { dayAt, shopifyTime } from './dates.js';
import type { StockSeed } from './stock.js';
import type { ShopifyInventoryLevel, ShopifyProduct } from '../shopify/shopify-types.js';

/** Shopify ids of the catalog, by index in PRODUCTS / LOCATIONS (documented in docs/sandbox.md). */
export const productId = (index: number): number => 8_100_000_000_001 + index;
export const variantId = (index: number): number => 4_410_000_000_001 + index;
export const inventoryItemId = (index: number): number => 4_620_000_000_001 + index;
export const locationId = (index: number): number => 70_100_000_001 + index;

/** The shop's products (one variant each) and their inventory levels per location. */
export function buildProducts(today: Date, stock: readonly StockSeed[]): { products: ShopifyProduct[]; inventoryLevels: ShopifyInventoryLevel[] } {
  const created = shopifyTime(dayAt(today, -400, 9));
  const updated = shopifyTime(dayAt(today, -2, 9));
  const products = PRODUCTS.map((product, index): ShopifyProduct => {
    const id = productId(index);
    return {
      id,
      title: product.title,
      body_html: `<p>${product.title}, sold by the case to businesses across the US.</p>`,
      vendor: VENDORS.find((vendor) => vendor.number === product.vendor)?.name ?? '',
      product_type: product.category,
      created_at: created,
      handle: product.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
      updated_at: updated,
      published_at: created,
      template_suffix: null,
      published_scope: 'web',
      tags: product.category.toLowerCase(),
      status: 'active',
      admin_graphql_api_id: `gid://shopify/Product/${id}`,
      variants: [
        {
          id: variantId(index),
          product_id: id,
          title: 'Default Title',
          price: product.price.toFixed(2),
          sku: product.sku,
          position: 1,
          inventory_policy: 'deny',
          compare_at_price: null,
          fulfillment_service: 'manual',
          inventory_management: 'shopify',
          option1: 'Default Title',
          option2: null,
          option3: null,
          created_at: created,
          updated_at: updated,
          taxable: true,
          barcode: `0${String(7_312_345_00000 + index * 13)}`,
          grams: product.grams,
          weight: product.grams / 1000,
          weight_unit: 'kg',
          inventory_item_id: inventoryItemId(index),
          inventory_quantity: stock[index]?.total ?? 0,
          old_inventory_quantity: stock[index]?.total ?? 0,
          requires_shipping: true,
          admin_graphql_api_id: `gid://shopify/ProductVariant/${variantId(index)}`,
          image_id: null,
        },
      ],
      options: [{ id: 9_800_000_000_000 + index, product_id: id, name: 'Title', position: 1, values: ['Default Title'] }],
      images: [],
      image: null,
    };
  });
  const inventoryLevels = PRODUCTS.flatMap((_, index) =>
    LOCATIONS.map((__, locationIndex) => ({
      inventory_item_id: inventoryItemId(index),
      location_id: locationId(locationIndex),
      available: stock[index]?.perLocation[locationIndex] ?? 0,
      updated_at: updated,
      admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationId(locationIndex)}?inventory_item_id=${inventoryItemId(index)}`,
    })),
  );
  return { products, inventoryLevels };
}
