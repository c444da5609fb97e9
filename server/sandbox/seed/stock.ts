import { LOCATIONS, PRODUCTS } from './catalog.js';
import type { Prng } from './prng.js';

/** A product's stock per warehouse (index as LOCATIONS) and its daily sales. */
export interface StockSeed {
  readonly perLocation: readonly number[];
  readonly total: number;
  /** Units sold on each of the last 30 days, oldest first (the last entry is yesterday). */
  readonly dailySales: readonly number[];
}

/** Days of sales history the sandbox keeps. */
export const SALES_HISTORY_DAYS = 30;

/**
 * Stock and sales per product, index as PRODUCTS. Sales vary around each product's average with
 * quieter weekends; stock covers the product's `coverDays` of average sales (a seeded 20–80 days
 * when the catalog does not fix it), split between the warehouses by their share.
 */
export function stockSeeds(prng: Prng, today: Date): StockSeed[] {
  return PRODUCTS.map((product) => {
    const dailySales = Array.from({ length: SALES_HISTORY_DAYS }, (_, index) => {
      const day = new Date(today.getTime() - (SALES_HISTORY_DAYS - index) * 86_400_000).getUTCDay();
      const weekend = day === 0 || day === 6 ? 0.45 : 1;
      return Math.max(0, Math.round(product.dailySales * weekend * (0.6 + prng.next() * 0.8)));
    });
    const coverDays = product.coverDays ?? prng.int(20, 80);
    const total = Math.round(product.dailySales * coverDays);
    const main = Math.round(total * (LOCATIONS[0]?.stockShare ?? 1));
    return { perLocation: [main, total - main], total, dailySales };
  });
}
