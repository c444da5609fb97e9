import { PRODUCTS } from './catalog.js';
import { dayAt, isoDate, isoInstant, shipStationTime } from './dates.js';
import { locationOf, type OrderSeed } from './order-scenarios.js';
import type { ShipmentSeed } from './shipments.js';
import type { ShopifyOrder } from '../shopify/shopify-types.js';
import type { ShipStationAddress, ShipStationOrder, ShipStationOrderStatus, ShipStationShipment, ShipStationState } from '../shipstation/shipstation-types.js';

/** ShipStation ids: the order of web order #1001 is 212001001, its first item 380010010. */
export const SHIPSTATION_ORDER_ID_BASE = 212_000_000;
export const SHIPSTATION_STORE_ID = 401_001;
export const SHIPSTATION_USER_ID = '5c2b1a90-7d3e-4f8a-b1c6-2e9d0f4a8b73';
/** Warehouse ids, index as LOCATIONS: 501001 Main Warehouse, 501002 East Coast DC. */
export const warehouseId = (index: number): number => 501_001 + index;

const ON_HOLD_NOTES: Partial<Record<OrderSeed['scenario'], string>> = {
  'invalid-address': 'On hold: the address failed validation',
  'out-of-stock': 'On hold: PK-1003 is out of stock',
  'high-fraud': 'On hold: fraud review',
};

/** The 3PL's orders (imported from the shop) and its shipments with their tracking. */
export function shipStationSeed(seeds: readonly OrderSeed[], shopOrders: readonly ShopifyOrder[], shipments: readonly ShipmentSeed[]): ShipStationState {
  const orders = seeds.map((seed, index) => order(seed, shopOrders[index] as ShopifyOrder));
  const state: ShipStationState = { orders, shipments: [], tracking: [], nextShipmentId: 331_000_001, nextOrderItemId: 380_900_000 };
  for (const shipment of shipments) addShipment(state, shipment);
  return state;
}

/** A ShipStation address from a web order's address. */
export function shipStationAddress(name: string, street1: string, city: string, state: string, postalCode: string, verified: ShipStationAddress['addressVerified']): ShipStationAddress {
  return { name, company: null, street1, street2: null, street3: null, city, state, postalCode, country: 'US', phone: null, residential: true, addressVerified: verified };
}

function status(seed: OrderSeed): ShipStationOrderStatus {
  if (seed.scenario.startsWith('cancelled')) return 'cancelled';
  if (seed.scenario === 'payment-mismatch' || seed.scenario === 'pending-payment') return 'awaiting_payment';
  if (ON_HOLD_NOTES[seed.scenario]) return 'on_hold';
  return seed.shipped && seed.scenario !== 'partially-fulfilled' ? 'shipped' : 'awaiting_shipment';
}

function order(seed: OrderSeed, shop: ShopifyOrder): ShipStationOrder {
  const created = shipStationTime(seed.createdAt);
  const ounces = Math.round(shop.total_weight / 28.3495);
  const address = shop.shipping_address;
  const orderStatus = status(seed);
  return {
    orderId: SHIPSTATION_ORDER_ID_BASE + seed.number,
    orderNumber: String(seed.number),
    orderKey: String(shop.id),
    orderDate: created,
    createDate: created,
    modifyDate: seed.shippedAt ? shipStationTime(seed.shippedAt) : created,
    paymentDate: shop.financial_status === 'pending' ? null : created,
    shipByDate: shipStationTime(dayAt(seed.createdAt, 2)),
    orderStatus,
    customerId: 95_000_000 + seed.shopper.index,
    customerUsername: seed.shopper.email,
    customerEmail: seed.shopper.email,
    billTo: shipStationAddress(shop.billing_address.name, shop.billing_address.address1, shop.billing_address.city, shop.billing_address.province_code, shop.billing_address.zip, null),
    shipTo: shipStationAddress(address.name, address.address1, address.city, address.province_code, address.zip, seed.scenario === 'invalid-address' ? 'Address validation failed' : 'Address validated successfully'),
    items: shop.line_items.map((line, index) => ({
      orderItemId: 380_000_000 + seed.number * 10 + index,
      lineItemKey: String(line.id),
      sku: line.sku,
      name: line.title,
      imageUrl: null,
      weight: { value: Math.round(line.grams / 28.3495), units: 'ounces', WeightUnits: 1 },
      quantity: line.quantity,
      unitPrice: Number(line.price),
      taxAmount: Number(line.tax_lines[0]?.price ?? 0),
      shippingAmount: null,
      warehouseLocation: `${locationOf(seed).code}-${String.fromCharCode(65 + (index % 6))}${(seed.lines[index]?.productIndex ?? 0) % 20 + 1}`,
      options: [],
      productId: null,
      fulfillmentSku: null,
      adjustment: false,
      upc: null,
      createDate: created,
      modifyDate: created,
    })),
    orderTotal: Number(shop.total_price),
    amountPaid: Number((Number(shop.total_price) - Number(shop.total_outstanding)).toFixed(2)),
    taxAmount: Number(shop.total_tax),
    shippingAmount: Number(shop.total_shipping_price),
    customerNotes: shop.note,
    internalNotes: ON_HOLD_NOTES[seed.scenario] ?? null,
    gift: false,
    giftMessage: null,
    paymentMethod: shop.payment_gateway_names[0] ?? null,
    requestedShippingService: shop.shipping_lines[0]?.title ?? null,
    carrierCode: null,
    serviceCode: null,
    packageCode: null,
    confirmation: 'none',
    shipDate: orderStatus === 'shipped' && seed.shippedAt ? isoDate(seed.shippedAt) : null,
    holdUntilDate: null,
    weight: { value: ounces, units: 'ounces', WeightUnits: 1 },
    dimensions: null,
    insuranceOptions: { provider: null, insureShipment: false, insuredValue: 0 },
    internationalOptions: { contents: null, customsItems: null, nonDelivery: null },
    advancedOptions: { warehouseId: warehouseId(seed.locationIndex), nonMachinable: false, saturdayDelivery: false, containsAlcohol: false, storeId: SHIPSTATION_STORE_ID, customField1: null, customField2: null, customField3: null, source: 'shopify' },
    tagIds: null,
    userId: null,
    externallyFulfilled: false,
    externallyFulfilledBy: null,
  };
}

function addShipment(state: ShipStationState, seed: ShipmentSeed): void {
  const order = state.orders.find((candidate) => candidate.orderNumber === String(seed.order.number)) as ShipStationOrder;
  const warehouse = locationOf(seed.order);
  const shipmentId = state.nextShipmentId++;
  const shipTo = seed.isReturnLabel ? shipStationAddress('Contoso Distribution Returns', warehouse.address1, warehouse.city, warehouse.provinceCode, warehouse.zip, 'Address validated successfully') : { ...order.shipTo };
  const items = seed.lines.map((line, index) => {
    const product = PRODUCTS[line.productIndex] as (typeof PRODUCTS)[number];
    return { orderItemId: order.items[index]?.orderItemId ?? null, lineItemKey: order.items[index]?.lineItemKey ?? null, sku: product.sku, name: product.title, quantity: line.quantity, unitPrice: product.price };
  });
  const shipment: ShipStationShipment = {
    shipmentId,
    orderId: order.orderId,
    orderKey: order.orderKey,
    userId: SHIPSTATION_USER_ID,
    customerEmail: order.customerEmail,
    orderNumber: order.orderNumber,
    createDate: shipStationTime(dayAt(seed.shipDate, 0, -2)),
    shipDate: isoDate(seed.shipDate),
    shipmentCost: seed.cost,
    insuranceCost: 0,
    trackingNumber: seed.trackingNumber,
    isReturnLabel: seed.isReturnLabel,
    batchNumber: null,
    carrierCode: seed.carrierCode,
    serviceCode: seed.serviceCode,
    packageCode: seed.packageCode,
    confirmation: 'none',
    warehouseId: warehouseId(seed.order.locationIndex),
    voided: false,
    voidDate: null,
    marketplaceNotified: !seed.isReturnLabel,
    notifyErrorMessage: null,
    shipTo,
    weight: { value: Math.max(1, Math.round(items.reduce((sum, item) => sum + (PRODUCTS.find((product) => product.sku === item.sku)?.grams ?? 0) * item.quantity, 0) / 28.3495)), units: 'ounces', WeightUnits: 1 },
    dimensions: { length: 18, width: 12, height: 12, units: 'inches' },
    insuranceOptions: { provider: null, insureShipment: false, insuredValue: 0 },
    advancedOptions: { billToParty: null, billToAccount: null, billToPostalCode: null, billToCountryCode: null, storeId: SHIPSTATION_STORE_ID },
    shipmentItems: items,
    labelData: null,
    formData: null,
  };
  state.shipments.push(shipment);
  state.tracking.push({
    shipmentId,
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    carrierCode: seed.carrierCode,
    trackingNumber: seed.trackingNumber,
    trackingUrl: seed.trackingUrl,
    status: seed.status,
    statusDescription: seed.statusDescription,
    shipDate: isoInstant(seed.shipDate),
    estimatedDeliveryDate: isoInstant(seed.estimatedDelivery),
    actualDeliveryDate: seed.actualDelivery ? isoInstant(seed.actualDelivery) : null,
    events: seed.events.map((event) => ({ occurredAt: isoInstant(event.occurredAt), status: event.status, description: event.description, city: event.city, state: event.state, postalCode: event.postalCode, country: 'US' })),
  });
}

