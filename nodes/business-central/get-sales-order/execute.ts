import { getEntity } from '../entity-execute.js';

/** Outputs the sales order. */
export const execute = getEntity('salesOrders', 'salesOrderLines');
