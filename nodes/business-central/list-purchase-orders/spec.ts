import { bcListSpec } from '../bc-spec.js';

/** Lists the company's purchase orders. */
export const spec = bcListSpec({
  type: 'connector.businessCentral.listPurchaseOrders',
  title: 'Business Central: list purchase orders',
  description:
    'Lists the purchase orders of the company (GET purchaseOrders) matching an OData $filter, in an $orderby, following every page up to the most ' +
    'records asked for; outputs { records, count, truncated }. Each order has its number, vendorNumber, orderDate, status and totals; lines carry receivedQuantity.',
});
