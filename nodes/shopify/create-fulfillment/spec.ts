import { z } from 'zod';
import { expression } from '../../../runtime/definition/index.js';
import { shopifyConnectionFields, shopifyId } from '../connection-fields.js';
import { shopifySpec } from '../shopify-spec.js';

const lineItem = z.strictObject({ id: shopifyId, quantity: z.number().int().min(1) });

/** Marks items of fulfillment orders as shipped. */
export const spec = shopifySpec({
  type: 'connector.shopify.createFulfillment',
  title: 'Shopify: create fulfillment',
  description:
    'Fulfils a fulfillment order, whole or some of its line items (POST fulfillments.json), with the tracking number, ' +
    "URL and carrier, and outputs the fulfillment. A fulfillment order on hold is refused (422, not retried) until its hold is released.",
  config: z.strictObject({
    ...shopifyConnectionFields,
    fulfillmentOrderId: expression(shopifyId, {
      label: 'Fulfillment order id',
      widget: 'jsonLogic',
      help: 'From GET orders/{id}/fulfillment_orders.json, not the order id.',
    }),
    lineItems: expression(z.array(lineItem).max(250), {
      label: 'Line items',
      widget: 'jsonLogic',
      help: 'A list of { id, quantity } of fulfillment order line items; empty fulfils the whole fulfillment order.',
    }).default([]),
    trackingNumber: expression(z.string().max(255), { label: 'Tracking number', widget: 'text' }).default(''),
    trackingUrl: expression(z.string().max(2000), { label: 'Tracking URL', widget: 'text' }).default(''),
    trackingCompany: expression(z.string().max(255), { label: 'Carrier', widget: 'text', placeholder: 'UPS' }).default(''),
    notifyCustomer: expression(z.boolean(), { label: 'E-mail the customer', widget: 'switch' }).default(false),
  }),
  sideEffects: true,
});
