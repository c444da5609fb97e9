import { z } from 'zod';
import { expression, field } from '../../../runtime/definition/index.js';
import { maxItemsField } from '../../connector-kit/list-limit.js';
import { pageSizeField, shipStationConnectionFields } from '../connection-fields.js';
import { shipStationSpec } from '../shipstation-spec.js';

/** ShipStation's order statuses; `any` sends no filter. */
export const ORDER_STATUSES = ['any', 'awaiting_payment', 'awaiting_shipment', 'pending_fulfillment', 'shipped', 'on_hold', 'cancelled'] as const;

/** A date filter as ShipStation takes it: `2025-03-10` or `2025-03-10 13:00:00` (a `T` is accepted too). */
const shipStationDate = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/, 'must be a date such as 2025-03-10 or 2025-03-10 13:00:00'), z.literal('')]);

/** Lists orders, following every page. */
export const spec = shipStationSpec({
  type: 'connector.shipstation.listOrders',
  title: 'ShipStation: list orders',
  description:
    'Lists the orders in ShipStation with a status, created in a date range and with an order number containing the text given, ' +
    'following every page (page / pages) up to the maximum; outputs { orders, count, truncated }. Dates are in ShipStation\'s account time zone.',
  config: z.strictObject({
    ...shipStationConnectionFields,
    orderStatus: field(z.enum(ORDER_STATUSES), { label: 'Status', widget: 'select' }).default('any'),
    createDateStart: expression(shipStationDate, {
      label: 'Created from',
      widget: 'text',
      placeholder: '2025-03-01',
      help: 'A date or date and time (2025-03-01 13:00:00); empty for no lower bound.',
    }).default(''),
    createDateEnd: expression(shipStationDate, { label: 'Created until', widget: 'text', help: 'A date (the whole day counts) or date and time; empty for no upper bound.' }).default(''),
    orderNumber: expression(z.string().max(100), { label: 'Order number', widget: 'text', help: 'Only orders whose number contains this text; empty for all.' }).default(''),
    maxOrders: maxItemsField('orders'),
    pageSize: pageSizeField,
  }),
  sideEffects: false,
});
