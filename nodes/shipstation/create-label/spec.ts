import { z } from 'zod';
import { expression, field } from '../../../runtime/definition/index.js';
import { orderIdField, shipStationConnectionFields } from '../connection-fields.js';
import { shipStationSpec } from '../shipstation-spec.js';

const weight = z.strictObject({ value: z.number().positive(), units: z.enum(['ounces', 'pounds', 'grams']) });

/** Buys a shipping label for an order. */
export const spec = shipStationSpec({
  type: 'connector.shipstation.createLabel',
  title: 'ShipStation: create label',
  description:
    "Buys a shipping label for an order awaiting shipment (POST /orders/createlabelfororder) with the order's ship-to address, " +
    'and outputs the shipment: shipmentId, trackingNumber, shipmentCost and labelData (the label as a base64 PDF). The order becomes shipped. ' +
    'The request carries the step\'s idempotency key, so a retry does not buy a second label where the API honours it. ' +
    'An order that is not awaiting shipment, or whose address the carrier refuses, is an error that is not retried (API_REJECTED).',
  config: z.strictObject({
    ...shipStationConnectionFields,
    orderId: orderIdField,
    carrierCode: expression(z.string().min(1).max(50), { label: 'Carrier', widget: 'text', placeholder: 'ups', help: 'ShipStation carrier code: ups, fedex, stamps_com, ...' }),
    serviceCode: expression(z.string().min(1).max(100), { label: 'Service', widget: 'text', placeholder: 'ups_ground', help: "The carrier's service code, e.g. ups_ground, fedex_2day, usps_priority_mail." }),
    packageCode: expression(z.string().min(1).max(100), { label: 'Package', widget: 'text', help: 'The package code; "package" for the carrier\'s default box.' }).default('package'),
    confirmation: field(z.enum(['none', 'delivery', 'signature', 'adult_signature', 'direct_signature']), { label: 'Delivery confirmation', widget: 'select' }).default('none'),
    shipDate: expression(z.iso.date(), { label: 'Ship date', widget: 'text', placeholder: '2025-03-16', help: 'The day the parcel is handed to the carrier (YYYY-MM-DD).' }),
    weight: expression(weight, {
      label: 'Weight',
      widget: 'jsonLogic',
      help: 'Optional { value, units } (ounces, pounds, grams); the order\'s own weight is used when empty.',
    }).optional(),
    testLabel: field(z.boolean(), { label: 'Test label', widget: 'switch', help: 'A label that cannot be shipped with and costs nothing.' }).default(false),
  }),
  sideEffects: true,
});
