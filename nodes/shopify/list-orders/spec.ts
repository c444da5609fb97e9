import { z } from 'zod';
import { expression, field } from '../../../runtime/definition/index.js';
import { maxItemsField } from '../../connector-kit/list-limit.js';
import { shopifyConnectionFields } from '../connection-fields.js';
import { shopifySpec } from '../shopify-spec.js';

const dateTime = z.union([z.iso.datetime({ offset: true }), z.iso.date(), z.literal('')]);

/** Lists orders, following every page. */
export const spec = shopifySpec({
  type: 'connector.shopify.listOrders',
  title: 'Shopify: list orders',
  description:
    'Lists the orders of the shop with a status, created in a date range and carrying a tag, newest first, ' +
    'following every page (Link header cursors) up to the maximum; outputs { orders, count, truncated }. ' +
    'The tag is matched by the connector on each page, as the Admin REST API has no tag filter.',
  config: z.strictObject({
    ...shopifyConnectionFields,
    status: field(z.enum(['open', 'closed', 'cancelled', 'any']), { label: 'Status', widget: 'select' }).default('open'),
    createdAtMin: expression(dateTime, {
      label: 'Created from',
      widget: 'text',
      placeholder: '2025-03-01T00:00:00Z',
      help: 'ISO 8601 date or date-time; empty for no lower bound.',
    }).default(''),
    createdAtMax: expression(dateTime, { label: 'Created until', widget: 'text', help: 'ISO 8601 date or date-time; empty for no upper bound.' }).default(''),
    tag: expression(z.string().max(40), { label: 'Tag', widget: 'text', help: 'Only orders with this tag (case-insensitive); empty for all.' }).default(''),
    maxOrders: maxItemsField('orders'),
    pageSize: field(z.number().int().min(1).max(250), {
      label: 'Orders per request',
      widget: 'number',
      help: 'How many orders each page asks for (Shopify allows up to 250); every page is followed.',
    }).default(250),
  }),
  sideEffects: false,
});
