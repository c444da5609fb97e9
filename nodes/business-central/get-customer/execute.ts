import { getEntity } from '../entity-execute.js';

/** Outputs the customer. */
export const execute = getEntity('customers');
