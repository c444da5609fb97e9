import { getEntity } from '../entity-execute.js';

/** Outputs the item. */
export const execute = getEntity('items');
