import { dayAt } from './dates.js';
import { locationOf, type DeliveryOutcome, type OrderLineSeed, type OrderSeed } from './order-scenarios.js';
import type { Prng } from './prng.js';

/** A carrier the 3PL ships with. */
interface Carrier {
  readonly code: 'ups' | 'stamps_com' | 'fedex';
  readonly name: 'UPS' | 'USPS' | 'FedEx';
  readonly serviceCode: string;
  readonly packageCode: string;
  readonly transitDays: number;
  trackingNumber(prng: Prng): string;
  trackingUrl(number: string): string;
}

const CARRIERS: readonly Carrier[] = [
  {
    code: 'ups',
    name: 'UPS',
    serviceCode: 'ups_ground',
    packageCode: 'package',
    transitDays: 3,
    trackingNumber: (prng) => `1Z${prng.code(6, 'ABCDEFGHJKLMNPRSTUVWXY0123456789')}03${prng.code(8, '0123456789')}`,
    trackingUrl: (number) => `https://www.ups.com/track?tracknum=${number}`,
  },
  {
    code: 'stamps_com',
    name: 'USPS',
    serviceCode: 'usps_priority_mail',
    packageCode: 'package',
    transitDays: 2,
    trackingNumber: (prng) => `9400${prng.code(18, '0123456789')}`,
    trackingUrl: (number) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${number}`,
  },
  {
    code: 'fedex',
    name: 'FedEx',
    serviceCode: 'fedex_ground',
    packageCode: 'package',
    transitDays: 4,
    trackingNumber: (prng) => prng.code(12, '0123456789'),
    trackingUrl: (number) => `https://www.fedex.com/fedextrack/?trknbr=${number}`,
  },
];

/** What the carrier reports: the sandbox's 3PL tracking extension (docs/sandbox.md). */
export type TrackingStatus = 'in_transit' | 'delivered' | 'exception' | 'lost';

/** One carrier scan. */
export interface TrackingEvent {
  readonly occurredAt: Date;
  readonly status: 'label_created' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'exception';
  readonly description: string;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
}

/** A shipment the 3PL made for a web order (or a return label for one). */
export interface ShipmentSeed {
  readonly order: OrderSeed;
  readonly isReturnLabel: boolean;
  readonly carrierCode: Carrier['code'];
  readonly carrierName: Carrier['name'];
  readonly serviceCode: string;
  readonly packageCode: string;
  readonly trackingNumber: string;
  readonly trackingUrl: string;
  readonly shipDate: Date;
  readonly estimatedDelivery: Date;
  readonly actualDelivery: Date | null;
  readonly status: TrackingStatus;
  readonly statusDescription: string;
  readonly events: readonly TrackingEvent[];
  readonly lines: readonly OrderLineSeed[];
  readonly cost: number;
}

const HUBS = [
  { city: 'Salt Lake City', state: 'UT', postalCode: '84104' },
  { city: 'Louisville', state: 'KY', postalCode: '40209' },
  { city: 'Memphis', state: 'TN', postalCode: '38118' },
  { city: 'Indianapolis', state: 'IN', postalCode: '46241' },
];

/**
 * The shipments of the shipped orders (the partially fulfilled one ships its first line) and the
 * return labels of returned orders. Scans are cut at the start of `today`, so an in-transit
 * shipment shows the scans it had so far.
 */
export function shipmentSeeds(prng: Prng, today: Date, orders: readonly OrderSeed[]): ShipmentSeed[] {
  const shipments: ShipmentSeed[] = [];
  for (const order of orders) {
    if (!order.shipped || !order.shippedAt || !order.delivery) continue;
    const carrier = prng.pick(CARRIERS);
    const lines = order.scenario === 'partially-fulfilled' ? order.lines.slice(0, 1) : order.lines;
    const outbound = shipment(prng, today, order, carrier, order.shippedAt, order.delivery, lines, false);
    shipments.push(outbound);
    if ((order.scenario === 'returned' || order.scenario === 'partially-returned') && outbound.actualDelivery) {
      const returned = order.scenario === 'returned' ? lines : lines.slice(0, 1);
      shipments.push(shipment(prng, today, order, CARRIERS[0] as Carrier, dayAt(outbound.actualDelivery, 3, 11), 'delivered-on-time', returned, true));
    }
  }
  return shipments;
}

function shipment(prng: Prng, today: Date, order: OrderSeed, carrier: Carrier, shipDate: Date, outcome: DeliveryOutcome, lines: readonly OrderLineSeed[], isReturnLabel: boolean): ShipmentSeed {
  const warehouse = locationOf(order);
  const origin = isReturnLabel ? { city: order.shipTo.city, state: order.shipTo.provinceCode, postalCode: order.shipTo.zip } : { city: warehouse.city, state: warehouse.provinceCode, postalCode: warehouse.zip };
  const destination = isReturnLabel ? { city: warehouse.city, state: warehouse.provinceCode, postalCode: warehouse.zip } : { city: order.shipTo.city, state: order.shipTo.provinceCode, postalCode: order.shipTo.zip };
  const hub = prng.pick(HUBS);
  let estimated = dayAt(shipDate, carrier.transitDays, 20 - shipDate.getUTCHours());
  if (outcome === 'in-transit' && estimated <= today) estimated = dayAt(today, 1, 20);
  if (outcome === 'in-transit-late') estimated = dayAt(shipDate, 2, 20 - shipDate.getUTCHours());
  const delivered = outcome === 'delivered-on-time' ? dayAt(estimated, -1, -5) : outcome === 'delivered-late' ? dayAt(estimated, 3, -6) : null;
  const scans: TrackingEvent[] = [
    { occurredAt: dayAt(shipDate, 0, -2), status: 'label_created', description: 'Shipping label created; the carrier awaits the item', ...origin },
    { occurredAt: shipDate, status: 'in_transit', description: 'Picked up by the carrier', ...origin },
    { occurredAt: dayAt(shipDate, 1, -4), status: 'in_transit', description: 'Departed carrier facility', ...hub },
  ];
  if (outcome !== 'lost') scans.push({ occurredAt: dayAt(shipDate, carrier.transitDays - 1, 0), status: 'in_transit', description: 'Arrived at destination facility', ...destination });
  if (outcome === 'exception') scans.push({ occurredAt: dayAt(shipDate, carrier.transitDays, 2), status: 'exception', description: 'Delivery exception: the address is incomplete; held at the local facility', ...destination });
  if (delivered) {
    scans.push({ occurredAt: dayAt(delivered, 0, -4), status: 'out_for_delivery', description: 'Out for delivery', ...destination });
    scans.push({ occurredAt: delivered, status: 'delivered', description: 'Delivered, front door', ...destination });
  }
  const events = scans.filter((scan) => scan.occurredAt <= today).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const status: TrackingStatus = outcome === 'lost' ? 'lost' : outcome === 'exception' ? 'exception' : delivered && delivered <= today ? 'delivered' : 'in_transit';
  const descriptions: Record<TrackingStatus, string> = {
    in_transit: estimated < today ? 'In transit, past the estimated delivery date' : 'In transit',
    delivered: 'Delivered',
    exception: 'Delivery exception: the address is incomplete',
    lost: 'The carrier has declared the package lost (no scan since it left the hub)',
  };
  const trackingNumber = carrier.trackingNumber(prng);
  return {
    order,
    isReturnLabel,
    carrierCode: carrier.code,
    carrierName: carrier.name,
    serviceCode: carrier.serviceCode,
    packageCode: carrier.packageCode,
    trackingNumber,
    trackingUrl: carrier.trackingUrl(trackingNumber),
    shipDate,
    estimatedDelivery: estimated,
    actualDelivery: status === 'delivered' ? delivered : null,
    status,
    statusDescription: descriptions[status],
    events,
    lines,
    cost: Number((6 + prng.next() * 14).toFixed(2)),
  };
}

