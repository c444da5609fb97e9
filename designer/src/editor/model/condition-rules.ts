import { isRule, operatorOf } from '../../../../runtime/expressions/index.js';

/** A JSON literal a condition compares with. */
export type Literal = string | number | boolean | null;

/** The comparisons the condition builder offers. */
export type ConditionOperator = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'contains' | 'empty' | 'notEmpty' | 'missing';

/** Operators that take no value. */
export const UNARY_OPERATORS: ReadonlySet<ConditionOperator> = new Set(['empty', 'notEmpty', 'missing']);

/** What a row compares its field with: a literal, another data path, or (for `in`) a list of literals. */
export type Operand =
  | { readonly kind: 'literal'; readonly value: Literal }
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'list'; readonly values: readonly Literal[] };

/** One comparison: a data path, an operator and (unless unary) an operand. */
export interface ConditionRow {
  readonly kind: 'row';
  readonly field: string;
  readonly operator: ConditionOperator;
  readonly operand: Operand;
}

/** Conditions joined by "and" or "or". */
export interface ConditionGroup {
  readonly kind: 'group';
  readonly combinator: 'and' | 'or';
  readonly children: readonly ConditionNode[];
}

export type ConditionNode = ConditionRow | ConditionGroup;

/** A rule read into the builder, or why the builder cannot show it. */
export type ParsedCondition = { readonly ok: true; readonly group: ConditionGroup } | { readonly ok: false; readonly reason: string };

const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '>', '>=', '<', '<=']);

class Unrepresentable extends Error {}

/**
 * Reads a json-logic rule into builder rows and groups, when the builder can show it exactly:
 * comparisons of a `var` with a literal or another `var`, `in` against a list of literals (is one
 * of) or with the `var` on the right (contains), `!` / `!!` of a `var` (is empty / is not empty),
 * `missing` of one path, and nested `and` / `or`. Anything else is refused with the reason, so the
 * user is sent to the raw editor instead of seeing a rule silently changed. An absent rule is an
 * empty group.
 */
export function parseCondition(rule: unknown): ParsedCondition {
  if (rule === undefined) return { ok: true, group: emptyGroup() };
  try {
    const node = parseNode(rule);
    return { ok: true, group: node.kind === 'group' ? node : { kind: 'group', combinator: 'and', children: [node] } };
  } catch (error) {
    if (error instanceof Unrepresentable) return { ok: false, reason: error.message };
    throw error;
  }
}

/** A group with no conditions yet. */
export function emptyGroup(): ConditionGroup {
  return { kind: 'group', combinator: 'and', children: [] };
}

function parseNode(rule: unknown): ConditionNode {
  if (!isRule(rule)) throw new Unrepresentable(`${describe(rule)} is not a condition the builder can show`);
  const operator = operatorOf(rule);
  const args = rule[operator];
  if (operator === 'and' || operator === 'or') {
    if (!Array.isArray(args)) throw new Unrepresentable(`"${operator}" needs a list of conditions`);
    return { kind: 'group', combinator: operator, children: args.map(parseNode) };
  }
  if (COMPARISONS.has(operator)) {
    const [left, right] = pair(operator, args);
    return row(fieldOf(left, operator), operator as ConditionOperator, operandOf(right));
  }
  if (operator === 'in') {
    const [left, right] = pair(operator, args);
    if (pathOf(left) !== undefined && Array.isArray(right)) return row(fieldOf(left, operator), 'in', { kind: 'list', values: right.map(literalOf) });
    if (pathOf(right) !== undefined) return row(fieldOf(right, operator), 'contains', operandOf(left));
    throw new Unrepresentable('"in" needs a data path and a list, or a value and a data path');
  }
  if (operator === '!' || operator === '!!') {
    return row(fieldOf(single(operator, args), operator), operator === '!' ? 'empty' : 'notEmpty', NO_OPERAND);
  }
  if (operator === 'missing') {
    const path = single(operator, args);
    if (typeof path !== 'string') throw new Unrepresentable('"missing" with more than one path, or a computed one, needs the raw editor');
    return row(path, 'missing', NO_OPERAND);
  }
  throw new Unrepresentable(`the builder does not offer the operator "${operator}"`);
}

const NO_OPERAND: Operand = { kind: 'literal', value: null };

function row(field: string, operator: ConditionOperator, operand: Operand): ConditionRow {
  return { kind: 'row', field, operator, operand };
}

function pair(operator: string, args: unknown): [unknown, unknown] {
  if (!Array.isArray(args) || args.length !== 2) throw new Unrepresentable(`"${operator}" with other than two arguments needs the raw editor`);
  return [args[0], args[1]];
}

/** The one argument of a unary operator, written bare or as a one-item list. */
function single(operator: string, args: unknown): unknown {
  if (!Array.isArray(args)) return args;
  if (args.length !== 1) throw new Unrepresentable(`"${operator}" with other than one argument needs the raw editor`);
  return args[0];
}

/** The path of a plain `{"var": "a.b"}` (or `{"var": ["a.b"]}`), else undefined. */
function pathOf(value: unknown): string | undefined {
  if (!isRule(value) || operatorOf(value) !== 'var') return undefined;
  const args = value.var;
  const path = Array.isArray(args) && args.length === 1 ? (args[0] as unknown) : args;
  return typeof path === 'string' ? path : undefined;
}

function fieldOf(value: unknown, operator: string): string {
  const path = pathOf(value);
  if (path === undefined) throw new Unrepresentable(`the builder compares a data path ({"var": ...}) first in "${operator}"`);
  return path;
}

function operandOf(value: unknown): Operand {
  const path = pathOf(value);
  return path === undefined ? { kind: 'literal', value: literalOf(value) } : { kind: 'path', path };
}

function literalOf(value: unknown): Literal {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new Unrepresentable(`${describe(value)} is not a plain value the builder can show`);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * Writes builder rows and groups as json-logic: the inverse of {@link parseCondition} for what the
 * builder shows. A top-level group of one condition is written as that condition; empty nested
 * groups are left out; an empty top-level group gives undefined (no rule).
 */
export function toJsonLogic(group: ConditionGroup): unknown {
  const children = group.children.map(writeNode).filter((child) => child !== undefined);
  if (children.length === 0) return undefined;
  if (children.length === 1) return children[0];
  return { [group.combinator]: children };
}

function writeNode(node: ConditionNode): unknown {
  if (node.kind === 'group') {
    const children = node.children.map(writeNode).filter((child) => child !== undefined);
    return children.length === 0 ? undefined : { [node.combinator]: children };
  }
  const field = { var: node.field };
  switch (node.operator) {
    case 'empty':
      return { '!': [field] };
    case 'notEmpty':
      return { '!!': [field] };
    case 'missing':
      return { missing: [node.field] };
    case 'in':
      return { in: [field, node.operand.kind === 'list' ? [...node.operand.values] : [operandValue(node.operand)]] };
    case 'contains':
      return { in: [operandValue(node.operand), field] };
    default:
      return { [node.operator]: [field, operandValue(node.operand)] };
  }
}

function operandValue(operand: Operand): unknown {
  if (operand.kind === 'path') return { var: operand.path };
  if (operand.kind === 'list') return [...operand.values];
  return operand.value;
}

/** How a row's operand is entered. */
export type OperandType = 'text' | 'number' | 'boolean' | 'null' | 'path';

/** The type of an operand, for the type select (a list is typed by its items). */
export function operandType(operand: Operand): OperandType {
  if (operand.kind === 'path') return 'path';
  const sample = operand.kind === 'list' ? operand.values[0] : operand.value;
  if (typeof sample === 'number') return 'number';
  if (typeof sample === 'boolean') return 'boolean';
  if (sample === null && operand.kind === 'literal') return 'null';
  return 'text';
}

/** An operand converted to another type, keeping what can be kept ("12" becomes 12, 12 becomes "12"). */
export function convertOperand(operand: Operand, type: OperandType): Operand {
  const current = operand.kind === 'literal' ? operand.value : operand.kind === 'path' ? operand.path : (operand.values[0] ?? null);
  switch (type) {
    case 'path':
      return { kind: 'path', path: typeof current === 'string' ? current : '' };
    case 'number': {
      const number = Number(current);
      return { kind: 'literal', value: current !== null && current !== '' && Number.isFinite(number) ? number : 0 };
    }
    case 'boolean':
      return { kind: 'literal', value: current === true || current === 'true' };
    case 'null':
      return { kind: 'literal', value: null };
    default:
      return { kind: 'literal', value: current === null ? '' : String(current) };
  }
}

/** A row with another operator: "is one of" takes a list, the others one value, unary ones none. */
export function changeOperator(row: ConditionRow, operator: ConditionOperator): ConditionRow {
  const { operand } = row;
  if (operator === 'in') {
    if (operand.kind === 'list') return { ...row, operator };
    const values = operand.kind === 'literal' && operand.value !== '' && operand.value !== null ? [operand.value] : [];
    return { ...row, operator, operand: { kind: 'list', values } };
  }
  if (operand.kind === 'list') return { ...row, operator, operand: { kind: 'literal', value: operand.values[0] ?? '' } };
  return { ...row, operator };
}
