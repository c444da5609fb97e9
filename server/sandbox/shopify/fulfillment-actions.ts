import type { ShopifyFulfillmentOrder } from './shopify-types.js';

/** The actions Shopify lists for a fulfillment order in a status. */
export function supportedActions(status: ShopifyFulfillmentOrder['status']): string[] {
  if (status === 'open') return ['create_fulfillment', 'request_fulfillment', 'hold', 'move'];
  if (status === 'in_progress') return ['create_fulfillment', 'hold', 'move'];
  if (status === 'on_hold') return ['release_hold'];
  return [];
}
