import { bcGetSpec, getConfig } from '../bc-spec.js';

/** Reads one purchase invoice. */
export const spec = bcGetSpec(
  {
    type: 'connector.businessCentral.getPurchaseInvoice',
    title: 'Business Central: get purchase invoice',
    description: 'Reads one purchase invoice of the company by its id (GET purchaseInvoices({id})) and outputs it as Business Central returns it. With lines, its purchaseInvoiceLines ($expand). A missing record is an error (API_NOT_FOUND).',
  },
  getConfig('Purchase invoice', 'purchaseInvoiceLines'),
);
