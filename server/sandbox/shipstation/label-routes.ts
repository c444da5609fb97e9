import { jsonReply, type Route, type SandboxContext } from '../http-types.js';
import { isObject, jsonObject, type JsonObject } from '../request-body.js';
import { SandboxError } from '../sandbox-error.js';
import { dayAt, isoInstant, shipStationTime } from '../seed/dates.js';
import { SHIPSTATION_STORE_ID, SHIPSTATION_USER_ID, shipStationAddress, warehouseId } from '../seed/shipstation-seed.js';
import { labelPdf } from './label-pdf.js';
import type { ShipStationAddress, ShipStationOrder, ShipStationShipment, ShipStationWeight } from './shipstation-types.js';

/** The carriers and services labels can be bought for, and each service's days in transit. */
const SERVICES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  ups: { ups_ground: 3, ups_2nd_day_air: 2, ups_next_day_air: 1 },
  fedex: { fedex_ground: 4, fedex_2day: 2, fedex_standard_overnight: 1 },
  stamps_com: { usps_priority_mail: 2, usps_first_class_mail: 3, usps_ground_advantage: 4 },
};
const WEIGHT_UNITS = { pounds: 2, ounces: 1, grams: 3 } as const;

/** A label request, checked. */
interface LabelRequest {
  readonly carrierCode: string;
  readonly serviceCode: string;
  readonly packageCode: string;
  readonly confirmation: string;
  readonly shipDate: string;
  readonly weight: ShipStationWeight;
  readonly shipTo: ShipStationAddress;
  readonly testLabel: boolean;
}

function invalid(field: string, message: string): SandboxError {
  return new SandboxError(400, message, `shipment.${field}`);
}

function text(body: JsonObject, field: string, required = true): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') {
    if (required) throw invalid(field, `The ${field} field is required.`);
    return undefined;
  }
  if (typeof value !== 'string') throw invalid(field, `The ${field} field must be a string.`);
  return value;
}

/** An address, checked the way a carrier checks it before buying a label. */
function address(body: JsonObject, field: 'shipTo' | 'shipFrom'): ShipStationAddress {
  const value = body[field];
  if (!isObject(value)) throw invalid(field, `The ${field} field is required.`);
  const part = (name: string, required: boolean): string => {
    const inner = value[name];
    if (inner === undefined || inner === null || inner === '') {
      if (required) throw invalid(`${field}.${name}`, `The ${name} field is required.`);
      return '';
    }
    if (typeof inner !== 'string') throw invalid(`${field}.${name}`, `The ${name} field must be a string.`);
    return inner;
  };
  const country = part('country', false) || 'US';
  const postalCode = part('postalCode', true);
  if (country === 'US' && !/^\d{5}(-\d{4})?$/.test(postalCode)) throw invalid(`${field}.postalCode`, `The carrier rejected the address: '${postalCode}' is not a valid US ZIP code.`);
  if (country === 'US' && postalCode.startsWith('00000')) throw invalid(`${field}.postalCode`, `The carrier rejected the address: ZIP code '${postalCode}' does not exist.`);
  return { ...shipStationAddress(part('name', true), part('street1', true), part('city', true), part('state', true), postalCode, 'Address validated successfully'), company: part('company', false) || null, street2: part('street2', false) || null, country, phone: part('phone', false) || null };
}

function weight(body: JsonObject, required: boolean): ShipStationWeight | undefined {
  const value = body.weight;
  if (value === undefined || value === null) {
    if (required) throw invalid('weight', 'The weight field is required.');
    return undefined;
  }
  if (!isObject(value) || typeof value.value !== 'number' || !(value.value > 0)) throw invalid('weight.value', 'The weight must be an object { value, units } with a value greater than 0.');
  const units = value.units ?? 'ounces';
  if (typeof units !== 'string' || !(units in WEIGHT_UNITS)) throw invalid('weight.units', `The weight units must be one of ${Object.keys(WEIGHT_UNITS).join(', ')}.`);
  return { value: value.value, units: units as ShipStationWeight['units'], WeightUnits: WEIGHT_UNITS[units as keyof typeof WEIGHT_UNITS] };
}

function labelRequest(body: JsonObject, shipTo: ShipStationAddress, fallbackWeight?: ShipStationWeight): LabelRequest {
  const carrierCode = text(body, 'carrierCode') as string;
  const services = SERVICES[carrierCode];
  if (!services) throw invalid('carrierCode', `The carrier '${carrierCode}' is not connected to this account; use one of ${Object.keys(SERVICES).join(', ')}.`);
  const serviceCode = text(body, 'serviceCode') as string;
  if (services[serviceCode] === undefined) throw invalid('serviceCode', `The service '${serviceCode}' is not offered by ${carrierCode}; use one of ${Object.keys(services).join(', ')}.`);
  const shipDate = text(body, 'shipDate') as string;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(shipDate) || Number.isNaN(Date.parse(shipDate))) throw invalid('shipDate', `The shipDate '${shipDate}' is not a date such as 2024-10-01.`);
  if (body.testLabel !== undefined && typeof body.testLabel !== 'boolean') throw invalid('testLabel', 'The testLabel field must be true or false.');
  const chosenWeight = weight(body, fallbackWeight === undefined) ?? fallbackWeight;
  if (!chosenWeight) throw invalid('weight', 'The weight field is required.');
  return { carrierCode, serviceCode, packageCode: text(body, 'packageCode') as string, confirmation: text(body, 'confirmation', false) ?? 'none', shipDate, weight: chosenWeight, shipTo, testLabel: body.testLabel === true };
}

/** Buys the label: a new shipment with its tracking (label created, in transit from the ship date). */
function buyLabel(context: SandboxContext, label: LabelRequest, order: ShipStationOrder | undefined): ShipStationShipment {
  const state = context.state.shipstation;
  const now = context.now();
  const shipmentId = state.nextShipmentId++;
  const trackingNumber = label.carrierCode === 'ups' ? `1Z${context.state.prng.code(6, 'ABCDEFGHJKLMNPRSTUVWXY0123456789')}03${context.state.prng.code(8, '0123456789')}` : label.carrierCode === 'fedex' ? context.state.prng.code(12, '0123456789') : `9400${context.state.prng.code(18, '0123456789')}`;
  const pdf = labelPdf([`${label.carrierCode.toUpperCase()}  ${label.serviceCode}`, `TRACKING # ${trackingNumber}`, '', 'SHIP TO:', label.shipTo.name, label.shipTo.street1, `${label.shipTo.city}, ${label.shipTo.state} ${label.shipTo.postalCode}`, '', label.testLabel ? 'TEST LABEL - DO NOT SHIP' : `Ship date ${label.shipDate}`]);
  const shipment: ShipStationShipment = {
    shipmentId,
    orderId: order?.orderId ?? null,
    orderKey: order?.orderKey ?? null,
    userId: SHIPSTATION_USER_ID,
    customerEmail: order?.customerEmail ?? null,
    orderNumber: order?.orderNumber ?? null,
    createDate: shipStationTime(now),
    shipDate: label.shipDate,
    shipmentCost: Number((7 + label.weight.value * 0.05).toFixed(2)),
    insuranceCost: 0,
    trackingNumber,
    isReturnLabel: false,
    batchNumber: null,
    carrierCode: label.carrierCode,
    serviceCode: label.serviceCode,
    packageCode: label.packageCode,
    confirmation: label.confirmation,
    warehouseId: order?.advancedOptions.warehouseId ?? warehouseId(0),
    voided: false,
    voidDate: null,
    marketplaceNotified: false,
    notifyErrorMessage: null,
    shipTo: label.shipTo,
    weight: label.weight,
    dimensions: null,
    insuranceOptions: { provider: null, insureShipment: false, insuredValue: 0 },
    advancedOptions: { billToParty: null, billToAccount: null, billToPostalCode: null, billToCountryCode: null, storeId: order?.advancedOptions.storeId ?? SHIPSTATION_STORE_ID },
    shipmentItems: order ? order.items.map((item) => ({ orderItemId: item.orderItemId, lineItemKey: item.lineItemKey, sku: item.sku, name: item.name, quantity: item.quantity, unitPrice: item.unitPrice })) : null,
    labelData: pdf.toString('base64'),
    formData: null,
  };
  state.shipments.push({ ...shipment, labelData: null });
  const shipDay = new Date(`${label.shipDate}T00:00:00Z`);
  state.tracking.push({
    shipmentId,
    orderId: shipment.orderId,
    orderNumber: shipment.orderNumber,
    carrierCode: label.carrierCode,
    trackingNumber,
    trackingUrl: `https://track.sandbox.flowgate.local/${label.carrierCode}/${trackingNumber}`,
    status: 'in_transit',
    statusDescription: 'Label created; the carrier awaits the item',
    shipDate: isoInstant(shipDay),
    estimatedDeliveryDate: isoInstant(dayAt(shipDay, SERVICES[label.carrierCode]?.[label.serviceCode] ?? 3, 20)),
    actualDeliveryDate: null,
    events: [{ occurredAt: isoInstant(now), status: 'label_created', description: 'Shipping label created; the carrier awaits the item', city: '', state: '', postalCode: '', country: 'US' }],
  });
  if (order) {
    order.orderStatus = 'shipped';
    order.shipDate = label.shipDate;
    order.carrierCode = label.carrierCode;
    order.serviceCode = label.serviceCode;
    order.packageCode = label.packageCode;
    order.modifyDate = shipStationTime(now);
  }
  return shipment;
}

/** `POST /shipments/createlabel` (a label without an order) and `POST /orders/createlabelfororder`. */
export const labelRoutes: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/shipstation/shipments/createlabel',
    effect: 'api',
    handle(request, context) {
      const body = jsonObject(request);
      address(body, 'shipFrom');
      const shipment = buyLabel(context, labelRequest(body, address(body, 'shipTo')), undefined);
      return jsonReply(200, shipment, {}, { shipmentId: shipment.shipmentId, trackingNumber: shipment.trackingNumber });
    },
  },
  {
    method: 'POST',
    pattern: '/shipstation/orders/createlabelfororder',
    effect: 'api',
    handle(request, context) {
      const body = jsonObject(request);
      const orderId = body.orderId;
      if (typeof orderId !== 'number') throw invalid('orderId', 'The orderId field is required.');
      const order = context.state.shipstation.orders.find((candidate) => candidate.orderId === orderId);
      if (!order) throw new SandboxError(404, `Order not found: ${orderId}`);
      if (order.orderStatus !== 'awaiting_shipment') throw new SandboxError(400, `Order ${order.orderNumber} is ${order.orderStatus}: labels can be created for orders awaiting shipment only.`);
      if (order.shipTo.addressVerified === 'Address validation failed') throw invalid('shipTo', `The carrier rejected the ship-to address of order ${order.orderNumber}: it failed validation.`);
      const shipment = buyLabel(context, labelRequest(body, order.shipTo, order.weight), order);
      return jsonReply(200, shipment, {}, { shipmentId: shipment.shipmentId, orderId, trackingNumber: shipment.trackingNumber });
    },
  },
];
