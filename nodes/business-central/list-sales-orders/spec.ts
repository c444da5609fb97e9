import { bcListSpec } from '../bc-spec.js';

/** Lists the company's sales orders. */
export const spec = bcListSpec({
  type: 'connector.businessCentral.listSalesOrders',
  title: 'Business Central: list sales orders',
  description:
    'Lists the sales orders of the company (GET salesOrders) matching an OData $filter, in an $orderby, following every page up to the most ' +
    'records asked for; outputs { records, count, truncated }. Each order has its number, customerNumber, orderDate, status (Draft, Open, Released) and totals.',
});
