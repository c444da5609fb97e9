import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shopifyClient } from '../connection.js';
import type { spec } from './spec.js';

/** Outputs the fulfillment. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shopifyClient(ctx, config);
  const orEmpty = (value: string) => (value === '' ? null : value);
  const fulfillment = {
    line_items_by_fulfillment_order: [
      {
        fulfillment_order_id: Number(config.fulfillmentOrderId),
        fulfillment_order_line_items: config.lineItems.length === 0 ? undefined : config.lineItems.map((item) => ({ id: Number(item.id), quantity: item.quantity })),
      },
    ],
    tracking_info: { number: orEmpty(config.trackingNumber), url: orEmpty(config.trackingUrl), company: orEmpty(config.trackingCompany) },
    notify_customer: config.notifyCustomer,
  };
  const response = await client.request({ method: 'POST', path: 'fulfillments.json', body: { fulfillment } });
  return { output: (response.body as { fulfillment?: unknown } | null)?.fulfillment ?? null };
};
