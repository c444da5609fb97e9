import { DEMO_CREDENTIALS } from '../credentials.js';
import { jsonReply, type ApiFamily } from '../http-types.js';
import { SandboxError } from '../sandbox-error.js';
import { fulfillmentRoute } from './fulfillment-route.js';
import { inventoryRoutes } from './inventory-routes.js';
import { orderRoutes } from './order-routes.js';
import { refundRoute } from './refund-route.js';
import { releaseHoldRoute } from './release-hold-route.js';
import { SHOPIFY_PREFIX } from './shopify-paths.js';

/**
 * The Shopify Admin REST API (2024-10) subset: orders, refunds, inventory levels, fulfillments.
 * Authenticated by `X-Shopify-Access-Token`; errors in Shopify's shapes: `{"errors": "Not Found"}`,
 * `{"errors": {"order": "Required parameter missing or invalid"}}` (400) and
 * `{"errors": {"field": ["message"]}}` (422).
 */
export const shopifyApi: ApiFamily = {
  system: 'shopify',
  prefix: SHOPIFY_PREFIX,
  routes: [...orderRoutes, refundRoute, fulfillmentRoute, releaseHoldRoute, ...inventoryRoutes],
  authenticate(request) {
    if (request.headers['x-shopify-access-token'] !== DEMO_CREDENTIALS.shopify.accessToken) {
      throw new SandboxError(401, '[API] Invalid API key or access token (unrecognized login or wrong password)');
    }
  },
  headers: { 'x-shopify-api-version': DEMO_CREDENTIALS.shopify.apiVersion },
  error(error) {
    if (error.status === 404) return jsonReply(404, { errors: 'Not Found' });
    if (error.field === undefined) return jsonReply(error.status, { errors: error.message });
    const detail = error.status === 400 ? error.message : [error.message];
    return jsonReply(error.status, { errors: { [error.field]: detail } });
  },
  throttleHeaders: () => ({ 'x-shopify-shop-api-call-limit': '40/40' }),
};
