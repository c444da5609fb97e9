import { jsonReply, type Route } from '../http-types.js';
import { SandboxError } from '../sandbox-error.js';
import { dateParam, instant, pageOf, paging, sortDirection, within } from './shipstation-params.js';
import type { ShipStationOrder, ShipStationOrderStatus, ShipStationShipment } from './shipstation-types.js';

const STATUSES: readonly ShipStationOrderStatus[] = ['awaiting_payment', 'awaiting_shipment', 'pending_fulfillment', 'shipped', 'on_hold', 'cancelled'];
const ORDER_SORTS = { OrderDate: 'orderDate', ModifyDate: 'modifyDate', CreateDate: 'createDate' } as const;
const SHIPMENT_SORTS = { ShipDate: 'shipDate', CreateDate: 'createDate' } as const;

function choice<T extends string>(query: URLSearchParams, name: string, choices: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!(choices as readonly string[]).includes(raw)) throw new SandboxError(400, `The value '${raw}' is not valid for ${name}: use one of ${choices.join(', ')}.`, name);
  return raw as T;
}

function contains(value: string | null, part: string | null): boolean {
  return part === null || (value ?? '').toLowerCase().includes(part.toLowerCase());
}

function dateRange(query: URLSearchParams, prefix: string): (value: string | null) => boolean {
  const start = dateParam(query, `${prefix}Start`);
  const end = dateParam(query, `${prefix}End`);
  return (value) => within(value, start, end, query.get(`${prefix}End`));
}

function numeric(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw new SandboxError(400, `The value '${raw}' is not valid for ${name}.`, name);
  return Number(raw);
}

/** `GET /orders`, `GET /orders/{orderId}`, `GET /shipments`. */
export const listRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/shipstation/orders',
    handle(request, context) {
      const query = request.query;
      const { page, pageSize } = paging(query);
      const status = choice(query, 'orderStatus', STATUSES);
      const sortBy = choice(query, 'sortBy', Object.keys(ORDER_SORTS) as (keyof typeof ORDER_SORTS)[]);
      const direction = sortDirection(query);
      const storeId = numeric(query, 'storeId');
      const ranges = ['createDate', 'modifyDate', 'orderDate', 'paymentDate'].map((field) => ({ field: field as 'createDate' | 'modifyDate' | 'orderDate' | 'paymentDate', test: dateRange(query, field) }));
      const orders = context.state.shipstation.orders.filter(
        (order: ShipStationOrder) =>
          (status === undefined || order.orderStatus === status) &&
          contains(order.orderNumber, query.get('orderNumber')) &&
          contains(order.shipTo.name, query.get('customerName')) &&
          (query.get('itemKeyword') === null || order.items.some((item) => contains(item.sku, query.get('itemKeyword')) || contains(item.name, query.get('itemKeyword')))) &&
          (storeId === undefined || order.advancedOptions.storeId === storeId) &&
          ranges.every(({ field, test }) => test(order[field])),
      );
      const field = ORDER_SORTS[sortBy ?? 'OrderDate'];
      orders.sort((a, b) => direction * (instant(a[field]) - instant(b[field]) || a.orderId - b.orderId));
      const result = pageOf(orders, page, pageSize);
      return jsonReply(200, { orders: result.items, total: result.total, page: result.page, pages: result.pages });
    },
  },
  {
    method: 'GET',
    pattern: '/shipstation/orders/:orderId',
    handle(request, context) {
      const id = Number(request.params.orderId);
      const order = context.state.shipstation.orders.find((candidate) => candidate.orderId === id);
      if (!order) throw new SandboxError(404, `Order not found: ${request.params.orderId ?? ''}`);
      return jsonReply(200, order);
    },
  },
  {
    method: 'GET',
    pattern: '/shipstation/shipments',
    handle(request, context) {
      const query = request.query;
      const { page, pageSize } = paging(query);
      const sortBy = choice(query, 'sortBy', Object.keys(SHIPMENT_SORTS) as (keyof typeof SHIPMENT_SORTS)[]);
      const direction = sortDirection(query);
      const orderId = numeric(query, 'orderId');
      const storeId = numeric(query, 'storeId');
      const includeItems = choice(query, 'includeShipmentItems', ['true', 'false']) === 'true';
      const created = dateRange(query, 'createDate');
      const shipped = dateRange(query, 'shipDate');
      const voided = dateRange(query, 'voidDate');
      const exact = (value: string | null, wanted: string | null) => wanted === null || (value ?? '').toLowerCase() === wanted.toLowerCase();
      const shipments = context.state.shipstation.shipments.filter(
        (shipment: ShipStationShipment) =>
          (orderId === undefined || shipment.orderId === orderId) &&
          (storeId === undefined || shipment.advancedOptions.storeId === storeId) &&
          exact(shipment.orderNumber, query.get('orderNumber')) &&
          exact(shipment.trackingNumber, query.get('trackingNumber')) &&
          exact(shipment.carrierCode, query.get('carrierCode')) &&
          exact(shipment.serviceCode, query.get('serviceCode')) &&
          exact(shipment.shipTo.country, query.get('recipientCountryCode')) &&
          contains(shipment.shipTo.name, query.get('recipientName')) &&
          created(shipment.createDate) &&
          shipped(shipment.shipDate) &&
          voided(shipment.voidDate),
      );
      const field = SHIPMENT_SORTS[sortBy ?? 'ShipDate'];
      shipments.sort((a, b) => direction * (instant(a[field]) - instant(b[field]) || a.shipmentId - b.shipmentId));
      const result = pageOf(shipments, page, pageSize);
      return jsonReply(200, { shipments: result.items.map((shipment) => ({ ...shipment, shipmentItems: includeItems ? shipment.shipmentItems : null })), total: result.total, page: result.page, pages: result.pages });
    },
  },
];
