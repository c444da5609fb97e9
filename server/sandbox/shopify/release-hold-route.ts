import { jsonReply, type Route } from '../http-types.js';
import { SandboxError } from '../sandbox-error.js';
import { shopifyTime } from '../seed/dates.js';
import { supportedActions } from './fulfillment-actions.js';
import { pathId } from './shopify-params.js';
import { SHOPIFY_API } from './shopify-paths.js';

/** `POST fulfillment_orders/{id}/release_hold.json` → 200 `{ fulfillment_order }`: an exception order can then be fulfilled. */
export const releaseHoldRoute: Route = {
  method: 'POST',
  pattern: `${SHOPIFY_API}/fulfillment_orders/:id/release_hold.json`,
  effect: 'api',
  handle(request, context) {
    const id = pathId(request.params.id);
    const fulfillmentOrder = context.state.shopify.fulfillmentOrders.find((candidate) => candidate.id === id);
    if (!fulfillmentOrder) throw new SandboxError(404, 'Not Found');
    if (fulfillmentOrder.status !== 'on_hold') throw new SandboxError(422, `fulfillment order ${id} is ${fulfillmentOrder.status}, not on hold`, 'base');
    const started = fulfillmentOrder.line_items.some((item) => item.fulfillable_quantity < item.quantity);
    fulfillmentOrder.status = started ? 'in_progress' : 'open';
    fulfillmentOrder.fulfillment_holds = [];
    fulfillmentOrder.supported_actions = supportedActions(fulfillmentOrder.status);
    fulfillmentOrder.updated_at = shopifyTime(context.now());
    return jsonReply(200, { fulfillment_order: fulfillmentOrder }, {}, { fulfillmentOrderId: id });
  },
};
