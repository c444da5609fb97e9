import type { z } from 'zod';
import { NodeExecutionError, type NodeExecute } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

/** Raises the exception through the engine's sink (once per step) and passes the input on with it. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config, input) => {
  if (ctx.exceptions === undefined) throw new NodeExecutionError('exceptions are not recorded where this workflow runs', { code: 'EXCEPTIONS_UNAVAILABLE' });
  const subject = config.subjectType !== undefined && config.subjectId !== undefined ? { type: config.subjectType, id: String(config.subjectId) } : null;
  const raised = await ctx.exceptions.raise({
    category: config.category,
    severity: config.severity,
    title: config.title,
    details: config.details,
    subject,
    owner: config.owner ?? null,
    context: config.context,
    ...(config.priority === undefined ? {} : { priority: Math.round(config.priority) }),
  });
  const passed = input !== null && typeof input === 'object' && !Array.isArray(input) ? input : { input };
  return { output: { ...passed, exception: { id: raised.id, key: raised.key, created: raised.created, category: config.category, severity: config.severity } } };
};
