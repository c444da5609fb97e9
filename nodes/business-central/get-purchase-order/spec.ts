import { bcGetSpec, getConfig } from '../bc-spec.js';

/** Reads one purchase order. */
export const spec = bcGetSpec(
  {
    type: 'connector.businessCentral.getPurchaseOrder',
    title: 'Business Central: get purchase order',
    description: 'Reads one purchase order of the company by its id (GET purchaseOrders({id})) and outputs it as Business Central returns it. With lines, its purchaseOrderLines ($expand). A missing record is an error (API_NOT_FOUND).',
  },
  getConfig('Purchase order', 'purchaseOrderLines'),
);
