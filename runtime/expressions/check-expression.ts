import { DEFAULT_BUDGET, type ExpressionBudget } from './budget.js';
import type { ExpressionPath } from './expression-error.js';
import { ALLOWED_OPERATORS, FORBIDDEN_KEYS, PATH_OPERATORS, isRule, operatorOf } from './operators.js';

/** A reason a rule may not run, at a path inside the rule. */
export interface ExpressionProblem {
  readonly path: ExpressionPath;
  readonly message: string;
}

/** Most problems reported for one rule; past that the rule is clearly not what was meant. */
const MAX_PROBLEMS = 20;

interface Pending {
  readonly value: unknown;
  readonly path: ExpressionPath;
  readonly depth: number;
  /** False inside literal objects, whose contents json-logic returns without evaluating. */
  readonly evaluated: boolean;
}

/**
 * Checks a rule before it may run: JSON values only, allow-listed operators, data paths that stay
 * out of JavaScript internals, and the size budgets. Walks iteratively, so even a rule nested
 * 20,000 levels deep gets a clean answer instead of a stack overflow. An empty list means the rule
 * may be evaluated.
 */
export function checkExpression(rule: unknown, budget: ExpressionBudget = DEFAULT_BUDGET): ExpressionProblem[] {
  const problems: ExpressionProblem[] = [];
  const stack: Pending[] = [{ value: rule, path: [], depth: 0, evaluated: true }];
  let nodes = 0;
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value, path, depth, evaluated } = stack.pop() as Pending;
    if (++nodes > budget.maxNodes) {
      problems.push({ path: [], message: `the rule has more than ${budget.maxNodes} values; split it up` });
      break;
    }
    const scalarProblem = checkScalar(value);
    if (scalarProblem !== undefined) {
      if (scalarProblem !== '') problems.push({ path, message: scalarProblem });
      continue;
    }
    if (depth >= budget.maxDepth) {
      problems.push({ path, message: `the rule is nested deeper than ${budget.maxDepth} levels` });
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > budget.maxArrayLength) {
        problems.push({ path, message: `an array in the rule has ${value.length} items; the limit is ${budget.maxArrayLength}` });
        continue;
      }
      for (let index = value.length - 1; index >= 0; index--) {
        stack.push({ value: value[index], path: [...path, index], depth: depth + 1, evaluated });
      }
      continue;
    }
    const object = value as Record<string, unknown>;
    if (evaluated && isRule(object)) {
      const operator = operatorOf(object);
      if (!ALLOWED_OPERATORS.has(operator)) {
        problems.push({ path: [...path, operator], message: `unknown or disallowed operator "${operator}"` });
        continue;
      }
      const args = object[operator];
      if (PATH_OPERATORS.has(operator)) problems.push(...checkPathArguments(operator, args, [...path, operator]));
      stack.push({ value: args, path: [...path, operator], depth: depth + 1, evaluated: true });
      continue;
    }
    for (const key of Object.keys(object).reverse()) {
      if (FORBIDDEN_KEYS.has(key)) {
        problems.push({ path: [...path, key], message: `the key "${key}" is not allowed` });
        continue;
      }
      stack.push({ value: object[key], path: [...path, key], depth: depth + 1, evaluated: false });
    }
  }
  return problems;
}

/** '' for a valid scalar, a message for a non-JSON value, undefined for arrays and plain objects. */
function checkScalar(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return '';
    case 'number':
      return Number.isFinite(value) ? '' : `${value} is not a JSON number`;
    case 'object': {
      if (value === null) return '';
      if (Array.isArray(value)) return undefined;
      const prototype: unknown = Object.getPrototypeOf(value);
      return prototype === Object.prototype || prototype === null ? undefined : 'only JSON values are allowed in a rule';
    }
    default:
      return `a ${typeof value} is not a JSON value`;
  }
}

/** Checks the literal data paths of `var`, `missing` and `missing_some`. */
function checkPathArguments(operator: string, args: unknown, path: ExpressionPath): ExpressionProblem[] {
  const list = Array.isArray(args) ? args : [args];
  let paths: unknown[];
  if (operator === 'var') paths = list.slice(0, 1);
  else if (operator === 'missing_some') paths = Array.isArray(list[1]) ? list[1] : [];
  else paths = Array.isArray(list[0]) ? list[0] : list;
  const problems: ExpressionProblem[] = [];
  for (const candidate of paths) {
    if (typeof candidate !== 'string' && typeof candidate !== 'number') continue;
    const forbidden = forbiddenSegment(candidate);
    if (forbidden !== undefined) {
      problems.push({
        path,
        message: `the data path "${String(candidate)}" uses "${forbidden}", which is not allowed`,
      });
    }
  }
  return problems;
}

/** The first forbidden segment of a dotted data path, if any. */
export function forbiddenSegment(dataPath: string | number): string | undefined {
  for (const segment of String(dataPath).split('.')) {
    if (FORBIDDEN_KEYS.has(segment)) return segment;
  }
  return undefined;
}
