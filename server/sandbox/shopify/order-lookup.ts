import type { SandboxContext } from '../http-types.js';
import { SandboxError } from '../sandbox-error.js';
import { pathId } from './shopify-params.js';
import type { ShopifyOrder } from './shopify-types.js';

/** The order with this id, or Shopify's 404. */
export function findOrder(context: SandboxContext, id: string | undefined): ShopifyOrder {
  const orderId = pathId(id);
  const order = context.state.shopify.orders.find((candidate) => candidate.id === orderId);
  if (!order) throw new SandboxError(404, 'Not Found');
  return order;
}
