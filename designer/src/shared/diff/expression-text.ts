import { ALLOWED_OPERATORS, isRule, operatorOf } from '../../../../runtime/expressions/index.js';

/** Operators written between their operands, loosest binding first (a higher number binds tighter). */
const INFIX: Readonly<Record<string, { text: string; strength: number }>> = {
  or: { text: 'or', strength: 1 },
  and: { text: 'and', strength: 2 },
  '==': { text: '==', strength: 3 },
  '===': { text: '===', strength: 3 },
  '!=': { text: '!=', strength: 3 },
  '!==': { text: '!==', strength: 3 },
  in: { text: 'in', strength: 3 },
  '>': { text: '>', strength: 4 },
  '>=': { text: '>=', strength: 4 },
  '<': { text: '<', strength: 4 },
  '<=': { text: '<=', strength: 4 },
  '+': { text: '+', strength: 5 },
  '-': { text: '-', strength: 5 },
  '*': { text: '*', strength: 6 },
  '/': { text: '/', strength: 6 },
  '%': { text: '%', strength: 6 },
};

/** Longer than this, a value is cut with "…" (a field's before and after stay readable side by side). */
const MAX_CHARS = 2000;

/** Whether a value is a json-logic operation (one key, an allowed operator), not a plain object. */
function isOperation(value: unknown): value is Record<string, unknown> {
  return isRule(value) && ALLOWED_OPERATORS.has(operatorOf(value));
}

function argumentsOf(rule: Record<string, unknown>): unknown[] {
  const args = rule[operatorOf(rule)];
  return Array.isArray(args) ? args : [args];
}

/** A value as text; `context` is the binding strength around it (0: nothing, parentheses never needed). */
function text(value: unknown, context: number): string {
  if (Array.isArray(value)) return `[${value.map((item) => text(item, 0)).join(', ')}]`;
  if (isOperation(value)) return operation(value, context);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([key, item]) => `${key}: ${text(item, 0)}`).join(', ')} }`;
  }
  return JSON.stringify(value) ?? 'null';
}

function operation(rule: Record<string, unknown>, context: number): string {
  const operator = operatorOf(rule);
  const args = argumentsOf(rule);
  if (operator === 'var') {
    const [path, fallback] = args;
    const name = path === '' || path === null || path === undefined ? 'data' : typeof path === 'string' ? path : JSON.stringify(path);
    return args.length > 1 ? wrap(`${name} ?? ${text(fallback, 0)}`, context, 1) : name;
  }
  if (operator === 'if' || operator === '?:') return wrap(conditional(args), context, 1);
  if (operator === '!') return wrap(`not ${text(args[0], 7)}`, context, 7);
  if (operator === '!!') return `is set(${text(args[0], 0)})`;
  const infix = INFIX[operator];
  if (infix && args.length >= 2) {
    // `<` and `<=` with three operands test "between": `0 < input.total < 500`.
    const between = args.length === 3 && (operator === '<' || operator === '<=');
    if (args.length === 2 || between || operator === 'and' || operator === 'or' || operator === '+' || operator === '*') {
      return wrap(args.map((arg) => text(arg, infix.strength + 0.5)).join(` ${infix.text} `), context, infix.strength);
    }
  }
  if (operator === '-' && args.length === 1) return `-${text(args[0], 7)}`;
  return `${operator}(${args.map((arg) => text(arg, 0)).join(', ')})`;
}

/** `if a then b else if c then d else e`, json-logic's chained `if`. */
function conditional(args: readonly unknown[]): string {
  const parts: string[] = [];
  let index = 0;
  for (; index + 1 < args.length; index += 2) parts.push(`${index === 0 ? 'if' : 'else if'} ${text(args[index], 0)} then ${text(args[index + 1], 0)}`);
  if (index < args.length) parts.push(`else ${text(args[index], 0)}`);
  return parts.join(' ');
}

function wrap(expression: string, context: number, strength: number): string {
  return context > strength ? `(${expression})` : expression;
}

/**
 * A config value as a person reads it: json-logic written as an expression
 * (`input.total > params.reviewThreshold`, `if input.total > 500 then "high" else "normal"`), other
 * values as compact JSON. Never evaluates anything.
 */
export function expressionText(value: unknown): string {
  if (value === undefined) return '(not set)';
  const written = text(value, 0);
  return written.length > MAX_CHARS ? `${written.slice(0, MAX_CHARS)}…` : written;
}
