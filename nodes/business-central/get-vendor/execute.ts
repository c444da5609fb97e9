import { getEntity } from '../entity-execute.js';

/** Outputs the vendor. */
export const execute = getEntity('vendors');
