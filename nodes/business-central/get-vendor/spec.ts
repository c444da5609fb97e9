import { bcGetSpec, getConfig } from '../bc-spec.js';

/** Reads one vendor. */
export const spec = bcGetSpec(
  {
    type: 'connector.businessCentral.getVendor',
    title: 'Business Central: get vendor',
    description: 'Reads one vendor of the company by its id (GET vendors({id})) and outputs it as Business Central returns it. A missing record is an error (API_NOT_FOUND).',
  },
  getConfig('Vendor'),
);
