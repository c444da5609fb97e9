import { bcGetSpec, getConfig } from '../bc-spec.js';

/** Reads one customer. */
export const spec = bcGetSpec(
  {
    type: 'connector.businessCentral.getCustomer',
    title: 'Business Central: get customer',
    description: 'Reads one customer of the company by its id (GET customers({id})) and outputs it as Business Central returns it. A missing record is an error (API_NOT_FOUND).',
  },
  getConfig('Customer'),
);
