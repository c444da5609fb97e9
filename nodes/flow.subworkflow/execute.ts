import type { z } from 'zod';
import type { NodeExecute, NodeResult } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

/** Asks the engine for one child run; it continues on `out` with the child's output. */
export const execute: NodeExecute<z.output<typeof spec.config>, NodeResult> = (_ctx, config, input) => ({
  wait: {
    kind: 'children',
    workflowId: config.workflowId,
    items: [config.input === undefined ? input : config.input],
    concurrency: 1,
    collect: 'single',
  },
});
