import { z } from 'zod';
import { field } from '../../../runtime/definition/index.js';
import { maxItemsField } from '../../connector-kit/list-limit.js';
import { orderIdField, pageSizeField, shipStationConnectionFields } from '../connection-fields.js';
import { shipStationSpec } from '../shipstation-spec.js';

/** Lists the shipments of one order. */
export const spec = shipStationSpec({
  type: 'connector.shipstation.listShipments',
  title: 'ShipStation: list shipments of an order',
  description:
    'Lists the shipments (labels) of one order (GET /shipments?orderId=…), return labels and voided ones included, following every page; ' +
    'outputs { shipments, count, truncated }. Each shipment has its carrier, service, tracking number, ship date and cost.',
  config: z.strictObject({
    ...shipStationConnectionFields,
    orderId: orderIdField,
    includeShipmentItems: field(z.boolean(), { label: 'Include items', widget: 'switch', help: 'Fill each shipment\'s shipmentItems (otherwise null).' }).default(false),
    maxShipments: maxItemsField('shipments'),
    pageSize: pageSizeField,
  }),
  sideEffects: false,
});
