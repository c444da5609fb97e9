import type { z } from 'zod';
import { NodeExecutionError, type NodeExecute, type NodeResult } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

/** Asks the engine to run the body once per item; an empty list needs no runs. */
export const execute: NodeExecute<z.output<typeof spec.config>, NodeResult> = (_ctx, config) => {
  const items = config.items;
  if (!Array.isArray(items)) {
    const received = describe(items);
    throw new NodeExecutionError(
      `the items must be a list, but the expression gave ${received}; point it at an array, e.g. {"var": "input.lines"}`,
      { code: 'FOREACH_NOT_A_LIST', details: { received } },
    );
  }
  if (items.length > config.maxItems) {
    throw new NodeExecutionError(
      `the list has ${items.length} items, more than the ${config.maxItems} this node allows ("Most items")`,
      { code: 'FOREACH_TOO_MANY_ITEMS', details: { count: items.length, maxItems: config.maxItems } },
    );
  }
  if (items.length === 0) return { output: [] };
  return {
    wait: { kind: 'children', workflowId: config.workflowId, items, concurrency: config.concurrency, collect: 'list' },
  };
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
