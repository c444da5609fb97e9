import { bcGetSpec, getConfig } from '../bc-spec.js';

/** Reads one item. */
export const spec = bcGetSpec(
  {
    type: 'connector.businessCentral.getItem',
    title: 'Business Central: get item',
    description: 'Reads one item of the company by its id (GET items({id})) and outputs it as Business Central returns it. A missing record is an error (API_NOT_FOUND).',
  },
  getConfig('Item'),
);
