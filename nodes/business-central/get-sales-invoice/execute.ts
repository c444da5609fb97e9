import { getEntity } from '../entity-execute.js';

/** Outputs the sales invoice. */
export const execute = getEntity('salesInvoices', 'salesInvoiceLines');
