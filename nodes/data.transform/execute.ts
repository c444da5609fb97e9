import type { z } from 'zod';
import { NodeExecutionError, type NodeExecute } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

type DataObject = Record<string, unknown>;

/** Sets each evaluated field at its dotted output path. */
export const execute: NodeExecute<z.output<typeof spec.config>> = (_ctx, config, input) => {
  const output: DataObject = config.keepInput && isObject(input) ? { ...input } : {};
  const fieldPaths = new Set(Object.keys(config.fields));
  // Shorter paths first (the sort is stable, so same-depth fields keep their order): an object set
  // at "a" can then be extended by "a.b", whatever order the fields were written in.
  const entries = Object.entries(config.fields)
    .map(([path, value]) => ({ path, parents: path.split('.'), value }))
    .sort((a, b) => a.parents.length - b.parents.length);
  for (const { path, parents, value } of entries) {
    const leaf = parents.pop() ?? path;
    let target = output;
    for (const [depth, segment] of parents.entries()) {
      const existing = Object.hasOwn(target, segment) ? target[segment] : undefined;
      const prefix = parents.slice(0, depth + 1).join('.');
      if (existing !== undefined && !isObject(existing) && fieldPaths.has(prefix)) {
        throw new NodeExecutionError(
          `the fields "${prefix}" and "${path}" conflict: "${prefix}" is set to ${describe(existing)}, ` +
            `so "${path}" cannot be set inside it`,
          { code: 'TRANSFORM_CONFLICT', details: { fields: [prefix, path] } },
        );
      }
      // Copies, so neither the input nor an evaluated value is changed in place (both may be frozen).
      const next: DataObject = isObject(existing) ? { ...existing } : {};
      target[segment] = next;
      target = next;
    }
    target[leaf] = value;
  }
  return { output };
};

function isObject(value: unknown): value is DataObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
