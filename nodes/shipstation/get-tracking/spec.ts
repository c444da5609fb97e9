import { z } from 'zod';
import { expression } from '../../../runtime/definition/index.js';
import { shipStationConnectionFields, shipStationId } from '../connection-fields.js';
import { shipStationSpec } from '../shipstation-spec.js';

/** Reads a shipment's status and tracking events. */
export const spec = shipStationSpec({
  type: 'connector.shipstation.getTracking',
  title: 'ShipStation: shipment status and tracking',
  description:
    'Reads where a shipment is (GET /shipments/{shipmentId}/tracking, the 3PL tracking extension that the sandbox serves; ' +
    'ShipStation v1 itself has no tracking endpoint) and outputs { status, statusDescription, trackingNumber, trackingUrl, ' +
    'shipDate, estimatedDeliveryDate, actualDeliveryDate, events, late }. status is in_transit, delivered, exception or lost; ' +
    'late is true when it is in transit past the estimate or was delivered after it.',
  config: z.strictObject({
    ...shipStationConnectionFields,
    shipmentId: expression(shipStationId, { label: 'Shipment id', widget: 'jsonLogic', help: 'The shipmentId of a label, e.g. {"var": "input.shipmentId"}.' }),
  }),
  sideEffects: false,
});
