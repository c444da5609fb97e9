import { bcGetSpec, getConfig } from '../bc-spec.js';

/** Reads one sales invoice. */
export const spec = bcGetSpec(
  {
    type: 'connector.businessCentral.getSalesInvoice',
    title: 'Business Central: get sales invoice',
    description: 'Reads one sales invoice of the company by its id (GET salesInvoices({id})) and outputs it as Business Central returns it. With lines, its salesInvoiceLines ($expand). A missing record is an error (API_NOT_FOUND).',
  },
  getConfig('Sales invoice', 'salesInvoiceLines'),
);
