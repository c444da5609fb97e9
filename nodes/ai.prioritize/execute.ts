import type { z } from 'zod';
import { NodeExecutionError, type NodeExecute } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

/** The engine has evaluated every factor's value; sum the weighted values and clamp to the scale. */
export const execute: NodeExecute<z.output<typeof spec.config>> = (_ctx, config, input) => {
  const factors: Record<string, { value: number; weight: number; contribution: number }> = {};
  let sum = 0;
  for (const { name, value, weight } of config.factors) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new NodeExecutionError(`the factor "${name}" is ${JSON.stringify(value) ?? 'undefined'}, not a number`, { code: 'FACTOR_NOT_NUMBER', details: { factor: name } });
    }
    const contribution = weight * value;
    factors[name] = { value, weight, contribution };
    sum += contribution;
  }
  const score = Math.min(config.scale.max, Math.max(config.scale.min, sum));
  const passed = input !== null && typeof input === 'object' && !Array.isArray(input) ? input : { input };
  return { output: { ...passed, priority: { score, factors } } };
};
