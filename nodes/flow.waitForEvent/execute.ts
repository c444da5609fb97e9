import type { z } from 'zod';
import type { NodeExecute, NodeResult } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

/** Asks the engine to wait for the event; it continues on `received` or `timeout`. */
export const execute: NodeExecute<z.output<typeof spec.config>, NodeResult> = (ctx, config) => ({
  wait: {
    kind: 'event',
    correlationKey: config.correlationKey,
    timeoutAt: config.timeoutSeconds === undefined ? null : ctx.clock.now().getTime() + config.timeoutSeconds * 1000,
  },
});
