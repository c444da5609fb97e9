import type { SandboxContext } from '../http-types.js';
import { shopifyTime } from '../seed/dates.js';
import { adjustAvailable, inventoryItemOfVariant, inventoryLevel } from './inventory-adjust.js';
import { money, settleOrder, shippingRefund } from './order-totals.js';
import type { ShopifyLineItem, ShopifyOrder, ShopifyRefund, ShopifyRefundLineItem, ShopifyTransaction } from './shopify-types.js';

/** A refund to make, checked. */
export interface RefundPlan {
  readonly note: string | null;
  readonly lines: readonly { line: ShopifyLineItem; quantity: number; restockType: ShopifyRefundLineItem['restock_type']; locationId: number | null }[];
  readonly transactions: readonly { parent: ShopifyTransaction; amount: number }[];
  readonly refundShipping: boolean;
}

/** The payments of an order money can be refunded against: successful sales and captures. */
export function refundableParents(context: SandboxContext, order: ShopifyOrder): ShopifyTransaction[] {
  return context.state.shopify.transactions.filter((transaction) => transaction.order_id === order.id && transaction.status === 'success' && (transaction.kind === 'sale' || transaction.kind === 'capture'));
}

/** Money paid on an order (successful sales and captures). */
export function paidAmount(context: SandboxContext, order: ShopifyOrder): number {
  return refundableParents(context, order).reduce((sum, transaction) => sum + Number(transaction.amount), 0);
}

/** Next id for an object created through the API. */
export function nextShopifyId(context: SandboxContext): number {
  return context.state.shopify.nextId++;
}

/**
 * Makes a refund: removes the refunded quantities from the order, restocks `return` and `cancel`
 * lines at their location, records the refund transactions and settles the order's totals.
 */
export function createRefund(context: SandboxContext, order: ShopifyOrder, plan: RefundPlan): ShopifyRefund {
  const { shopify } = context.state;
  const now = context.now();
  const at = shopifyTime(now);
  const refundId = nextShopifyId(context);
  const transactions = plan.transactions.map(({ parent, amount }): ShopifyTransaction => {
    const id = nextShopifyId(context);
    return { ...parent, id, admin_graphql_api_id: `gid://shopify/OrderTransaction/${id}`, kind: 'refund', status: 'success', message: 'Refund processed', parent_id: parent.id, amount: money(amount), created_at: at, processed_at: at };
  });
  const lineItems = plan.lines.map(({ line, quantity, restockType, locationId }): ShopifyRefundLineItem => {
    line.current_quantity -= quantity;
    line.fulfillable_quantity = Math.min(line.fulfillable_quantity, line.current_quantity);
    const inventoryItemId = inventoryItemOfVariant(shopify, line.variant_id);
    const level = locationId !== null && inventoryItemId !== undefined ? inventoryLevel(shopify, inventoryItemId, locationId) : undefined;
    if (restockType !== 'no_restock' && level) adjustAvailable(shopify, level, quantity, now);
    const share = line.quantity === 0 ? 0 : quantity / line.quantity;
    return {
      id: nextShopifyId(context),
      line_item_id: line.id,
      location_id: locationId,
      quantity,
      restock_type: restockType,
      subtotal: money(Number(line.price) * quantity),
      total_tax: money(Number(line.tax_lines[0]?.price ?? 0) * share),
      line_item: { ...line },
    };
  });
  const refund: ShopifyRefund = {
    id: refundId,
    admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
    order_id: order.id,
    created_at: at,
    processed_at: at,
    note: plan.note,
    user_id: null,
    restock: lineItems.some((line) => line.restock_type !== 'no_restock'),
    duties: [],
    order_adjustments: plan.refundShipping ? [shippingRefund(order, nextShopifyId(context), refundId)] : [],
    refund_line_items: lineItems,
    transactions,
  };
  shopify.transactions.push(...transactions);
  order.refunds.push(refund);
  settleOrder(order, paidAmount(context, order));
  order.updated_at = at;
  return refund;
}
