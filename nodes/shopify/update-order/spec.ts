import { z } from 'zod';
import { expression } from '../../../runtime/definition/index.js';
import { orderIdField, shopifyConnectionFields } from '../connection-fields.js';
import { shopifySpec } from '../shopify-spec.js';

/** Changes an order's tags and note. */
export const spec = shopifySpec({
  type: 'connector.shopify.updateOrder',
  title: 'Shopify: update order tags and note',
  description:
    "Replaces an order's tags and/or note (PUT orders/{id}.json) and outputs the updated order. " +
    'Tags are a comma-separated list; leave a field empty to keep it as it is.',
  config: z
    .strictObject({
      ...shopifyConnectionFields,
      orderId: orderIdField,
      tags: expression(z.union([z.string().max(10_000), z.array(z.string().max(40)).max(250)]), {
        label: 'Tags',
        widget: 'text',
        help: 'The new tags, replacing the old ones: "vip, priority" or a list; omit to keep them.',
      }).optional(),
      note: expression(z.string().max(5000), { label: 'Note', widget: 'textarea', help: 'The new note; omit to keep it.' }).optional(),
    })
    .refine((config) => config.tags !== undefined || config.note !== undefined, { message: 'set the tags, the note or both', path: ['tags'] }),
  sideEffects: true,
});
