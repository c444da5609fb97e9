import type { z } from 'zod';
import type { NodeExecute } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

/** Hands the response to the engine and passes the input on. */
export const execute: NodeExecute<z.output<typeof spec.config>> = (_ctx, config, input) => ({
  output: input,
  response: {
    status: config.status,
    headers: config.headers,
    body: config.body === undefined ? input : config.body,
  },
});
