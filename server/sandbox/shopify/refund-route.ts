import { jsonReply, type Route, type SandboxContext } from '../http-types.js';
import type { JsonObject } from '../request-body.js';
import { SandboxError } from '../sandbox-error.js';
import { findOrder } from './order-lookup.js';
import { createRefund, refundableParents, type RefundPlan } from './refund-create.js';
import { amountField, integerField, objectList, rootObject } from './shopify-body.js';
import { SHOPIFY_API } from './shopify-paths.js';
import type { ShopifyOrder } from './shopify-types.js';

const RESTOCK_TYPES = ['no_restock', 'cancel', 'return'] as const;

/** The refund lines of a request, each checked against what is still refundable on the order. */
function refundLines(context: SandboxContext, order: ShopifyOrder, refund: JsonObject): RefundPlan['lines'] {
  const assigned = context.state.shopify.fulfillmentOrders.find((candidate) => candidate.order_id === order.id)?.assigned_location_id ?? null;
  const taken = new Map<number, number>();
  return objectList(refund, 'refund_line_items').map((item, index) => {
    const where = `refund_line_items[${index}]`;
    const lineId = integerField(item, 'line_item_id', { required: true }) as number;
    const line = order.line_items.find((candidate) => candidate.id === lineId);
    if (!line) throw new SandboxError(422, `line item ${lineId} is not part of order ${order.id}`, `${where}.line_item_id`);
    const quantity = integerField(item, 'quantity', { required: true, min: 1 }) as number;
    const left = line.current_quantity - (taken.get(lineId) ?? 0);
    if (quantity > left) throw new SandboxError(422, `cannot refund ${quantity} of line item ${lineId}: ${left} left to refund`, `${where}.quantity`);
    taken.set(lineId, (taken.get(lineId) ?? 0) + quantity);
    const restockType = item.restock_type ?? 'no_restock';
    if (typeof restockType !== 'string' || !(RESTOCK_TYPES as readonly string[]).includes(restockType)) throw new SandboxError(422, `must be one of ${RESTOCK_TYPES.join(', ')}`, `${where}.restock_type`);
    const locationId = integerField(item, 'location_id') ?? assigned;
    if (restockType !== 'no_restock' && !context.state.shopify.locations.some((location) => location.id === locationId)) throw new SandboxError(422, `location ${String(locationId)} does not exist`, `${where}.location_id`);
    return { line, quantity, restockType: restockType as RefundPlan['lines'][number]['restockType'], locationId };
  });
}

/** The refund transactions of a request, each against a payment of the order, together at most what is refundable. */
function refundTransactions(context: SandboxContext, order: ShopifyOrder, refund: JsonObject): RefundPlan['transactions'] {
  const parents = refundableParents(context, order);
  const refunded = order.refunds.reduce((sum, candidate) => sum + candidate.transactions.reduce((inner, transaction) => inner + Number(transaction.amount), 0), 0);
  const refundable = parents.reduce((sum, parent) => sum + Number(parent.amount), 0) - refunded;
  const transactions = objectList(refund, 'transactions').map((item, index) => {
    const where = `transactions[${index}]`;
    if (item.kind !== undefined && item.kind !== 'refund') throw new SandboxError(422, 'must be "refund"', `${where}.kind`);
    const parentId = integerField(item, 'parent_id', { required: true }) as number;
    const parent = parents.find((candidate) => candidate.id === parentId);
    if (!parent) throw new SandboxError(422, `${parentId} is not a successful sale or capture of order ${order.id} (see GET orders/${order.id}/transactions.json)`, `${where}.parent_id`);
    if (item.gateway !== undefined && item.gateway !== parent.gateway) throw new SandboxError(422, `must be the gateway of the parent transaction ("${parent.gateway}")`, `${where}.gateway`);
    const amount = amountField(item, 'amount');
    if (amount === undefined || amount <= 0) throw new SandboxError(422, 'must be an amount greater than 0', `${where}.amount`);
    return { parent, amount };
  });
  const total = transactions.reduce((sum, transaction) => sum + transaction.amount, 0);
  if (total > refundable + 0.005) throw new SandboxError(422, `the refund of ${total.toFixed(2)} exceeds the refundable amount of ${refundable.toFixed(2)}`, 'transactions');
  return transactions;
}

/**
 * `POST orders/{id}/refunds.json` with `{ refund: { note, shipping: { full_refund }, refund_line_items:
 * [{ line_item_id, quantity, restock_type, location_id }], transactions: [{ parent_id, amount, kind,
 * gateway }] } }` → 201 `{ refund }`.
 */
export const refundRoute: Route = {
  method: 'POST',
  pattern: `${SHOPIFY_API}/orders/:id/refunds.json`,
  effect: 'api',
  handle(request, context) {
    const order = findOrder(context, request.params.id);
    const refund = rootObject(request, 'refund');
    if (refund.note !== undefined && refund.note !== null && typeof refund.note !== 'string') throw new SandboxError(422, 'must be a string', 'note');
    const shipping = refund.shipping;
    const refundShipping = typeof shipping === 'object' && shipping !== null && (shipping as { full_refund?: unknown }).full_refund === true;
    const lines = refundLines(context, order, refund);
    const transactions = refundTransactions(context, order, refund);
    if (lines.length === 0 && transactions.length === 0 && !refundShipping) throw new SandboxError(422, 'a refund needs refund_line_items, transactions or a shipping refund', 'base');
    const created = createRefund(context, order, { note: (refund.note as string | undefined) ?? null, lines, transactions, refundShipping });
    return jsonReply(201, { refund: created }, {}, { orderId: order.id, refundId: created.id, amount: transactions.reduce((sum, transaction) => sum + transaction.amount, 0).toFixed(2) });
  },
};
