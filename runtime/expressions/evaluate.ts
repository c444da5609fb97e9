import jsonLogic from 'json-logic-js';
import { DEFAULT_BUDGET, type ExpressionBudget } from './budget.js';
import { checkExpression } from './check-expression.js';
import { ExpressionError, describePath } from './expression-error.js';
import { FORBIDDEN_KEYS } from './operators.js';
import type { PlainData } from './plain-data.js';

/**
 * What an expression can read: `{ input, nodes: { <nodeId>: output }, params, run, item }`.
 * Every value in it must already be plain data (see `toPlainData`).
 */
export interface ExpressionContext {
  readonly input?: PlainData;
  readonly nodes?: Readonly<Record<string, PlainData>>;
  readonly params?: Readonly<Record<string, PlainData>>;
  readonly run?: PlainData;
  readonly item?: PlainData;
}

/** Operations left in the evaluation under way; evaluation is synchronous, so one counter suffices. */
let operationsLeft = Number.POSITIVE_INFINITY;
let activeBudget: ExpressionBudget = DEFAULT_BUDGET;

const baseApply = jsonLogic.apply.bind(jsonLogic);

/**
 * Hardening of json-logic-js, installed once when this module loads. json-logic-js recurses
 * through `jsonLogic.apply`, so counting there bounds every evaluation step, including each item
 * of map/filter/reduce/all/some/none.
 */
function installHardening(): void {
  jsonLogic.rm_operation('log');
  jsonLogic.apply = (logic: unknown, data: unknown): unknown => {
    if (--operationsLeft < 0) {
      throw new ExpressionError(`the expression took more than ${activeBudget.maxOperations} steps`);
    }
    return baseApply(logic as jsonLogic.RulesLogic, data);
  };
  jsonLogic.add_operation('var', checkedVar);
  jsonLogic.add_operation('merge', boundedMerge);
  jsonLogic.add_operation('cat', boundedCat);
}

/** `var` restricted to own properties of data, refusing paths into JavaScript internals. */
function checkedVar(this: unknown, path?: unknown, fallback?: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback;
  if (path === undefined || path === '' || path === null) return this;
  let data: unknown = this;
  for (const segment of String(path).split('.')) {
    if (FORBIDDEN_KEYS.has(segment)) {
      throw new ExpressionError(`the data path "${String(path)}" uses "${segment}", which is not allowed`);
    }
    if (data === null || data === undefined) return notFound;
    if (typeof data !== 'object' && typeof data !== 'string') return notFound;
    if (!Object.prototype.hasOwnProperty.call(data, segment)) return notFound;
    data = (data as Record<string, unknown>)[segment];
    if (data === undefined) return notFound;
  }
  return data;
}

/** `merge` with a ceiling on the length of the array it builds. */
function boundedMerge(...parts: unknown[]): unknown[] {
  let length = 0;
  for (const part of parts) length += Array.isArray(part) ? part.length : 1;
  if (length > activeBudget.maxArrayLength) {
    throw new ExpressionError(`merge would build an array of ${length} items; the limit is ${activeBudget.maxArrayLength}`);
  }
  return ([] as unknown[]).concat(...parts);
}

/** `cat` with a ceiling on the length of the string it builds. */
function boundedCat(...parts: unknown[]): string {
  const strings = parts.map(String);
  let length = 0;
  for (const part of strings) length += part.length;
  if (length > activeBudget.maxStringLength) {
    throw new ExpressionError(`cat would build a string of ${length} characters; the limit is ${activeBudget.maxStringLength}`);
  }
  return strings.join('');
}

installHardening();

/** Rules already checked against the default budget (rules in definitions are reused every run). */
const checkedRules = new WeakSet<object>();

/**
 * Evaluates a json-logic rule against plain data with the hardening of docs/expressions.md:
 * allow-listed operators, checked data paths and budgets. A plain literal evaluates to itself.
 * Throws {@link ExpressionError} with a clear message when the rule is not allowed, fails, or runs
 * over its budget; never lets an evaluation exhaust the process.
 */
export function evaluateExpression(
  rule: unknown,
  context: ExpressionContext,
  budget: ExpressionBudget = DEFAULT_BUDGET,
): unknown {
  if (typeof rule !== 'object' || rule === null) return checkLiteral(rule);
  if (budget !== DEFAULT_BUDGET || !checkedRules.has(rule)) {
    const [problem] = checkExpression(rule, budget);
    if (problem) {
      throw new ExpressionError(
        problem.path.length > 0 ? `${problem.message} (at ${describePath(problem.path)})` : problem.message,
        problem.path,
      );
    }
    if (budget === DEFAULT_BUDGET) checkedRules.add(rule);
  }
  operationsLeft = budget.maxOperations;
  activeBudget = budget;
  try {
    return jsonLogic.apply(rule as jsonLogic.RulesLogic, context);
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    if (error instanceof RangeError) throw new ExpressionError('the expression ran out of stack space');
    throw new ExpressionError(`the expression failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    operationsLeft = Number.POSITIVE_INFINITY;
    activeBudget = DEFAULT_BUDGET;
  }
}

function checkLiteral(value: unknown): unknown {
  const [problem] = checkExpression(value);
  if (problem) throw new ExpressionError(problem.message);
  return value;
}

/** json-logic truthiness: like JavaScript's, except that an empty array is false. */
export function isTruthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}
