import type { z } from 'zod';
import { ERROR_PORT, IN_PORT, OUT_PORT, defineNodeSpec, type NodeSpec } from '../../runtime/definition/index.js';

/** What differs between the operations of a connector. */
export interface OperationSpec<Config extends z.ZodType> {
  readonly type: string;
  readonly title: string;
  readonly description: string;
  readonly icon: string;
  readonly config: Config;
  /** Reads have none; every write to the external system has. */
  readonly sideEffects: boolean;
}

/**
 * The spec of one operation of an external system's connector: a connector node in the system's
 * palette group, with the single input and the out and error ports.
 */
export function operationSpec<Config extends z.ZodType>(group: string, operation: OperationSpec<Config>): NodeSpec<Config> {
  return defineNodeSpec({
    ...operation,
    version: 1,
    category: 'connector',
    group,
    ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
  });
}
