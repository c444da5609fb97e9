import { jsonReply, type Route } from '../http-types.js';
import { SandboxError } from '../sandbox-error.js';

/**
 * `GET /shipments/{shipmentId}/tracking`: the sandbox's 3PL extension (ShipStation v1 has no
 * tracking endpoint): `{ shipmentId, orderId, orderNumber, carrierCode, trackingNumber,
 * trackingUrl, status: in_transit|delivered|exception|lost, statusDescription, shipDate,
 * estimatedDeliveryDate, actualDeliveryDate, events: [{ occurredAt, status, description, city,
 * state, postalCode, country }] }`.
 */
export const trackingRoute: Route = {
  method: 'GET',
  pattern: '/shipstation/shipments/:shipmentId/tracking',
  handle(request, context) {
    const id = Number(request.params.shipmentId);
    const tracking = context.state.shipstation.tracking.find((candidate) => candidate.shipmentId === id);
    if (!tracking) throw new SandboxError(404, `Shipment not found: ${request.params.shipmentId ?? ''}`);
    return jsonReply(200, tracking);
  },
};
