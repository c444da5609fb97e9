import type { ShopifyOrder, ShopifyOrderAdjustment } from './shopify-types.js';

/** Shopify money: a string with two decimals. */
export function money(amount: number): string {
  return (Math.round(amount * 100) / 100).toFixed(2);
}

/** Money refunded on an order so far. */
export function refundedAmount(order: ShopifyOrder): number {
  return order.refunds.reduce((sum, refund) => sum + refund.transactions.filter((transaction) => transaction.status === 'success').reduce((inner, transaction) => inner + Number(transaction.amount), 0), 0);
}

/**
 * Brings an order's `current_*` totals and `financial_status` up to date after refunds and
 * removals: current amounts count the quantities still on the order, the shipping unless a refund's
 * `shipping_refund` adjustment returned it; the status follows the money refunded against the money paid.
 */
export function settleOrder(order: ShopifyOrder, paid: number): void {
  const shippingRefunded = order.refunds.some((refund) => refund.order_adjustments.some((adjustment) => adjustment.kind === 'shipping_refund'));
  const subtotal = order.line_items.reduce((sum, line) => sum + Number(line.price) * line.current_quantity, 0);
  const tax = order.line_items.reduce((sum, line) => sum + (line.quantity === 0 ? 0 : (Number(line.tax_lines[0]?.price ?? 0) * line.current_quantity) / line.quantity), 0);
  const shipping = shippingRefunded || subtotal === 0 ? 0 : Number(order.total_shipping_price);
  order.current_subtotal_price = money(subtotal);
  order.current_total_tax = money(tax);
  order.current_total_price = money(subtotal + tax + shipping);
  const refunded = refundedAmount(order);
  if (refunded > 0) order.financial_status = refunded + 0.005 >= paid ? 'refunded' : 'partially_refunded';
}

/** The adjustment that records a refund of the order's shipping. */
export function shippingRefund(order: ShopifyOrder, id: number, refundId: number): ShopifyOrderAdjustment {
  return { id, order_id: order.id, refund_id: refundId, amount: money(-Number(order.total_shipping_price)), tax_amount: '0.00', kind: 'shipping_refund', reason: 'Shipping refund' };
}
