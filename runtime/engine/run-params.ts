import type { WorkflowParam } from '../definition/index.js';
import { ExpressionError, toPlainData, type PlainData } from '../expressions/index.js';
import { RunRequestError } from './errors.js';

/**
 * The params of one run: declared defaults overridden by the values given, each checked against
 * its declared type. Unknown names and missing required params are refused with a clear error.
 */
export function resolveParams(
  declared: readonly WorkflowParam[],
  given: Readonly<Record<string, unknown>> = {},
): Record<string, PlainData> {
  const byName = new Map(declared.map((param) => [param.name, param]));
  for (const name of Object.keys(given)) {
    if (!byName.has(name)) {
      const known = declared.map((param) => param.name).join(', ') || 'none';
      throw new RunRequestError(`unknown param "${name}" (this workflow declares: ${known})`, ['params', name]);
    }
  }
  const params: Record<string, PlainData> = {};
  for (const param of declared) {
    const value = Object.hasOwn(given, param.name) ? given[param.name] : param.default;
    if (value === undefined) {
      if (param.required) throw new RunRequestError(`param "${param.name}" is required`, ['params', param.name]);
      continue;
    }
    if (param.type !== 'json' && typeof value !== param.type) {
      throw new RunRequestError(`param "${param.name}" must be a ${param.type}, got ${kindOf(value)}`, ['params', param.name]);
    }
    if (param.enum && !param.enum.includes(value as string | number)) {
      const allowed = param.enum.map((choice) => JSON.stringify(choice)).join(', ');
      throw new RunRequestError(`param "${param.name}" must be one of ${allowed}, got ${kindOf(value)}`, ['params', param.name]);
    }
    try {
      params[param.name] = toPlainData(value, `param "${param.name}"`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new RunRequestError(message, ['params', param.name, ...(error instanceof ExpressionError ? error.path : [])]);
    }
  }
  return params;
}

/** What a wrong value is, for a message: short scalars as JSON, anything else by its kind (never serialised whole). */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length <= 40 ? text : `a ${typeof value}`;
}
