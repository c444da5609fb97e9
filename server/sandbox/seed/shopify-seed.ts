import { LOCATIONS, PRODUCTS, VENDORS } from './catalog.js';
import { dayAt, shopifyTime } from './dates.js';
import { locationOf, type OrderSeed, type ShopperSeed } from './order-scenarios.js';
import type { Prng } from './prng.js';
import type { ShipmentSeed } from './shipments.js';
import type { StockSeed } from './stock.js';
import type {
  FulfillmentHoldReason,
  ShopifyAddress,
  ShopifyFulfillment,
  ShopifyFulfillmentOrder,
  ShopifyLineItem,
  ShopifyOrder,
  ShopifyRefund,
  ShopifyState,
  ShopifyTransaction,
} from '../shopify/shopify-types.js';
import { payments, risks } from './shopify-payments-seed.js';
import { buildProducts, locationId, productId, variantId, inventoryItemId } from './shopify-catalog-seed.js';
import { money, settleOrder, shippingRefund } from '../shopify/order-totals.js';
import { supportedActions } from '../shopify/fulfillment-actions.js';

/** The demo shop's id. */
export const SHOP_ID = 60_817_391_001;
/** Order ids are this plus the order number: #1001 is 5900000001001. */
export const ORDER_ID_BASE = 5_900_000_000_000;
/** The flat sales tax the demo shop charges. */
const TAX_RATE = 0.08;
const FREE_SHIPPING_FROM = 150;
const SHIPPING_PRICE = 12.5;


/** The shop as seeded. */
export function shopifySeed(prng: Prng, today: Date, orders: readonly OrderSeed[], shipments: readonly ShipmentSeed[], stock: readonly StockSeed[]): ShopifyState {
  const state: ShopifyState = {
    shopId: SHOP_ID,
    locations: LOCATIONS.map((location, index) => ({
      id: locationId(index),
      name: location.name,
      address1: location.address1,
      address2: null,
      city: location.city,
      zip: location.zip,
      province: location.province,
      province_code: location.provinceCode,
      country: 'US',
      country_code: 'US',
      country_name: 'United States',
      phone: '+14255550100',
      created_at: shopifyTime(dayAt(today, -900)),
      updated_at: shopifyTime(dayAt(today, -900)),
      legacy: false,
      active: true,
      admin_graphql_api_id: `gid://shopify/Location/${locationId(index)}`,
    })),
    ...buildProducts(today, stock),
    orders: [],
    fulfillmentOrders: [],
    transactions: [],
    risks: [],
    nextId: 9_000_000_000_001,
  };
  for (const order of orders) addOrder(state, prng, order, shipments.filter((shipment) => shipment.order === order));
  return state;
}

function address(shopper: ShopperSeed, place: OrderSeed['shipTo']): ShopifyAddress {
  return {
    first_name: shopper.firstName,
    last_name: shopper.lastName,
    name: `${shopper.firstName} ${shopper.lastName}`,
    company: null,
    address1: place.address1,
    address2: null,
    city: place.city,
    province: place.province,
    province_code: place.provinceCode,
    zip: place.zip,
    country: 'United States',
    country_code: 'US',
    phone: shopper.phone,
  };
}

function addOrder(state: ShopifyState, prng: Prng, seed: OrderSeed, shipments: readonly ShipmentSeed[]): void {
  const id = ORDER_ID_BASE + seed.number;
  const created = shopifyTime(seed.createdAt);
  const lineItems: ShopifyLineItem[] = seed.lines.map((line, index) => {
    const product = PRODUCTS[line.productIndex] as (typeof PRODUCTS)[number];
    const lineId = 13_900_000_000_000 + seed.number * 10 + index;
    const price = product.price;
    return {
      id: lineId,
      admin_graphql_api_id: `gid://shopify/LineItem/${lineId}`,
      product_id: productId(line.productIndex),
      variant_id: variantId(line.productIndex),
      title: product.title,
      variant_title: null,
      name: product.title,
      sku: product.sku,
      vendor: VENDORS.find((vendor) => vendor.number === product.vendor)?.name ?? '',
      quantity: line.quantity,
      current_quantity: line.quantity,
      fulfillable_quantity: line.quantity,
      fulfillment_status: null,
      fulfillment_service: 'manual',
      price: money(price),
      total_discount: '0.00',
      grams: product.grams,
      requires_shipping: true,
      taxable: true,
      gift_card: false,
      product_exists: true,
      properties: [],
      tax_lines: [{ title: 'State Tax', price: money(price * line.quantity * TAX_RATE), rate: TAX_RATE }],
    };
  });
  const subtotal = lineItems.reduce((sum, line) => sum + Number(line.price) * line.quantity, 0);
  const shipping = subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING_PRICE;
  const tax = lineItems.reduce((sum, line) => sum + Number(line.tax_lines[0]?.price ?? 0), 0);
  const total = subtotal + shipping + tax;
  const customerId = 7_200_000_000_000 + seed.shopper.index;
  const fraud = seed.scenario === 'high-fraud' || seed.scenario === 'cancelled-fraud';
  const fraudScore = fraud ? 88 + prng.int(0, 9) : prng.int(1, 18);
  const order: ShopifyOrder = {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${seed.number}`,
    number: seed.number - 1000,
    order_number: seed.number,
    token: prng.code(32, '0123456789abcdef'),
    email: fraud ? `${seed.shopper.firstName.toLowerCase()}${prng.int(100, 999)}@mailinator.example` : seed.shopper.email,
    contact_email: seed.shopper.email,
    phone: null,
    created_at: created,
    updated_at: created,
    processed_at: created,
    closed_at: null,
    cancelled_at: null,
    cancel_reason: null,
    confirmed: true,
    test: false,
    currency: 'USD',
    presentment_currency: 'USD',
    financial_status: 'paid',
    fulfillment_status: null,
    tags: seed.tags.join(', '),
    note: seed.scenario === 'invalid-address' ? 'Please leave at the back door' : null,
    note_attributes: [
      { name: 'fraud_score', value: String(fraudScore) },
      { name: 'fraud_recommendation', value: fraud ? 'cancel' : 'accept' },
    ],
    source_name: 'web',
    payment_gateway_names: ['shopify_payments'],
    browser_ip: fraud ? '198.51.100.23' : `203.0.113.${prng.int(2, 250)}`,
    buyer_accepts_marketing: prng.chance(0.4),
    taxes_included: false,
    total_weight: lineItems.reduce((sum, line) => sum + line.grams * line.quantity, 0),
    total_line_items_price: money(subtotal),
    subtotal_price: money(subtotal),
    total_tax: money(tax),
    total_discounts: '0.00',
    total_shipping_price: money(shipping),
    total_price: money(total),
    current_subtotal_price: money(subtotal),
    current_total_tax: money(tax),
    current_total_price: money(total),
    total_outstanding: '0.00',
    order_status_url: `https://contoso-distribution.example/${SHOP_ID}/orders/${id}/authenticate`,
    customer: {
      id: customerId,
      admin_graphql_api_id: `gid://shopify/Customer/${customerId}`,
      email: seed.shopper.email,
      first_name: seed.shopper.firstName,
      last_name: seed.shopper.lastName,
      phone: seed.shopper.phone,
      state: 'enabled',
      verified_email: true,
      tags: '',
      currency: 'USD',
      created_at: shopifyTime(seed.shopper.createdAt),
      updated_at: shopifyTime(seed.shopper.createdAt),
      default_address: { ...address(seed.shopper, seed.shopper.address), id: customerId + 1_000_000, customer_id: customerId, default: true },
    },
    billing_address: address(seed.shopper, seed.billTo),
    shipping_address: address(seed.shopper, seed.shipTo),
    line_items: lineItems,
    shipping_lines: [
      { id: 4_100_000_000_000 + seed.number, title: shipping === 0 ? 'Free Ground Shipping' : 'Standard Shipping', code: 'STANDARD', price: money(shipping), discounted_price: money(shipping), source: 'shopify', carrier_identifier: null },
    ],
    tax_lines: [{ title: 'State Tax', price: money(tax), rate: TAX_RATE }],
    fulfillments: [],
    refunds: [],
  };
  state.orders.push(order);
  state.risks.push(...risks(order, fraud));
  const sale = payments(state, order, seed, total);
  state.fulfillmentOrders.push(fulfillmentOrder(state, order, seed));
  for (const shipment of shipments.filter((candidate) => !candidate.isReturnLabel)) fulfil(state, order, seed, shipment);
  if (seed.closed && !seed.scenario.startsWith('cancelled')) order.closed_at = shopifyTime(dayAt(seed.createdAt, 9));
  if (seed.scenario === 'returned' || seed.scenario === 'partially-returned') {
    const returned = shipments.find((candidate) => candidate.isReturnLabel);
    if (returned?.actualDelivery && sale) refund(state, order, sale, seed.scenario === 'returned' ? order.line_items : order.line_items.slice(0, 1), 'return', returned.actualDelivery, seed.scenario === 'returned');
  }
  if (seed.scenario.startsWith('cancelled')) cancel(state, order, seed, sale);
}

const HOLDS: Partial<Record<OrderSeed['scenario'], { reason: FulfillmentHoldReason; notes: string }>> = {
  'payment-mismatch': { reason: 'awaiting_payment', notes: 'The amount captured is less than the order total' },
  'invalid-address': { reason: 'incorrect_address', notes: 'The carrier could not validate the shipping address' },
  'out-of-stock': { reason: 'inventory_out_of_stock', notes: 'PK-1003 is out of stock at every location' },
  'high-fraud': { reason: 'high_risk_of_fraud', notes: 'Fraud analysis recommends cancelling this order' },
};

function fulfillmentOrder(state: ShopifyState, order: ShopifyOrder, seed: OrderSeed): ShopifyFulfillmentOrder {
  const id = 6_500_000_000_000 + order.order_number;
  const location = locationOf(seed);
  const hold = HOLDS[seed.scenario];
  const status: ShopifyFulfillmentOrder['status'] = hold ? 'on_hold' : seed.scenario.startsWith('cancelled') ? 'closed' : 'open';
  return {
    id,
    shop_id: state.shopId,
    order_id: order.id,
    assigned_location_id: locationId(seed.locationIndex),
    request_status: 'unsubmitted',
    status,
    supported_actions: supportedActions(status),
    destination: {
      id: id + 1_000_000,
      address1: order.shipping_address.address1,
      address2: null,
      city: order.shipping_address.city,
      company: null,
      country: order.shipping_address.country,
      email: order.email,
      first_name: order.shipping_address.first_name,
      last_name: order.shipping_address.last_name,
      phone: order.shipping_address.phone,
      province: order.shipping_address.province,
      zip: order.shipping_address.zip,
    },
    line_items: order.line_items.map((line, index) => ({
      id: 6_600_000_000_000 + order.order_number * 10 + index,
      shop_id: state.shopId,
      fulfillment_order_id: id,
      line_item_id: line.id,
      inventory_item_id: inventoryItemId(seed.lines[index]?.productIndex ?? 0),
      variant_id: line.variant_id,
      quantity: line.quantity,
      fulfillable_quantity: status === 'closed' ? 0 : line.quantity,
    })),
    fulfill_at: order.created_at,
    fulfill_by: null,
    international_duties: null,
    fulfillment_holds: hold ? [{ reason: hold.reason, reason_notes: hold.notes }] : [],
    delivery_method: { id: id + 2_000_000, method_type: 'shipping', min_delivery_date_time: null, max_delivery_date_time: null },
    assigned_location: { address1: location.address1, address2: null, city: location.city, country_code: 'US', location_id: locationId(seed.locationIndex), name: location.name, phone: null, province: location.province, zip: location.zip },
    merchant_requests: [],
    created_at: order.created_at,
    updated_at: order.created_at,
  };
}

function fulfil(state: ShopifyState, order: ShopifyOrder, seed: OrderSeed, shipment: ShipmentSeed): void {
  const fulfillmentOrder = state.fulfillmentOrders.find((candidate) => candidate.order_id === order.id);
  const id = 5_100_000_000_000 + order.order_number * 10;
  const shipped = order.line_items.slice(0, shipment.lines.length);
  for (const line of shipped) {
    line.fulfillable_quantity = 0;
    line.fulfillment_status = 'fulfilled';
  }
  for (const item of fulfillmentOrder?.line_items ?? []) if (shipped.some((line) => line.id === item.line_item_id)) item.fulfillable_quantity = 0;
  const complete = shipped.length === order.line_items.length;
  order.fulfillment_status = complete ? 'fulfilled' : 'partial';
  if (fulfillmentOrder) {
    fulfillmentOrder.status = complete ? 'closed' : 'in_progress';
    fulfillmentOrder.supported_actions = supportedActions(fulfillmentOrder.status);
  }
  const at = shopifyTime(shipment.shipDate);
  const fulfillment: ShopifyFulfillment = {
    id,
    admin_graphql_api_id: `gid://shopify/Fulfillment/${id}`,
    order_id: order.id,
    name: `${order.name}.1`,
    status: 'success',
    created_at: at,
    updated_at: at,
    service: 'manual',
    location_id: locationId(seed.locationIndex),
    origin_address: null,
    receipt: {},
    shipment_status: shipment.status === 'delivered' ? 'delivered' : shipment.status === 'in_transit' ? 'in_transit' : 'failure',
    tracking_company: shipment.carrierName,
    tracking_number: shipment.trackingNumber,
    tracking_numbers: [shipment.trackingNumber],
    tracking_url: shipment.trackingUrl,
    tracking_urls: [shipment.trackingUrl],
    line_items: shipped.map((line) => ({ ...line, tax_lines: [...line.tax_lines] })),
  };
  order.fulfillments.push(fulfillment);
  order.updated_at = at;
}

/** A refund of whole lines, restocked as `restockType`, with the shipping when `withShipping`. */
function refund(state: ShopifyState, order: ShopifyOrder, sale: ShopifyTransaction, lines: readonly ShopifyLineItem[], restockType: 'return' | 'cancel', at: Date, withShipping: boolean): ShopifyRefund {
  const id = 9_100_000_000_000 + order.order_number * 10 + order.refunds.length;
  const subtotal = lines.reduce((sum, line) => sum + Number(line.price) * line.quantity, 0);
  const tax = lines.reduce((sum, line) => sum + Number(line.tax_lines[0]?.price ?? 0), 0);
  const amount = subtotal + tax + (withShipping ? Number(order.total_shipping_price) : 0);
  const time = shopifyTime(at);
  const transaction: ShopifyTransaction = {
    ...sale,
    id: 6_300_000_000_000 + order.order_number * 10 + 5 + order.refunds.length,
    admin_graphql_api_id: `gid://shopify/OrderTransaction/${6_300_000_000_000 + order.order_number * 10 + 5 + order.refunds.length}`,
    kind: 'refund',
    parent_id: sale.id,
    amount: money(amount),
    created_at: time,
    processed_at: time,
    message: 'Refund processed',
  };
  const result: ShopifyRefund = {
    id,
    admin_graphql_api_id: `gid://shopify/Refund/${id}`,
    order_id: order.id,
    created_at: time,
    processed_at: time,
    note: restockType === 'return' ? 'Customer return received at the warehouse' : 'Order cancelled',
    user_id: null,
    restock: true,
    duties: [],
    order_adjustments: withShipping ? [shippingRefund(order, id + 5_000_000, id)] : [],
    refund_line_items: lines.map((line, index) => ({
      id: 9_200_000_000_000 + order.order_number * 10 + index,
      line_item_id: line.id,
      location_id: state.fulfillmentOrders.find((candidate) => candidate.order_id === order.id)?.assigned_location_id ?? null,
      quantity: line.quantity,
      restock_type: restockType,
      subtotal: money(Number(line.price) * line.quantity),
      total_tax: line.tax_lines[0]?.price ?? '0.00',
      line_item: { ...line },
    })),
    transactions: [transaction],
  };
  for (const line of lines) line.current_quantity = 0;
  state.transactions.push(transaction);
  order.refunds.push(result);
  settleOrder(order, Number(sale.amount));
  order.updated_at = time;
  return result;
}

function cancel(state: ShopifyState, order: ShopifyOrder, seed: OrderSeed, sale: ShopifyTransaction | undefined): void {
  const at = dayAt(seed.createdAt, 0, 3);
  order.cancel_reason = seed.scenario === 'cancelled-customer' ? 'customer' : seed.scenario === 'cancelled-inventory' ? 'inventory' : 'fraud';
  order.cancelled_at = shopifyTime(at);
  order.closed_at = shopifyTime(at);
  if (sale) refund(state, order, sale, order.line_items, 'cancel', at, true);
  for (const line of order.line_items) {
    line.current_quantity = 0;
    line.fulfillable_quantity = 0;
  }
  settleOrder(order, sale ? Number(sale.amount) : 0);
  order.updated_at = shopifyTime(at);
}
