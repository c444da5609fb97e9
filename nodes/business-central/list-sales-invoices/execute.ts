import { listEntities } from '../entity-execute.js';

/** Outputs `{ records, count, truncated }`. */
export const execute = listEntities('salesInvoices');
