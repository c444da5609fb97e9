import type { z } from 'zod';
import type { NodeExecute } from '../../runtime/definition/index.js';
import { isTruthy } from '../../runtime/expressions/index.js';
import type { spec } from './spec.js';

/** The engine has evaluated the rule; its json-logic truthiness picks the port. */
export const execute: NodeExecute<z.output<typeof spec.config>> = (_ctx, config, input) => ({
  output: input,
  port: isTruthy(config.rule) ? 'true' : 'false',
});
