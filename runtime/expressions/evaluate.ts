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
  /** The platform event an event trigger's filter reads (`trigger.event`); not part of a run's context. */
  readonly event?: PlainData;
}

/** Operations left in the evaluation under way; evaluation is synchronous, so one counter suffices. */
let operationsLeft = Number.POSITIVE_INFINITY;
let activeBudget: ExpressionBudget = DEFAULT_BUDGET;

/** Characters of text that cost one step when an operator may copy, compare or search them. */
const CHARACTERS_PER_STEP = 100;

const baseApply = jsonLogic.apply.bind(jsonLogic);

/**
 * Hardening of json-logic-js, installed once when this module loads. json-logic-js recurses
 * through `jsonLogic.apply`, so counting there bounds every evaluation step, including each item
 * of map/filter/reduce/all/some/none.
 */
function installHardening(): void {
  jsonLogic.rm_operation('log');
  jsonLogic.apply = (logic: unknown, data: unknown): unknown => {
    spend(1);
    const value: unknown = baseApply(logic as jsonLogic.RulesLogic, data);
    // json-logic-js yields undefined for a few degenerate rules (`and`/`or` without arguments,
    // `map`/`reduce` without a rule to apply); JSON has no undefined, so they give null.
    return value === undefined ? null : value;
  };
  jsonLogic.add_operation('var', checkedVar);
  jsonLogic.add_operation('merge', boundedMerge);
  jsonLogic.add_operation('cat', boundedCat);
}

/** Counts steps against the budget of the evaluation under way. */
function spend(steps: number): void {
  operationsLeft -= steps;
  if (operationsLeft < 0) {
    throw new ExpressionError(`the expression took more than ${activeBudget.maxOperations} steps`);
  }
}

/**
 * `var` restricted to own properties of data, refusing paths into JavaScript internals. The whole
 * path is checked before any of it is read, so whether it is refused never depends on the data.
 */
function checkedVar(this: unknown, path?: unknown, fallback?: unknown): unknown {
  const found = path === undefined || path === '' || path === null ? this : readPath(this, pathText(path));
  if (found === undefined) return fallback === undefined ? null : fallback;
  if (Number.isFinite(operationsLeft)) spend(readCost(found, operationsLeft));
  return found;
}

/** The value at a dotted path through own properties of data, or undefined when there is none. */
function readPath(root: unknown, path: string): unknown {
  const segments = path.split('.');
  for (const segment of segments) {
    if (FORBIDDEN_KEYS.has(segment)) {
      throw new ExpressionError(`the data path "${path}" uses "${segment}", which is not allowed`);
    }
  }
  let data = root;
  for (const segment of segments) {
    if ((typeof data !== 'object' && typeof data !== 'string') || data === null) return undefined;
    if (!Object.prototype.hasOwnProperty.call(data, segment)) return undefined;
    data = (data as Record<string, unknown>)[segment];
  }
  return data;
}

/** A path as text: json-logic-js accepts any value as a path and reads it through String(). */
function pathText(path: unknown): string {
  return String(path);
}

/**
 * Steps charged for a value `var` hands to the rule. Operators turn arrays into text (`==`, `<`,
 * `+`, `cat`, `substr`...), copy them (`merge`) or search them (`in`) natively but in time that
 * grows with their size, and a `reduce` can read its growing accumulator once per item; so a read
 * costs one step per array item (nested arrays included) and per 100 characters of text. Objects
 * cost nothing more: operators never walk into them. Counting stops past `limit`, so arrays that
 * share parts many times over cost no more time than the budget allows.
 */
function readCost(value: unknown, limit: number): number {
  if (typeof value === 'string') return Math.floor(value.length / CHARACTERS_PER_STEP);
  if (!Array.isArray(value)) return 0;
  let cost = 0;
  const stack: unknown[][] = [value];
  while (stack.length > 0 && cost <= limit) {
    const array = stack.pop() as unknown[];
    cost += array.length;
    for (const item of array) {
      if (typeof item === 'string') cost += Math.floor(item.length / CHARACTERS_PER_STEP);
      else if (Array.isArray(item)) stack.push(item as unknown[]);
    }
  }
  return cost;
}

/** `merge` with a ceiling on the length of the array it builds; copying costs a step per item. */
function boundedMerge(...parts: unknown[]): unknown[] {
  let length = 0;
  for (const part of parts) length += Array.isArray(part) ? part.length : 1;
  if (length > activeBudget.maxArrayLength) {
    throw new ExpressionError(`merge would build an array of ${length} items; the limit is ${activeBudget.maxArrayLength}`);
  }
  spend(length);
  return ([] as unknown[]).concat(...parts);
}

/** `cat` with a ceiling on the length of the string it builds; copying costs a step per 100 characters. */
function boundedCat(...parts: unknown[]): string {
  const strings = parts.map(String);
  let length = 0;
  for (const part of strings) length += part.length;
  if (length > activeBudget.maxStringLength) {
    throw new ExpressionError(`cat would build a string of ${length} characters; the limit is ${activeBudget.maxStringLength}`);
  }
  spend(Math.floor(length / CHARACTERS_PER_STEP));
  return strings.join('');
}

/**
 * Values plus string characters in a result, counting a shared part each time it appears, as
 * JSON and `toPlainData` would; stops counting past `limit`. Arrays whose items are earlier
 * results (e.g. `[acc, acc]` in a reduce) double at each step, so without this a rule of a few
 * dozen steps could return a value that takes forever to store.
 */
function resultSize(value: unknown, limit: number): number {
  let size = 1;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= limit) {
    const item = stack.pop();
    if (typeof item === 'string') {
      size += item.length;
    } else if (typeof item === 'object' && item !== null) {
      const children = Object.values(item);
      size += children.length;
      if (size > limit) break;
      for (const child of children) stack.push(child);
    }
  }
  return size;
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
  let result: unknown;
  try {
    result = jsonLogic.apply(rule, context);
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new ExpressionError('the expression ran out of stack space');
    }
    throw new ExpressionError(`the expression failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    operationsLeft = Number.POSITIVE_INFINITY;
    activeBudget = DEFAULT_BUDGET;
  }
  if (typeof result === 'object' && result !== null && !isPassedThrough(result, context)) {
    const size = resultSize(result, budget.maxResultSize);
    if (size > budget.maxResultSize) {
      throw new ExpressionError(`the expression built a result of more than ${budget.maxResultSize} values and characters`);
    }
  }
  return result;
}

/**
 * Whether a result is context data handed back as is, which the rule did not build: the context,
 * one of its top-level values (such as the `nodes` record), or a frozen value (toPlainData freezes
 * data deeply; evaluation never freezes what it builds). Only built results are measured, since
 * the size of the data is the caller's to limit.
 */
function isPassedThrough(result: object, context: ExpressionContext): boolean {
  if (Object.isFrozen(result) || result === context) return true;
  if (typeof context !== 'object' || context === null) return false;
  const { input, nodes, params, run, item, event } = context;
  return result === input || result === nodes || result === params || result === run || result === item || result === event;
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
