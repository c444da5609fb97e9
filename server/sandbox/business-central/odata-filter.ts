import { SandboxError } from '../sandbox-error.js';
import type { BcValue, EntityDefinition, FieldType } from './entities.js';

/** A literal's type or a property's, in OData's names for messages. */
type ValueType = FieldType | 'null';

const EDM: Record<ValueType, string> = {
  string: 'Edm.String',
  decimal: 'Edm.Decimal',
  int: 'Edm.Int32',
  bool: 'Edm.Boolean',
  date: 'Edm.Date',
  datetime: 'Edm.DateTimeOffset',
  guid: 'Edm.Guid',
  null: 'null',
};

const OPERATORS = { eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual' } as const;
type Operator = keyof typeof OPERATORS;
const PREDICATES = ['contains', 'startswith', 'endswith'] as const;
const STRING_FUNCTIONS = ['tolower', 'toupper', 'trim'] as const;

/** Bounds of a `$filter`, so that no expression can exhaust the stack. */
const MAX_FILTER_LENGTH = 4096;
const MAX_DEPTH = 32;

/** A compiled `$filter`: true when a record passes. */
export type FilterPredicate = (record: Record<string, BcValue>) => boolean;

/** An operand: how to get its value from a record, and its type. */
interface Operand {
  readonly type: ValueType;
  value(record: Record<string, BcValue>): BcValue | null;
}

interface Token {
  readonly text: string;
  readonly position: number;
  readonly kind: 'word' | 'string' | 'symbol';
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (/\s/.test(char)) {
      index++;
    } else if (char === "'") {
      let text = '';
      let end = index + 1;
      for (;;) {
        if (end >= source.length) throw syntax(source, index);
        if (source[end] === "'") {
          if (source[end + 1] === "'") {
            text += "'";
            end += 2;
            continue;
          }
          break;
        }
        text += source[end];
        end++;
      }
      tokens.push({ text, position: index, kind: 'string' });
      index = end + 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ text: char, position: index, kind: 'symbol' });
      index++;
    } else {
      const match = /^[^\s(),']+/.exec(source.slice(index)) as RegExpExecArray;
      tokens.push({ text: match[0], position: index, kind: 'word' });
      index += match[0].length;
    }
  }
  return tokens;
}

function syntax(source: string, position: number): SandboxError {
  return new SandboxError(400, `Syntax error at position ${position} in '${source}'.`, undefined, 'BadRequest');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Compiles an OData `$filter` over an entity set, as Business Central accepts it: comparisons
 * `eq ne gt ge lt le` joined by `and`, `or`, `not` and parentheses; `contains`, `startswith`,
 * `endswith` (and `tolower`, `toupper`, `trim`) on strings; string ('it''s'), number, true/false,
 * null, date (2024-10-01), date-time (2024-10-01T00:00:00Z) and GUID literals. String comparisons
 * ignore case, as Business Central's database collation does. A syntax error, an unknown property
 * or incompatible types answer 400 with OData's own message.
 */
export function compileFilter(source: string, definition: EntityDefinition): FilterPredicate {
  if (source.length > MAX_FILTER_LENGTH) throw new SandboxError(400, `The $filter expression is longer than ${MAX_FILTER_LENGTH} characters.`, undefined, 'BadRequest');
  const tokens = tokenize(source);
  let at = 0;
  let depth = 0;
  const nest = <T>(parse: () => T): T => {
    if (++depth > MAX_DEPTH) throw new SandboxError(400, `The $filter expression nests deeper than ${MAX_DEPTH} levels.`, undefined, 'BadRequest');
    try {
      return parse();
    } finally {
      depth--;
    }
  };
  const peek = (): Token | undefined => tokens[at];
  const next = (): Token => {
    const token = tokens[at++];
    if (!token) throw syntax(source, source.length);
    return token;
  };
  const expect = (text: string): void => {
    const token = next();
    if (token.kind === 'string' || token.text !== text) throw syntax(source, token.position);
  };
  const isWord = (token: Token | undefined, word: string): boolean => token?.kind === 'word' && token.text.toLowerCase() === word;

  const property = (name: string): Operand => {
    const type = definition.fields[name];
    if (!type) throw new SandboxError(400, `Could not find a property named '${name}' on type 'Microsoft.NAV.${definition.typeName}'.`, undefined, 'BadRequest');
    return { type, value: (record) => record[name] ?? null };
  };

  const literal = (token: Token): Operand | undefined => {
    if (token.kind === 'string') return { type: 'string', value: () => token.text };
    const text = token.text;
    if (text === 'null') return { type: 'null', value: () => null };
    if (text === 'true' || text === 'false') return { type: 'bool', value: () => text === 'true' };
    if (/^-?\d+$/.test(text)) return { type: 'int', value: () => Number(text) };
    if (/^-?\d+\.\d+([eE][-+]?\d+)?[mMdD]?$/.test(text)) return { type: 'decimal', value: () => Number.parseFloat(text) };
    if (DATE.test(text)) return { type: 'date', value: () => text };
    if (DATETIME.test(text)) return { type: 'datetime', value: () => text };
    if (GUID.test(text)) return { type: 'guid', value: () => text.toLowerCase() };
    return undefined;
  };

  const operand = (): Operand => {
    const token = next();
    if (token.kind === 'symbol') throw syntax(source, token.position);
    const fn = token.text.toLowerCase();
    if (token.kind === 'word' && (STRING_FUNCTIONS as readonly string[]).includes(fn) && peek()?.text === '(') {
      expect('(');
      const inner = nest(operand);
      expect(')');
      if (inner.type !== 'string') throw new SandboxError(400, `No function signature for the function with name '${fn}' matches the specified arguments. The function signatures considered are: ${fn}(Edm.String Nullable=true).`, undefined, 'BadRequest');
      const apply = (value: string): string => (fn === 'tolower' ? value.toLowerCase() : fn === 'toupper' ? value.toUpperCase() : value.trim());
      return { type: 'string', value: (record) => apply(String(inner.value(record) ?? '')) };
    }
    const value = literal(token);
    if (value) return value;
    if (token.kind === 'word' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(token.text)) return property(token.text);
    throw syntax(source, token.position);
  };

  const comparable = (a: ValueType, b: ValueType): boolean => {
    if (a === 'null' || b === 'null') return true;
    const numeric = (type: ValueType) => type === 'int' || type === 'decimal';
    return a === b || (numeric(a) && numeric(b));
  };

  const comparison = (): FilterPredicate => {
    const start = peek();
    const fn = start?.text.toLowerCase() ?? '';
    if (start?.kind === 'word' && (PREDICATES as readonly string[]).includes(fn) && tokens[at + 1]?.text === '(') {
      next();
      expect('(');
      const haystack = operand();
      expect(',');
      const needle = operand();
      expect(')');
      if (haystack.type !== 'string' || needle.type !== 'string') {
        throw new SandboxError(400, `No function signature for the function with name '${fn}' matches the specified arguments. The function signatures considered are: ${fn}(Edm.String Nullable=true, Edm.String Nullable=true).`, undefined, 'BadRequest');
      }
      return (record) => {
        const text = String(haystack.value(record) ?? '').toLowerCase();
        const part = String(needle.value(record) ?? '').toLowerCase();
        return fn === 'contains' ? text.includes(part) : fn === 'startswith' ? text.startsWith(part) : text.endsWith(part);
      };
    }
    const left = operand();
    const opToken = next();
    const op = opToken.text.toLowerCase() as Operator;
    if (opToken.kind !== 'word' || !(op in OPERATORS)) throw syntax(source, opToken.position);
    const right = operand();
    if (!comparable(left.type, right.type)) {
      throw new SandboxError(400, `A binary operator with incompatible types was detected. Found operand types '${EDM[left.type]}' and '${EDM[right.type]}' for operator kind '${OPERATORS[op]}'.`, undefined, 'BadRequest');
    }
    const type = left.type === 'null' ? right.type : left.type;
    return (record) => compare(op, left.value(record), right.value(record), type);
  };

  const primary = (): FilterPredicate => {
    if (isWord(peek(), 'not')) {
      next();
      const inner = nest(primary);
      return (record) => !inner(record);
    }
    if (peek()?.text === '(' && peek()?.kind === 'symbol') {
      next();
      const inner = nest(orExpression);
      expect(')');
      return inner;
    }
    return comparison();
  };

  const andExpression = (): FilterPredicate => {
    let result = primary();
    while (isWord(peek(), 'and')) {
      next();
      const left = result;
      const right = primary();
      result = (record) => left(record) && right(record);
    }
    return result;
  };

  const orExpression = (): FilterPredicate => {
    let result = andExpression();
    while (isWord(peek(), 'or')) {
      next();
      const left = result;
      const right = andExpression();
      result = (record) => left(record) || right(record);
    }
    return result;
  };

  if (tokens.length === 0) throw syntax(source, 0);
  const predicate = orExpression();
  const rest = peek();
  if (rest) throw syntax(source, rest.position);
  return predicate;
}

function compare(op: Operator, left: BcValue | null, right: BcValue | null, type: ValueType): boolean {
  if (left === null || right === null) {
    if (op === 'eq') return left === right;
    if (op === 'ne') return left !== right;
    return false;
  }
  const order = ordering(left, right, type);
  switch (op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
  }
}

/** Compares two values of one type: numbers numerically, date-times as instants, strings without case. */
export function ordering(left: BcValue, right: BcValue, type: ValueType): number {
  if (type === 'int' || type === 'decimal') return Number(left) - Number(right);
  if (type === 'datetime') return Date.parse(String(left)) - Date.parse(String(right));
  if (type === 'bool') return Number(left) - Number(right);
  const a = String(left).toLowerCase();
  const b = String(right).toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}
