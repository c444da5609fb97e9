import { bcGetSpec, getConfig } from '../bc-spec.js';

/** Reads one sales order. */
export const spec = bcGetSpec(
  {
    type: 'connector.businessCentral.getSalesOrder',
    title: 'Business Central: get sales order',
    description: 'Reads one sales order of the company by its id (GET salesOrders({id})) and outputs it as Business Central returns it. With lines, its salesOrderLines ($expand). A missing record is an error (API_NOT_FOUND).',
  },
  getConfig('Sales order', 'salesOrderLines'),
);
