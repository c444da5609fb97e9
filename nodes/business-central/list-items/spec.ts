import { bcListSpec } from '../bc-spec.js';

/** Lists the company's items. */
export const spec = bcListSpec({
  type: 'connector.businessCentral.listItems',
  title: 'Business Central: list items',
  description:
    'Lists the items of the company (GET items) matching an OData $filter, in an $orderby, following every page up to the most ' +
    'records asked for; outputs { records, count, truncated }. Each item has its number (the SKU), displayName, type, unitPrice, unitCost and inventory (on hand).',
});
