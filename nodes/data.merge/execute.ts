import type { z } from 'zod';
import { NodeExecutionError, type IncomingValue, type NodeExecute } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

/** The key byNode uses for the input when the node runs without incoming edges (a test of the node alone). */
const STANDALONE_KEY = 'input';

/** Combines the values of the live incoming edges, in edge order. */
export const execute: NodeExecute<z.output<typeof spec.config>> = (ctx, config, input) => {
  const incoming: readonly IncomingValue[] =
    ctx.inputs.length > 0 ? ctx.inputs : [{ nodeId: '', port: '', value: input }];
  switch (config.mode) {
    case 'list':
      return { output: incoming.map((entry) => entry.value) };
    case 'byNode':
      // fromEntries defines own properties, so no node id can reach Object.prototype's setters.
      return {
        output: Object.fromEntries(
          incoming.map((entry) => [entry.nodeId === '' ? STANDALONE_KEY : entry.nodeId, entry.value]),
        ),
      };
    case 'shallow':
      return {
        output: Object.fromEntries(
          incoming.flatMap((entry) => {
            const { value } = entry;
            if (typeof value !== 'object' || value === null || Array.isArray(value)) {
              const source = entry.nodeId === '' ? 'the input' : `the output of node "${entry.nodeId}"`;
              throw new NodeExecutionError(
                `shallow merge needs objects, but ${source} is ${describe(value)}; ` +
                  'use the "list" or "byNode" mode to combine other values',
                { code: 'MERGE_NOT_OBJECT', details: { nodeId: entry.nodeId } },
              );
            }
            return Object.entries(value);
          }),
        ),
      };
  }
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
