import { bcListSpec } from '../bc-spec.js';

/** Lists the company's vendors. */
export const spec = bcListSpec({
  type: 'connector.businessCentral.listVendors',
  title: 'Business Central: list vendors',
  description:
    'Lists the vendors of the company (GET vendors) matching an OData $filter, in an $orderby, following every page up to the most ' +
    'records asked for; outputs { records, count, truncated }. Each vendor has its number, displayName, address, email and balance.',
});
