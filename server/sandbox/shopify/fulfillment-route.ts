import { jsonReply, type Route, type SandboxContext } from '../http-types.js';
import { isObject, type JsonObject } from '../request-body.js';
import { SandboxError } from '../sandbox-error.js';
import { shopifyTime } from '../seed/dates.js';
import { supportedActions } from './fulfillment-actions.js';
import { nextShopifyId } from './refund-create.js';
import { integerField, objectList, rootObject } from './shopify-body.js';
import { SHOPIFY_API } from './shopify-paths.js';
import type { ShopifyFulfillment, ShopifyFulfillmentOrder, ShopifyFulfillmentOrderLineItem } from './shopify-types.js';

/** Line items to fulfil: a fulfillment order line and how many of it. */
interface Pick {
  readonly fulfillmentOrder: ShopifyFulfillmentOrder;
  readonly item: ShopifyFulfillmentOrderLineItem;
  readonly quantity: number;
}

function picks(context: SandboxContext, fulfillment: JsonObject): Pick[] {
  const groups = objectList(fulfillment, 'line_items_by_fulfillment_order');
  if (groups.length === 0) throw new SandboxError(422, 'must list at least one fulfillment order', 'line_items_by_fulfillment_order');
  const result: Pick[] = [];
  groups.forEach((group, index) => {
    const where = `line_items_by_fulfillment_order[${index}]`;
    const id = integerField(group, 'fulfillment_order_id', { required: true }) as number;
    const fulfillmentOrder = context.state.shopify.fulfillmentOrders.find((candidate) => candidate.id === id);
    if (!fulfillmentOrder) throw new SandboxError(422, `fulfillment order ${id} does not exist`, `${where}.fulfillment_order_id`);
    if (fulfillmentOrder.status === 'on_hold') {
      const reasons = fulfillmentOrder.fulfillment_holds.map((hold) => hold.reason).join(', ');
      throw new SandboxError(422, `fulfillment order ${id} is on hold (${reasons}); release the hold before fulfilling it`, `${where}.fulfillment_order_id`);
    }
    if (fulfillmentOrder.status !== 'open' && fulfillmentOrder.status !== 'in_progress') throw new SandboxError(422, `fulfillment order ${id} is ${fulfillmentOrder.status} and cannot be fulfilled`, `${where}.fulfillment_order_id`);
    if (result[0] && result[0].fulfillmentOrder.order_id !== fulfillmentOrder.order_id) throw new SandboxError(422, 'all fulfillment orders of one fulfillment must belong to the same order', `${where}.fulfillment_order_id`);
    const items = objectList(group, 'fulfillment_order_line_items');
    if (items.length === 0) {
      for (const item of fulfillmentOrder.line_items) if (item.fulfillable_quantity > 0) result.push({ fulfillmentOrder, item, quantity: item.fulfillable_quantity });
      return;
    }
    items.forEach((entry, itemIndex) => {
      const itemWhere = `${where}.fulfillment_order_line_items[${itemIndex}]`;
      const itemId = integerField(entry, 'id', { required: true }) as number;
      const item = fulfillmentOrder.line_items.find((candidate) => candidate.id === itemId);
      if (!item) throw new SandboxError(422, `line item ${itemId} is not part of fulfillment order ${id}`, `${itemWhere}.id`);
      const quantity = integerField(entry, 'quantity', { required: true, min: 1 }) as number;
      if (quantity > item.fulfillable_quantity) throw new SandboxError(422, `cannot fulfil ${quantity}: ${item.fulfillable_quantity} left to fulfil`, `${itemWhere}.quantity`);
      result.push({ fulfillmentOrder, item, quantity });
    });
  });
  if (result.length === 0) throw new SandboxError(422, 'nothing is left to fulfil on these fulfillment orders', 'line_items_by_fulfillment_order');
  return result;
}

function trackingInfo(fulfillment: JsonObject): { number: string | null; url: string | null; company: string | null } {
  const info = fulfillment.tracking_info;
  if (info === undefined || info === null) return { number: null, url: null, company: null };
  if (!isObject(info)) throw new SandboxError(422, 'must be an object with number, url and company', 'tracking_info');
  const text = (name: string): string | null => {
    const value = info[name];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw new SandboxError(422, 'must be a string', `tracking_info.${name}`);
    return value;
  };
  return { number: text('number'), url: text('url'), company: text('company') };
}

/**
 * `POST fulfillments.json` with `{ fulfillment: { line_items_by_fulfillment_order: [{ fulfillment_order_id,
 * fulfillment_order_line_items: [{ id, quantity }] }], tracking_info: { number, url, company },
 * notify_customer } }` → 201 `{ fulfillment }`. Without line items a fulfillment order is fulfilled
 * whole; one on hold (an exception order) is refused until its hold is released.
 */
export const fulfillmentRoute: Route = {
  method: 'POST',
  pattern: `${SHOPIFY_API}/fulfillments.json`,
  effect: 'api',
  handle(request, context) {
    const body = rootObject(request, 'fulfillment');
    const chosen = picks(context, body);
    const tracking = trackingInfo(body);
    const first = chosen[0] as Pick;
    const order = context.state.shopify.orders.find((candidate) => candidate.id === first.fulfillmentOrder.order_id);
    if (!order) throw new SandboxError(404, 'Not Found');
    const at = shopifyTime(context.now());
    for (const { item, quantity } of chosen) {
      item.fulfillable_quantity -= quantity;
      const line = order.line_items.find((candidate) => candidate.id === item.line_item_id);
      if (line) {
        line.fulfillable_quantity = Math.max(0, line.fulfillable_quantity - quantity);
        line.fulfillment_status = line.fulfillable_quantity === 0 ? 'fulfilled' : 'partial';
      }
    }
    for (const fulfillmentOrder of new Set(chosen.map((pick) => pick.fulfillmentOrder))) {
      fulfillmentOrder.status = fulfillmentOrder.line_items.every((item) => item.fulfillable_quantity === 0) ? 'closed' : 'in_progress';
      fulfillmentOrder.supported_actions = supportedActions(fulfillmentOrder.status);
      fulfillmentOrder.updated_at = at;
    }
    const done = order.line_items.every((line) => line.fulfillable_quantity === 0);
    order.fulfillment_status = done ? 'fulfilled' : 'partial';
    order.updated_at = at;
    const id = nextShopifyId(context);
    const fulfillment: ShopifyFulfillment = {
      id,
      admin_graphql_api_id: `gid://shopify/Fulfillment/${id}`,
      order_id: order.id,
      name: `${order.name}.${order.fulfillments.length + 1}`,
      status: 'success',
      created_at: at,
      updated_at: at,
      service: 'manual',
      location_id: first.fulfillmentOrder.assigned_location_id,
      origin_address: null,
      receipt: {},
      shipment_status: null,
      tracking_company: tracking.company,
      tracking_number: tracking.number,
      tracking_numbers: tracking.number ? [tracking.number] : [],
      tracking_url: tracking.url,
      tracking_urls: tracking.url ? [tracking.url] : [],
      line_items: chosen.map(({ item, quantity }) => {
        const line = order.line_items.find((candidate) => candidate.id === item.line_item_id);
        return { ...(line as NonNullable<typeof line>), quantity };
      }),
    };
    order.fulfillments.push(fulfillment);
    return jsonReply(201, { fulfillment }, {}, { orderId: order.id, fulfillmentId: id, trackingNumber: tracking.number });
  },
};
