import { bcListSpec } from '../bc-spec.js';

/** Lists the company's sales invoices. */
export const spec = bcListSpec({
  type: 'connector.businessCentral.listSalesInvoices',
  title: 'Business Central: list sales invoices',
  description:
    'Lists the sales invoices of the company (GET salesInvoices) matching an OData $filter, in an $orderby, following every page up to the most ' +
    'records asked for; outputs { records, count, truncated }. Each invoice has its number, customerNumber, invoiceDate, dueDate, status (Draft, Open, Paid), remainingAmount and orderNumber.',
});
