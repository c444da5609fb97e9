import type { z } from 'zod';
import type { NodeExecute } from '../../runtime/definition/index.js';
import { isTruthy } from '../../runtime/expressions/index.js';
import type { spec } from './spec.js';

/** The engine has evaluated every case's rule; pick the matching port(s) or `default`. */
export const execute: NodeExecute<z.output<typeof spec.config>> = (_ctx, config, input) => {
  const matching = config.cases.filter((entry) => isTruthy(entry.rule)).map((entry) => entry.port);
  const [first] = matching;
  if (first === undefined) return { output: input, port: 'default' };
  return { output: input, port: config.mode === 'first' ? first : matching };
};
