import type { z } from 'zod';
import { findExpressionSites, setAtPath } from '../../runtime/definition/index.js';
import { evaluateExpression, type ExpressionContext } from '../../runtime/expressions/index.js';

/**
 * A saved config as `execute` receives it: every expression site the spec declares evaluated
 * against `context`, as the engine does before a step runs, then parsed.
 */
export function resolveSaved<T extends z.ZodType>(schema: T, saved: unknown, context: ExpressionContext): z.output<T> {
  let config = saved;
  for (const site of findExpressionSites(schema, saved)) config = setAtPath(config, site.path, evaluateExpression(site.value, context));
  return schema.parse(config);
}
