import { getEntity } from '../entity-execute.js';

/** Outputs the purchase invoice. */
export const execute = getEntity('purchaseInvoices', 'purchaseInvoiceLines');
