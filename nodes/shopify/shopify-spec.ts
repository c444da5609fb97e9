import type { z } from 'zod';
import type { NodeSpec } from '../../runtime/definition/index.js';
import { operationSpec, type OperationSpec } from '../connector-kit/operation-spec.js';

/** The spec of a Shopify operation: in the palette's Shopify group, with the shopping-bag icon. */
export function shopifySpec<Config extends z.ZodType>(operation: Omit<OperationSpec<Config>, 'icon'>): NodeSpec<Config> {
  return operationSpec('Shopify', { ...operation, icon: 'shopping-bag' });
}
