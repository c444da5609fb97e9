import { jsonReply, type Route } from '../http-types.js';
import { isObject, plainText } from '../request-body.js';
import { SandboxError } from '../sandbox-error.js';
import { shopifyTime } from '../seed/dates.js';
import { listFilters, paginate } from './link-paging.js';
import { cancelOrder } from './order-cancel.js';
import { rootObject } from './shopify-body.js';
import { choiceParam, idsParam, limitParam, pickFields, timeParam } from './shopify-params.js';
import { findOrder } from './order-lookup.js';
import type { ShopifyOrder } from './shopify-types.js';
import { SHOPIFY_API } from './shopify-paths.js';

const STATUSES = ['open', 'closed', 'cancelled', 'any'] as const;
const FINANCIAL = ['authorized', 'pending', 'paid', 'partially_paid', 'refunded', 'voided', 'partially_refunded', 'any', 'unpaid'] as const;
const FULFILLMENT = ['shipped', 'partial', 'unshipped', 'any', 'unfulfilled'] as const;

/** The orders that pass the list filters of `GET orders.json`, newest first. */
function filterOrders(orders: readonly ShopifyOrder[], filters: URLSearchParams): ShopifyOrder[] {
  const status = choiceParam(filters, 'status', STATUSES, 'open');
  const financial = choiceParam(filters, 'financial_status', FINANCIAL, 'any');
  const fulfillment = choiceParam(filters, 'fulfillment_status', FULFILLMENT, 'any');
  const ids = idsParam(filters, 'ids');
  const sinceId = idsParam(filters, 'since_id', 1)?.[0];
  const name = filters.get('name');
  const tag = filters.get('tag')?.trim().toLowerCase();
  const ranges = (['created_at', 'updated_at', 'processed_at'] as const).map((field) => ({ field, min: timeParam(filters, `${field}_min`), max: timeParam(filters, `${field}_max`) }));
  return orders
    .filter((order) => {
      if (status === 'open' && order.closed_at !== null) return false;
      if (status === 'closed' && order.closed_at === null) return false;
      if (status === 'cancelled' && order.cancelled_at === null) return false;
      if (financial === 'unpaid' && !['authorized', 'partially_paid', 'pending'].includes(order.financial_status)) return false;
      if (financial !== 'any' && financial !== 'unpaid' && order.financial_status !== financial) return false;
      if (fulfillment === 'shipped' && order.fulfillment_status !== 'fulfilled') return false;
      if (fulfillment === 'partial' && order.fulfillment_status !== 'partial') return false;
      if (fulfillment === 'unshipped' && order.fulfillment_status !== null) return false;
      if (fulfillment === 'unfulfilled' && order.fulfillment_status === 'fulfilled') return false;
      if (ids && !ids.includes(order.id)) return false;
      if (sinceId !== undefined && order.id <= sinceId) return false;
      if (name !== null && order.name !== name && order.name !== `#${name}`) return false;
      if (tag && !order.tags.split(',').some((candidate) => candidate.trim().toLowerCase() === tag)) return false;
      return ranges.every(({ field, min, max }) => {
        const time = Date.parse(order[field]);
        return (min === undefined || time >= min) && (max === undefined || time <= max);
      });
    })
    .sort((a, b) => (sinceId === undefined ? b.id - a.id : a.id - b.id));
}

/** Tags as Shopify stores them: trimmed, without empties or case-insensitive duplicates, at most 40 characters each. */
function normaliseTags(value: unknown): string {
  if (typeof value !== 'string') throw new SandboxError(422, `must be a comma-separated string, got ${JSON.stringify(value)}`, 'tags');
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const tag of value.split(',').map((part) => part.trim())) {
    if (tag === '' || seen.has(tag.toLowerCase())) continue;
    if (tag.length > 40) throw new SandboxError(422, `"${tag}" is longer than 40 characters`, 'tags');
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  if (tags.length > 250) throw new SandboxError(422, 'an order can have at most 250 tags', 'tags');
  return tags.join(', ');
}

/** The fields `PUT orders/{id}.json` changes; Shopify's other writable fields are not imitated. */
const UPDATABLE = new Set(['id', 'tags', 'note', 'note_attributes']);

/** `GET orders/{id}.json`, `GET orders.json`, `PUT orders/{id}.json`, `POST orders/{id}/cancel.json` and the order's reads. */
export const orderRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: `${SHOPIFY_API}/orders.json`,
    handle(request, context) {
      const limit = limitParam(request.query);
      const url = `${context.baseUrl}${SHOPIFY_API}/orders.json`;
      const { filters } = listFilters(request.query);
      const page = paginate(filterOrders(context.state.shopify.orders, filters), (order) => order.id, request.query, limit, url);
      return jsonReply(200, { orders: page.items.map((order) => pickFields(order, request.query)) }, page.link ? { link: page.link } : {});
    },
  },
  {
    method: 'GET',
    pattern: `${SHOPIFY_API}/orders/:id.json`,
    handle(request, context) {
      return jsonReply(200, { order: pickFields(findOrder(context, request.params.id), request.query) });
    },
  },
  {
    method: 'PUT',
    pattern: `${SHOPIFY_API}/orders/:id.json`,
    effect: 'api',
    handle(request, context) {
      const order = findOrder(context, request.params.id);
      const changes = rootObject(request, 'order');
      for (const field of Object.keys(changes)) {
        if (!UPDATABLE.has(field)) throw new SandboxError(422, 'cannot be changed through the sandbox, which updates only tags, note and note_attributes', field);
      }
      if (changes.id !== undefined && Number(changes.id) !== order.id) throw new SandboxError(422, `must be the id of the order in the URL (${order.id})`, 'id');
      const tags = changes.tags === undefined ? order.tags : normaliseTags(changes.tags);
      if (changes.note !== undefined && changes.note !== null && typeof changes.note !== 'string') throw new SandboxError(422, 'must be a string or null', 'note');
      const attributes = changes.note_attributes;
      if (attributes !== undefined && (!Array.isArray(attributes) || !attributes.every((item) => isObject(item) && typeof item.name === 'string'))) {
        throw new SandboxError(422, 'must be a list of {"name", "value"} objects', 'note_attributes');
      }
      order.tags = tags;
      if (changes.note !== undefined) order.note = changes.note;
      if (Array.isArray(attributes)) order.note_attributes = attributes.filter(isObject).map((item) => ({ name: plainText(item.name), value: plainText(item.value) }));
      order.updated_at = shopifyTime(context.now());
      return jsonReply(200, { order }, {}, { orderId: order.id, tags: order.tags, note: order.note });
    },
  },
  {
    method: 'POST',
    pattern: `${SHOPIFY_API}/orders/:id/cancel.json`,
    effect: 'api',
    handle(request, context) {
      const order = cancelOrder(request, context, findOrder(context, request.params.id));
      return jsonReply(200, { order }, {}, { orderId: order.id, cancelReason: order.cancel_reason });
    },
  },
  {
    method: 'GET',
    pattern: `${SHOPIFY_API}/orders/:id/fulfillment_orders.json`,
    handle(request, context) {
      const order = findOrder(context, request.params.id);
      return jsonReply(200, { fulfillment_orders: context.state.shopify.fulfillmentOrders.filter((candidate) => candidate.order_id === order.id) });
    },
  },
  {
    method: 'GET',
    pattern: `${SHOPIFY_API}/orders/:id/transactions.json`,
    handle(request, context) {
      const order = findOrder(context, request.params.id);
      return jsonReply(200, { transactions: context.state.shopify.transactions.filter((candidate) => candidate.order_id === order.id) });
    },
  },
  {
    method: 'GET',
    pattern: `${SHOPIFY_API}/orders/:id/risks.json`,
    handle(request, context) {
      const order = findOrder(context, request.params.id);
      return jsonReply(200, { risks: context.state.shopify.risks.filter((candidate) => candidate.order_id === order.id) });
    },
  },
];
