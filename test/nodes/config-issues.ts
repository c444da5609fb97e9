import type { z } from 'zod';
import { fieldHints } from '../../runtime/definition/index.js';
import { evaluateExpression, isTruthy, toPlainData, type PlainData } from '../../runtime/expressions/index.js';

/** The paths of every problem `schema` finds in `value`; empty when the value is accepted. */
export function issuePaths(schema: z.ZodType, value: unknown): PropertyKey[][] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path);
}

/** The messages of every problem `schema` finds in `value`. */
export function issueMessages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

/** Whether a field with a `visibleWhen` hint is shown for `config`, as the designer decides it. */
export function isVisible(fieldSchema: z.ZodType, config: Readonly<Record<string, unknown>>): boolean {
  const rule = fieldHints(fieldSchema).visibleWhen;
  if (rule === undefined) return true;
  const data: Record<string, PlainData> = Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, toPlainData(value)]),
  );
  return isTruthy(evaluateExpression(rule, data));
}
