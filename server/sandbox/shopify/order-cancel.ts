import type { SandboxContext, SandboxRequest } from '../http-types.js';
import { jsonObject } from '../request-body.js';
import { SandboxError } from '../sandbox-error.js';
import { shopifyTime } from '../seed/dates.js';
import { settleOrder } from './order-totals.js';
import { createRefund, nextShopifyId, paidAmount, refundableParents } from './refund-create.js';
import type { ShopifyOrder } from './shopify-types.js';
import { supportedActions } from './fulfillment-actions.js';

const REASONS = ['customer', 'inventory', 'fraud', 'declined', 'other'] as const;

/**
 * `POST orders/{id}/cancel.json` (`{ reason, email, restock }`, all optional): refuses an order
 * already cancelled or with fulfillments (cancel those first, as Shopify requires); voids an
 * uncaptured authorization, refunds what was paid (restocking at the fulfillment order's
 * location when `restock` is true) and closes the order and its fulfillment orders.
 */
export function cancelOrder(request: SandboxRequest, context: SandboxContext, order: ShopifyOrder): ShopifyOrder {
  const options = request.body.length === 0 ? {} : jsonObject(request);
  const reason = options.reason ?? 'other';
  if (typeof reason !== 'string' || !(REASONS as readonly string[]).includes(reason)) throw new SandboxError(422, `must be one of ${REASONS.join(', ')}`, 'reason');
  if (options.restock !== undefined && typeof options.restock !== 'boolean') throw new SandboxError(422, 'must be true or false', 'restock');
  if (order.cancelled_at !== null) throw new SandboxError(422, 'Cannot cancel an order that has already been cancelled', 'base');
  if (order.fulfillments.some((fulfillment) => fulfillment.status === 'success')) throw new SandboxError(422, 'Cannot cancel an order that has fulfillments; cancel the fulfillments first', 'base');
  const { shopify } = context.state;
  const now = context.now();
  const at = shopifyTime(now);
  const fulfillmentOrders = shopify.fulfillmentOrders.filter((candidate) => candidate.order_id === order.id);
  const locationId = fulfillmentOrders[0]?.assigned_location_id ?? null;
  const parents = refundableParents(context, order);
  const paid = paidAmount(context, order);
  const refunded = order.refunds.reduce((sum, refund) => sum + refund.transactions.reduce((inner, transaction) => inner + Number(transaction.amount), 0), 0);
  const lines = order.line_items.filter((line) => line.current_quantity > 0).map((line) => ({ line, quantity: line.current_quantity, restockType: options.restock === true ? ('cancel' as const) : ('no_restock' as const), locationId }));
  if (paid - refunded > 0.005 && parents[0]) {
    createRefund(context, order, { note: 'Order cancelled', lines, transactions: [{ parent: parents[0], amount: paid - refunded }], refundShipping: true });
  } else {
    for (const { line } of lines) line.current_quantity = 0;
    for (const authorization of shopify.transactions.filter((transaction) => transaction.order_id === order.id && transaction.kind === 'authorization' && transaction.status === 'success')) {
      const id = nextShopifyId(context);
      shopify.transactions.push({ ...authorization, id, admin_graphql_api_id: `gid://shopify/OrderTransaction/${id}`, kind: 'void', parent_id: authorization.id, created_at: at, processed_at: at, message: 'Authorization voided' });
    }
    for (const pending of shopify.transactions.filter((transaction) => transaction.order_id === order.id && transaction.status === 'pending')) pending.status = 'failure';
    order.financial_status = 'voided';
    settleOrder(order, 0);
  }
  for (const line of order.line_items) line.fulfillable_quantity = 0;
  for (const fulfillmentOrder of fulfillmentOrders) {
    fulfillmentOrder.status = 'closed';
    fulfillmentOrder.supported_actions = supportedActions('closed');
    fulfillmentOrder.fulfillment_holds = [];
    fulfillmentOrder.updated_at = at;
    for (const item of fulfillmentOrder.line_items) item.fulfillable_quantity = 0;
  }
  order.cancelled_at = at;
  order.cancel_reason = reason as ShopifyOrder['cancel_reason'];
  order.closed_at = at;
  order.total_outstanding = '0.00';
  order.updated_at = at;
  return order;
}
