import { getEntity } from '../entity-execute.js';

/** Outputs the purchase order. */
export const execute = getEntity('purchaseOrders', 'purchaseOrderLines');
