/**
 * The json-logic operators a definition may use. Everything else is refused before a run and
 * during one. Removed on purpose: `log` (writes to the server console) and `method` (calls
 * JavaScript methods; json-logic-js 2.x dropped it, and it must never come back).
 */
export const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  // data access
  'var', 'missing', 'missing_some',
  // logic and branching
  'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and',
  // numbers
  '>', '>=', '<', '<=', '+', '-', '*', '/', '%', 'min', 'max',
  // arrays
  'map', 'filter', 'reduce', 'all', 'none', 'some', 'merge', 'in',
  // strings
  'cat', 'substr',
]);

/** Path segments that would reach into JavaScript internals instead of data. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Operators whose arguments are data paths (checked like `var`). */
export const PATH_OPERATORS: ReadonlySet<string> = new Set(['var', 'missing', 'missing_some']);

/** json-logic's own test for "this value is an operation": an object with exactly one key. */
export function isRule(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  let keys = 0;
  for (const key in value) {
    if (Object.hasOwn(value, key) && ++keys > 1) return false;
  }
  return keys === 1;
}

/** The operator of a rule (its only key). */
export function operatorOf(rule: Record<string, unknown>): string {
  for (const key in rule) {
    if (Object.hasOwn(rule, key)) return key;
  }
  throw new Error('not a rule');
}
