import { money } from '../shopify/order-totals.js';
import type { ShopifyOrder, ShopifyRisk, ShopifyState, ShopifyTransaction } from '../shopify/shopify-types.js';
import type { OrderSeed } from './order-scenarios.js';

/** Shopify's risk assessment of an order: low for most, two high-risk findings for the fraud scenarios. */
export function risks(order: ShopifyOrder, fraud: boolean): ShopifyRisk[] {
  const base = { order_id: order.id, checkout_id: null, source: 'External', display: true };
  if (!fraud) {
    return [{ ...base, id: 2_800_000_000_000 + order.order_number * 10, score: '0.0', recommendation: 'accept', cause_cancel: false, message: 'This order has a low risk of fraud', merchant_message: 'This order has a low risk of fraud' }];
  }
  return [
    {
      ...base,
      id: 2_800_000_000_000 + order.order_number * 10,
      score: '1.0',
      recommendation: 'cancel',
      cause_cancel: true,
      message: 'The billing address does not match the shipping address, and the card was declined 4 times before this payment',
      merchant_message: 'High risk of fraud: cancel the order and refund the payment',
    },
    {
      ...base,
      id: 2_800_000_000_000 + order.order_number * 10 + 1,
      score: '0.9',
      recommendation: 'investigate',
      cause_cancel: false,
      message: 'The order was placed from an IP address that is a known anonymous proxy (198.51.100.23)',
      merchant_message: 'Placed through an anonymous proxy',
    },
  ];
}

/** The payment transactions of an order by its scenario; returns the captured sale, when there is one. */
export function payments(state: ShopifyState, order: ShopifyOrder, seed: OrderSeed, total: number): ShopifyTransaction | undefined {
  const transaction = (index: number, kind: ShopifyTransaction['kind'], amount: number, status: ShopifyTransaction['status'], gateway = 'shopify_payments', parent: number | null = null): ShopifyTransaction => {
    const id = 6_300_000_000_000 + order.order_number * 10 + index;
    return {
      id,
      admin_graphql_api_id: `gid://shopify/OrderTransaction/${id}`,
      order_id: order.id,
      kind,
      gateway,
      status,
      message: status === 'success' ? 'Transaction approved' : 'Pending',
      created_at: order.created_at,
      processed_at: order.created_at,
      test: false,
      authorization: gateway === 'shopify_payments' ? `ch_${order.token.slice(0, 20)}` : null,
      parent_id: parent,
      amount: money(amount),
      currency: 'USD',
      error_code: null,
      source_name: 'web',
      location_id: null,
      user_id: null,
      device_id: null,
      receipt: {},
    };
  };
  switch (seed.scenario) {
    case 'payment-mismatch': {
      // The card covered less than the total (a gift-card split that failed): the order is partially paid.
      const paid = Number(money(total * 0.82));
      order.financial_status = 'partially_paid';
      order.total_outstanding = money(total - paid);
      const sale = transaction(0, 'sale', paid, 'success');
      state.transactions.push(sale);
      return sale;
    }
    case 'pending-payment': {
      order.financial_status = 'pending';
      order.total_outstanding = money(total);
      order.payment_gateway_names = ['Bank Deposit'];
      state.transactions.push(transaction(0, 'sale', total, 'pending', 'Bank Deposit'));
      return undefined;
    }
    case 'cancelled-inventory':
    case 'cancelled-fraud': {
      const authorization = transaction(0, 'authorization', total, 'success');
      state.transactions.push(authorization, { ...transaction(1, 'void', 0, 'success', 'shopify_payments', authorization.id), amount: money(total) });
      order.financial_status = 'voided';
      return undefined;
    }
    default: {
      const sale = transaction(0, 'sale', total, 'success');
      state.transactions.push(sale);
      return sale;
    }
  }
}
