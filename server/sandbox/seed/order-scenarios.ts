import { ADDRESSES, FIRST_NAMES, LAST_NAMES, LOCATIONS, PRODUCTS, type AddressSeed } from './catalog.js';
import { dayAt } from './dates.js';
import type { Prng } from './prng.js';

/** How many web orders the shop has: #1001 to #1060, two a day over the last 30 days. */
export const ORDER_COUNT = 60;

/** The exceptions a workflow routes, and the other notable states. */
export type OrderScenario =
  | 'normal'
  | 'payment-mismatch'
  | 'invalid-address'
  | 'out-of-stock'
  | 'high-fraud'
  | 'pending-payment'
  | 'partially-fulfilled'
  | 'cancelled-customer'
  | 'cancelled-inventory'
  | 'cancelled-fraud'
  | 'returned'
  | 'partially-returned';

/** How a shipment went. */
export type DeliveryOutcome = 'delivered-on-time' | 'delivered-late' | 'in-transit' | 'in-transit-late' | 'lost' | 'exception';

/** The notable orders by number; every other order is `normal`. Documented in docs/sandbox.md. */
export const NOTABLE_ORDERS: Readonly<Record<number, OrderScenario>> = {
  1005: 'returned',
  1009: 'partially-returned',
  1012: 'cancelled-customer',
  1016: 'partially-returned',
  1027: 'cancelled-inventory',
  1038: 'cancelled-fraud',
  1042: 'payment-mismatch',
  1044: 'invalid-address',
  1046: 'partially-fulfilled',
  1050: 'out-of-stock',
  1052: 'high-fraud',
  1055: 'out-of-stock',
  1057: 'payment-mismatch',
  1058: 'invalid-address',
  1059: 'high-fraud',
  1060: 'pending-payment',
};

/** Shipments whose delivery went other than on time. */
export const NOTABLE_DELIVERIES: Readonly<Record<number, DeliveryOutcome>> = {
  1021: 'delivered-late',
  1024: 'lost',
  1031: 'exception',
  1049: 'in-transit-late',
};

/** A shopper. */
export interface ShopperSeed {
  readonly index: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
  readonly address: AddressSeed;
  readonly createdAt: Date;
}

/** An order line: a product and a quantity. */
export interface OrderLineSeed {
  readonly productIndex: number;
  readonly quantity: number;
}

/** A web order as every system sees it, before each system's own shape. */
export interface OrderSeed {
  readonly number: number;
  readonly scenario: OrderScenario;
  readonly createdAt: Date;
  readonly shopper: ShopperSeed;
  readonly shipTo: AddressSeed;
  readonly billTo: AddressSeed;
  readonly lines: readonly OrderLineSeed[];
  readonly tags: readonly string[];
  /** The warehouse (index into LOCATIONS) that ships it. */
  readonly locationIndex: number;
  /** Whether it was shipped (all lines, or the first line when partially fulfilled). */
  readonly shipped: boolean;
  readonly shippedAt: Date | null;
  readonly delivery: DeliveryOutcome | null;
  readonly closed: boolean;
}

const EAST_STATES = new Set(['NY', 'MA', 'GA', 'FL', 'NJ']);
const OUT_OF_STOCK_SKU = 'PK-1003';

/** The shoppers: 25, each with an address. */
export function shoppers(prng: Prng, today: Date): ShopperSeed[] {
  return FIRST_NAMES.map((firstName, index) => {
    const lastName = LAST_NAMES[(index * 7) % LAST_NAMES.length] as string;
    return {
      index,
      firstName,
      lastName,
      email: `${firstName}.${lastName}@example.com`.toLowerCase(),
      phone: `+1206555${String(1000 + index * 37).slice(-4)}`,
      address: ADDRESSES[index % ADDRESSES.length] as AddressSeed,
      createdAt: dayAt(today, -200 + prng.int(0, 150), prng.int(8, 20), prng.int(0, 59)),
    };
  });
}

/** The 60 web orders, oldest first. */
export function orderSeeds(prng: Prng, today: Date, people: readonly ShopperSeed[]): OrderSeed[] {
  const stocked = PRODUCTS.map((_, index) => index).filter((index) => PRODUCTS[index]?.sku !== OUT_OF_STOCK_SKU);
  const outOfStock = PRODUCTS.findIndex((product) => product.sku === OUT_OF_STOCK_SKU);
  const orders: OrderSeed[] = [];
  for (let n = 1; n <= ORDER_COUNT; n++) {
    const number = 1000 + n;
    const scenario = NOTABLE_ORDERS[number] ?? 'normal';
    const daysAgo = 30 - Math.floor((n - 1) / 2);
    const createdAt = dayAt(today, -daysAgo, prng.int(8, 20), prng.int(0, 59));
    const shopper = people[prng.int(0, people.length - 1)] as ShopperSeed;
    const lineCount = scenario === 'partially-fulfilled' || scenario === 'partially-returned' ? 2 : prng.int(1, 3);
    const picked = new Set<number>();
    while (picked.size < lineCount) picked.add(prng.pick(stocked));
    const lines: OrderLineSeed[] = [...picked].map((productIndex) => ({ productIndex, quantity: prng.int(1, 5) }));
    if (scenario === 'out-of-stock') lines.push({ productIndex: outOfStock, quantity: 4 });
    const shipTo = shipToFor(scenario, number, shopper.address);
    const billTo = scenario === 'high-fraud' ? (ADDRESSES[(shopper.index + 5) % ADDRESSES.length] as AddressSeed) : shopper.address;
    const shipped = shippedFor(scenario, daysAgo);
    const shippedAt = shipped ? dayAt(today, -daysAgo + 1, prng.int(14, 17), prng.int(0, 59)) : null;
    orders.push({
      number,
      scenario,
      createdAt,
      shopper,
      shipTo,
      billTo,
      lines,
      tags: tagsFor(n, scenario),
      locationIndex: EAST_STATES.has(shipTo.provinceCode) ? 1 : 0,
      shipped,
      shippedAt,
      delivery: shipped ? deliveryFor(number, daysAgo) : null,
      closed: scenario.startsWith('cancelled') || (shipped && scenario !== 'partially-fulfilled' && daysAgo >= 10),
    });
  }
  return orders;
}

function shipToFor(scenario: OrderScenario, number: number, address: AddressSeed): AddressSeed {
  if (scenario !== 'invalid-address') return address;
  // Two kinds of bad address a carrier refuses: a misspelled city with a four-digit ZIP, and no street at all.
  return number === 1044 ? { ...address, city: `${address.city.slice(0, -1)}`, zip: address.zip.slice(0, 4) } : { ...address, address1: '', zip: '00000' };
}

function shippedFor(scenario: OrderScenario, daysAgo: number): boolean {
  if (scenario === 'returned' || scenario === 'partially-returned' || scenario === 'partially-fulfilled') return true;
  if (scenario !== 'normal') return false;
  return daysAgo >= 5;
}

function deliveryFor(number: number, daysAgo: number): DeliveryOutcome {
  const notable = NOTABLE_DELIVERIES[number];
  if (notable) return notable;
  return daysAgo >= 8 ? 'delivered-on-time' : 'in-transit';
}

/** Tags by a fixed rule, so docs can name them: every 7th order wholesale, every 5th repeat, every 11th vip. */
function tagsFor(n: number, scenario: OrderScenario): string[] {
  const tags: string[] = [];
  if (n % 7 === 0) tags.push('wholesale');
  if (n % 5 === 0) tags.push('repeat-customer');
  if (n % 11 === 0) tags.push('vip');
  if (scenario === 'pending-payment') tags.push('bank-transfer');
  return tags;
}

/** The warehouse an order ships from. */
export function locationOf(order: OrderSeed): (typeof LOCATIONS)[number] {
  return LOCATIONS[order.locationIndex] as (typeof LOCATIONS)[number];
}
