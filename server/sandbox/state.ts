import type { BcState } from './business-central/bc-types.js';
import { businessCentralSeed } from './seed/business-central-seed.js';
import { startOfDay } from './seed/dates.js';
import { orderSeeds, shoppers } from './seed/order-scenarios.js';
import { Prng } from './seed/prng.js';
import { shipmentSeeds } from './seed/shipments.js';
import { shipStationSeed } from './seed/shipstation-seed.js';
import { shopifySeed } from './seed/shopify-seed.js';
import { stockSeeds } from './seed/stock.js';
import type { ShipStationState } from './shipstation/shipstation-types.js';
import type { ShopifyState } from './shopify/shopify-types.js';

/** Every imitated system's data. */
export interface SandboxState {
  /** The day the seed is anchored to (midnight UTC): "30 days of sales" end the day before. */
  readonly today: Date;
  readonly shopify: ShopifyState;
  readonly businessCentral: BcState;
  readonly shipstation: ShipStationState;
  /** Ids and GUIDs of records created through the APIs come from here, so a replayed test sees the same ids. */
  readonly prng: Prng;
}

/** The fixed seed of the demo data. */
const SEED = 20_241_001;

/**
 * The seeded data for the demo distributor, anchored to `today` (dates are relative to it; every
 * other value is the same on every start).
 */
export function seedState(today: Date): SandboxState {
  const day = startOfDay(today);
  const prng = new Prng(SEED);
  const stock = stockSeeds(prng, day);
  const people = shoppers(prng, day);
  const orders = orderSeeds(prng, day, people);
  const shipments = shipmentSeeds(prng, day, orders);
  const shopify = shopifySeed(prng, day, orders, shipments, stock);
  return {
    today: day,
    shopify,
    businessCentral: businessCentralSeed(prng, day, stock),
    shipstation: shipStationSeed(orders, shopify.orders, shipments),
    prng: new Prng(SEED + 1),
  };
}
