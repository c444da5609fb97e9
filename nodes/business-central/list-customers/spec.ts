import { bcListSpec } from '../bc-spec.js';

/** Lists the company's customers. */
export const spec = bcListSpec({
  type: 'connector.businessCentral.listCustomers',
  title: 'Business Central: list customers',
  description:
    'Lists the customers of the company (GET customers) matching an OData $filter, in an $orderby, following every page up to the most ' +
    'records asked for; outputs { records, count, truncated }. Each customer has its number, displayName, address, email, creditLimit and balanceDue.',
});
