import { bcListSpec } from '../bc-spec.js';

/** Lists the company's purchase invoices. */
export const spec = bcListSpec({
  type: 'connector.businessCentral.listPurchaseInvoices',
  title: 'Business Central: list purchase invoices',
  description:
    'Lists the purchase invoices of the company (GET purchaseInvoices) matching an OData $filter, in an $orderby, following every page up to the most ' +
    'records asked for; outputs { records, count, truncated }. Each invoice has its number, vendorNumber, vendorInvoiceNumber, orderNumber, status (Draft, Open, Paid) and totals.',
});
