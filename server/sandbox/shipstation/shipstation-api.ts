import { DEMO_CREDENTIALS } from '../credentials.js';
import { jsonReply, type ApiFamily } from '../http-types.js';
import { SandboxError } from '../sandbox-error.js';
import { labelRoutes } from './label-routes.js';
import { listRoutes } from './list-routes.js';
import { trackingRoute } from './tracking-route.js';

/**
 * ShipStation API v1 subset under `/shipstation` (orders, shipments, labels) plus the sandbox's
 * tracking extension. Basic auth with the API key and secret; errors as ShipStation writes them:
 * `{"Message": "..."}`, and for invalid requests `{"Message": "The request is invalid.",
 * "ModelState": {"field": ["..."]}}`.
 */
export const shipStationApi: ApiFamily = {
  system: 'shipstation',
  prefix: '/shipstation/',
  routes: [...listRoutes, ...labelRoutes, trackingRoute],
  authenticate(request) {
    const { apiKey, apiSecret } = DEMO_CREDENTIALS.shipstation;
    const expected = `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;
    if (request.headers.authorization !== expected) throw new SandboxError(401, 'Authorization has been denied for this request.');
  },
  error(error) {
    if (error.field === undefined) return jsonReply(error.status, { Message: error.message });
    return jsonReply(error.status, { Message: 'The request is invalid.', ModelState: { [error.field]: [error.message] } });
  },
  throttleHeaders: (retryAfterSeconds) => ({ 'x-rate-limit-limit': '40', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(retryAfterSeconds) }),
};
