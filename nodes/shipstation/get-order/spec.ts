import { z } from 'zod';
import { orderIdField, shipStationConnectionFields } from '../connection-fields.js';
import { shipStationSpec } from '../shipstation-spec.js';

/** Reads one order. */
export const spec = shipStationSpec({
  type: 'connector.shipstation.getOrder',
  title: 'ShipStation: get order',
  description:
    'Reads one ShipStation order by its orderId (GET /orders/{orderId}) and outputs it as ShipStation returns it: status, ' +
    'ship-to address with its validation result, items, weight, totals. A missing order is an error (API_NOT_FOUND).',
  config: z.strictObject({ ...shipStationConnectionFields, orderId: orderIdField }),
  sideEffects: false,
});
