import type { z } from 'zod';
import type { NodeExecute } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

/**
 * Hands the attributes (as text, unset ones left out) and the business key to the engine, which
 * writes them in the commit that records this step; the input passes on.
 */
export const execute: NodeExecute<z.output<typeof spec.config>> = (_ctx, config, input) => {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.attributes)) {
    if (value !== null) attributes[name] = String(value);
  }
  const businessKey = config.businessKey === undefined ? {} : { businessKey: String(config.businessKey) };
  return { output: input, searchAttributes: { ...businessKey, attributes } };
};
