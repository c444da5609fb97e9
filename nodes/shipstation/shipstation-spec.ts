import type { z } from 'zod';
import type { NodeSpec } from '../../runtime/definition/index.js';
import { operationSpec, type OperationSpec } from '../connector-kit/operation-spec.js';

/** The spec of a ShipStation operation: in the palette's ShipStation group, with the truck icon. */
export function shipStationSpec<Config extends z.ZodType>(operation: Omit<OperationSpec<Config>, 'icon'>): NodeSpec<Config> {
  return operationSpec('ShipStation', { ...operation, icon: 'truck' });
}
