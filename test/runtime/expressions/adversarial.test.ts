import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  ALLOWED_OPERATORS,
  DEFAULT_BUDGET,
  ExpressionError,
  checkExpression,
  evaluateExpression,
  toPlainData,
  type ExpressionBudget,
  type ExpressionContext,
} from '../../../runtime/expressions/index.js';

/** What Object.prototype looked like before this file ran; nothing here may change it. */
const prototypeNamesBefore = Object.getOwnPropertyNames(Object.prototype).sort();

afterAll(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNamesBefore);
});

/** Runs `run`, which must fail with an ExpressionError (not a RangeError or anything else). */
function expressionError(run: () => unknown): ExpressionError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  if (caught instanceof ExpressionError) return caught;
  const got = caught === undefined ? 'no error' : caught instanceof Error ? `${caught.name}: ${caught.message}` : typeof caught;
  throw new Error(`expected an ExpressionError, got ${got}`);
}

/** Like `expressionError`, and the failure must come quickly: a hang would show here. */
function quickExpressionError(run: () => unknown, maxMilliseconds = 3_000): ExpressionError {
  const started = performance.now();
  const error = expressionError(run);
  expect(performance.now() - started).toBeLessThan(maxMilliseconds);
  return error;
}

function budget(overrides: Partial<ExpressionBudget>): ExpressionBudget {
  return { ...DEFAULT_BUDGET, ...overrides };
}

function range(length: number): number[] {
  return Array.from({ length }, (_, index) => index);
}

/** `levels` operators or arrays nested around `inner`. */
function nested(levels: number, wrap: (inner: unknown) => unknown, inner: unknown = 1): unknown {
  let rule = inner;
  for (let level = 0; level < levels; level++) rule = wrap(rule);
  return rule;
}

const input = toPlainData({ a: { b: 1, list: [1, 2] }, name: 'Ada', items: ['x', 'y'] });

describe('prototype paths', () => {
  const forbiddenPaths: [string, string][] = [
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['prototype', 'prototype'],
    ['constructor.constructor', 'constructor'],
    ['input.a.__proto__', '__proto__'],
    ['input.__proto__.polluted', '__proto__'],
    ['input.name.constructor', 'constructor'],
    ['nodes.x.prototype.y', 'prototype'],
  ];

  it.each(forbiddenPaths)('var "%s" is refused before it runs', (path, segment) => {
    const error = expressionError(() => evaluateExpression({ var: path }, { input }));
    expect(error.message).toBe(`the data path "${path}" uses "${segment}", which is not allowed (at var)`);
    expect(error.path).toEqual(['var']);
  });

  it.each(forbiddenPaths)('var "%s" is refused when the path is computed at run time', (path, segment) => {
    const error = expressionError(() => evaluateExpression({ var: { cat: [path] } }, { input }));
    expect(error.message).toBe(`the data path "${path}" uses "${segment}", which is not allowed`);
  });

  it('refuses a path assembled from harmless pieces', () => {
    const rule = { var: { cat: ['__pro', 'to__'] } };
    expect(checkExpression(rule)).toEqual([]);
    expect(expressionError(() => evaluateExpression(rule, { input })).message).toContain('uses "__proto__", which is not allowed');
  });

  it('refuses the path even when a default value is given', () => {
    expect(expressionError(() => evaluateExpression({ var: ['constructor', 'fallback'] }, {})).message).toContain('uses "constructor"');
  });

  it('refuses such keys in missing and missing_some, literal or computed', () => {
    const rules: unknown[] = [
      { missing: ['a', '__proto__'] },
      { missing: [['constructor']] },
      { missing_some: [1, ['a', 'input.prototype']] },
      { missing: { merge: [{ cat: ['constr', 'uctor'] }] } },
      { missing: [{ cat: ['__proto', '__'] }] },
      { missing_some: [1, { merge: ['a', { cat: ['proto', 'type'] }] }] },
    ];
    for (const rule of rules) {
      expect(expressionError(() => evaluateExpression(rule, { input })).message, JSON.stringify(rule)).toMatch(
        /uses "(__proto__|constructor|prototype)", which is not allowed/,
      );
    }
  });

  it('accepts names that only contain a forbidden word', () => {
    const data = toPlainData({ __proto__x: 1, constructors: 2 });
    expect(evaluateExpression({ var: 'input.__proto__x' }, { input: data })).toBe(1);
    expect(evaluateExpression({ var: 'input.constructors' }, { input: data })).toBe(2);
  });
});

describe('inherited properties', () => {
  it.each([
    'toString',
    'valueOf',
    'hasOwnProperty',
    '__defineGetter__',
    'input.toString',
    'input.a.isPrototypeOf',
    'input.items.map',
    'input.items.push',
    'input.name.toUpperCase',
    'input.name.length.toFixed',
  ])('var "%s" gives null, never a function', (path) => {
    expect(evaluateExpression({ var: path }, { input })).toBeNull();
    expect(evaluateExpression({ var: [path, 'fallback'] }, { input })).toBe('fallback');
  });

  it('reads own properties, including ones named like methods', () => {
    const data = toPlainData({ toString: 'mine', valueOf: 3 });
    expect(evaluateExpression({ var: 'input.toString' }, { input: data })).toBe('mine');
    expect(evaluateExpression({ var: 'input.valueOf' }, { input: data })).toBe(3);
    expect(evaluateExpression({ var: 'input.items.1' }, { input })).toBe('y');
    expect(evaluateExpression({ var: 'input.items.length' }, { input })).toBe(2);
    expect(evaluateExpression({ var: 'input.name.0' }, { input })).toBe('A');
  });

  it('turns a data object whose toString is data into a clean error when an operator needs text', () => {
    const data = toPlainData({ toString: 'x', valueOf: 'y' });
    expect(expressionError(() => evaluateExpression({ cat: [{ var: 'input' }] }, { input: data })).message).toMatch(/^the expression failed: /);
  });
});

describe('deep rules', () => {
  const deepRules: [string, unknown][] = [
    ['arrays', nested(20_000, (inner) => [inner])],
    ['operators', nested(20_000, (inner) => ({ '!': inner }))],
    ['mixed operators and arrays', nested(20_000, (inner) => ({ and: [true, inner] }))],
    ['literal objects', nested(20_000, (inner) => ({ a: inner, b: 1 }))],
  ];

  it.each(deepRules)('20,000 levels of %s get a clean error', (_kind, rule) => {
    const error = quickExpressionError(() => evaluateExpression(rule, {}));
    expect(error.message).toMatch(/^the rule is nested deeper than 64 levels \(at .+….+\)$/);
    expect(error.path).toHaveLength(DEFAULT_BUDGET.maxDepth);
    const [problem] = checkExpression(rule);
    expect(problem?.message).toBe('the rule is nested deeper than 64 levels');
  });

  it('refuses data nested 20,000 levels deep', () => {
    const error = quickExpressionError(() => toPlainData(nested(20_000, (inner) => ({ next: inner }))));
    expect(error.message).toContain('nested deeper than 100 levels');
  });
});

describe('size budgets', () => {
  it('refuses a rule with a huge number of values', () => {
    const wide = { and: Array.from({ length: 30_000 }, (_, index) => ({ '==': [index, index] })) };
    expect(quickExpressionError(() => evaluateExpression(wide, {})).message).toBe('the rule has more than 5000 values; split it up');
    const flat = { '+': new Array<number>(6_000).fill(1) };
    expect(expressionError(() => evaluateExpression(flat, {})).message).toBe('the rule has more than 5000 values; split it up');
  });

  it('refuses a huge array literal', () => {
    const error = quickExpressionError(() => evaluateExpression({ in: [1, new Array<number>(200_000).fill(0)] }, {}));
    expect(error.message).toBe('an array in the rule has 200000 items; the limit is 100000 (at in[1])');
  });

  it('refuses merge building a huge array, from data or by doubling', () => {
    const data = toPlainData(range(60_000));
    const fromData = expressionError(() => evaluateExpression({ merge: [{ var: 'input' }, { var: 'input' }] }, { input: data }));
    expect(fromData.message).toBe('merge would build an array of 120000 items; the limit is 100000');
    const doubling = { reduce: [range(40), { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]] };
    expect(quickExpressionError(() => evaluateExpression(doubling, {})).message).toBe(
      'merge would build an array of 131072 items; the limit is 100000',
    );
  });

  it('refuses cat building a huge string, from data or by doubling', () => {
    const text = 'x'.repeat(600_000);
    const fromData = expressionError(() => evaluateExpression({ cat: [{ var: 'input' }, { var: 'input' }] }, { input: text }));
    expect(fromData.message).toBe('cat would build a string of 1200000 characters; the limit is 1000000');
    const doubling = { reduce: [range(40), { cat: [{ var: 'accumulator' }, { var: 'accumulator' }] }, 'ab'] };
    expect(quickExpressionError(() => evaluateExpression(doubling, {})).message).toBe(
      'cat would build a string of 1048576 characters; the limit is 1000000',
    );
  });

  it('stops nested maps over large data at the operation budget', () => {
    const grid = toPlainData(range(500).map(() => range(500)));
    const rule = { map: [{ var: 'input' }, { map: [{ var: '' }, { '*': [{ var: '' }, 2] }] }] };
    expect(quickExpressionError(() => evaluateExpression(rule, { input: grid })).message).toBe(
      'the expression took more than 1000000 steps',
    );
  });
});

describe('reduce with a growing accumulator', () => {
  const items = toPlainData(range(100_000));

  it('stops collecting into an array one merge at a time', () => {
    const rule = { reduce: [{ var: 'input' }, { merge: [{ var: 'accumulator' }, [{ var: 'current' }]] }, []] };
    expect(quickExpressionError(() => evaluateExpression(rule, { input: items })).message).toBe(
      'the expression took more than 1000000 steps',
    );
  });

  it('stops growing a string one cat at a time', () => {
    const rule = { reduce: [{ var: 'input' }, { cat: [{ var: 'accumulator' }, 'x'] }, ''] };
    expect(quickExpressionError(() => evaluateExpression(rule, { input: items })).message).toBe(
      'the expression took more than 1000000 steps',
    );
  });

  it('stops comparing or searching a large accumulator on every item', () => {
    const compare = { reduce: [{ var: 'input' }, { if: [{ '==': [{ var: 'accumulator' }, 0] }, 0, { var: 'accumulator' }] }, { var: 'input' }] };
    const search = { reduce: [{ var: 'input' }, { if: [{ in: [-1, { var: 'accumulator' }] }, 0, { var: 'accumulator' }] }, { var: 'input' }] };
    for (const rule of [compare, search]) {
      expect(quickExpressionError(() => evaluateExpression(rule, { input: items })).message).toBe(
        'the expression took more than 1000000 steps',
      );
    }
  });

  it('stops an accumulator that doubles through shared references in an array literal', () => {
    const rule = { reduce: [range(60), [{ var: 'accumulator' }, { var: 'accumulator' }], 0] };
    expect(quickExpressionError(() => evaluateExpression(rule, {})).message).toBe('the expression took more than 1000000 steps');
  });

  it('refuses a result that doubles through the reduce scope object', () => {
    for (const logic of [[{ var: '' }, { var: '' }], { merge: [{ var: '' }, { var: '' }] }]) {
      const rule = { reduce: [range(60), logic, 0] };
      expect(quickExpressionError(() => evaluateExpression(rule, {})).message).toBe(
        'the expression built a result of more than 10000000 values and characters',
      );
    }
  });

  it('still sums, counts and collects at realistic sizes', () => {
    const sum = { reduce: [{ var: 'input' }, { '+': [{ var: 'accumulator' }, { var: 'current' }] }, 0] };
    expect(evaluateExpression(sum, { input: items })).toBe(4_999_950_000);
    const collect = { reduce: [range(500), { merge: [{ var: 'accumulator' }, [{ var: 'current' }]] }, []] };
    expect(evaluateExpression(collect, {})).toEqual(range(500));
  });
});

describe('values that are not JSON', () => {
  class Point {
    x = 1;
  }
  const cyclic: unknown[] = [1];
  cyclic.push(cyclic);

  it.each([
    ['a function', () => 1, 'a function is not a JSON value'],
    ['a symbol', Symbol('s'), 'a symbol is not a JSON value'],
    ['a bigint', 10n, 'a bigint is not a JSON value'],
    ['undefined', undefined, 'a undefined is not a JSON value'],
    ['NaN', Number.NaN, 'NaN is not a JSON number'],
    ['Infinity', Number.POSITIVE_INFINITY, 'Infinity is not a JSON number'],
    ['a Date', new Date(0), 'only JSON values are allowed in a rule'],
    ['a Map', new Map(), 'only JSON values are allowed in a rule'],
    ['a class instance', new Point(), 'only JSON values are allowed in a rule'],
  ])('refuses %s inside a rule', (_kind, value, message) => {
    expect(expressionError(() => evaluateExpression({ '==': [1, [2, value]] }, {})).message).toBe(`${message} (at ==[1][1])`);
  });

  it('refuses such values as a whole rule', () => {
    expect(expressionError(() => evaluateExpression(() => 1, {})).message).toBe('a function is not a JSON value');
    expect(expressionError(() => evaluateExpression(Number.NaN, {})).message).toBe('NaN is not a JSON number');
    expect(expressionError(() => evaluateExpression(12n, {})).message).toBe('a bigint is not a JSON value');
  });

  it('refuses a cyclic rule as too deep', () => {
    expect(expressionError(() => evaluateExpression({ in: [1, cyclic] }, {})).message).toContain('nested deeper than 64 levels');
  });

  it('refuses __proto__ keys that JSON.parse creates in rules', () => {
    const asOperator: unknown = JSON.parse('{"__proto__": [1]}');
    expect(expressionError(() => evaluateExpression(asOperator, {})).message).toBe('unknown or disallowed operator "__proto__" (at __proto__)');
    const inLiteral: unknown = JSON.parse('{"a": 1, "__proto__": {"polluted": true}}');
    expect(expressionError(() => evaluateExpression(inLiteral, {})).message).toBe('the key "__proto__" is not allowed (at __proto__)');
  });

  it.each([
    ['a function', { f: () => 1 }, 'at f: a function is not JSON data'],
    ['a symbol', { s: Symbol('s') }, 'at s: a symbol is not JSON data'],
    ['a bigint', { n: 1n }, 'at n: a bigint is not JSON data'],
    ['undefined in an array', { list: [1, undefined] }, 'at list[1]: a undefined is not JSON data'],
    ['NaN', { n: Number.NaN }, 'at n: NaN is not a JSON number'],
    ['Infinity', [Number.POSITIVE_INFINITY], 'at [0]: Infinity is not a JSON number'],
    ['a Map', { m: new Map() }, 'at m: a Map is not plain JSON data'],
    ['a class instance', { p: new Point() }, 'at p: a Point is not plain JSON data'],
    ['a cycle', cyclic, 'it is nested deeper than 100 levels (or refers to itself)'],
    ['a __proto__ key from JSON.parse', JSON.parse('{"a": {"__proto__": {"x": 1}}}') as unknown, 'at a: the key "__proto__" is not allowed'],
  ])('refuses %s in data', (_kind, data, fragment) => {
    const error = expressionError(() => toPlainData(data, 'the input'));
    expect(error.message).toMatch(/^the input is not valid JSON data/);
    expect(error.message).toContain(fragment);
  });

  it('turns a Date in data into its JSON text, which rules can compare', () => {
    const data = toPlainData({ at: new Date(Date.UTC(2024, 4, 1)) });
    expect(evaluateExpression({ '<': ['2024-01-01', { var: 'input.at' }] }, { input: data })).toBe(true);
  });
});

describe('operators', () => {
  it('has no log: it is refused, and nothing reaches the console', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(expressionError(() => evaluateExpression({ log: 'secret' }, {})).message).toBe('unknown or disallowed operator "log" (at log)');
      const smuggled = toPlainData({ keys: [{ log: 'secret' }] });
      const error = expressionError(() => evaluateExpression({ missing: { var: 'input.keys' } }, { input: smuggled }));
      expect(error.message).toBe('the expression failed: Unrecognized operation log');
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  it.each(['method', 'eval', 'Function', 'require', 'toString.call', 'var.call', 'merge.prototype.constructor', 'valueOf', 'constructor'])(
    'refuses the operator "%s"',
    (operator) => {
      const error = expressionError(() => evaluateExpression({ and: [true, { [operator]: ['a', 'toUpperCase'] }] }, {}));
      expect(error.message).toBe(`unknown or disallowed operator "${operator}" (at and[1].${operator})`);
    },
  );

  it('lets arithmetic produce NaN and Infinity, which are not JSON data and are refused as such', () => {
    expect(evaluateExpression({ '/': [1, 0] }, {})).toBe(Number.POSITIVE_INFINITY);
    expect(evaluateExpression({ '+': ['not a number'] }, {})).toBeNaN();
    expect(expressionError(() => toPlainData(evaluateExpression({ '/': [0, 0] }, {}))).message).toContain('NaN is not a JSON number');
  });

  it('gives null rather than undefined for degenerate rules', () => {
    expect(evaluateExpression({ and: [] }, {})).toBeNull();
    expect(evaluateExpression({ or: [] }, {})).toBeNull();
    expect(evaluateExpression({ map: [[1, 2]] }, {})).toEqual([null, null]);
    expect(evaluateExpression({ reduce: [[1, 2]] }, {})).toBeNull();
  });
});

describe('custom budgets', () => {
  it('applies each limit of a smaller budget', () => {
    const cases: [unknown, Partial<ExpressionBudget>, string][] = [
      [{ '!': { '!': { '!': true } } }, { maxDepth: 2 }, 'the rule is nested deeper than 2 levels (at !.!)'],
      [{ '+': [1, 2, 3] }, { maxNodes: 3 }, 'the rule has more than 3 values; split it up'],
      [{ in: [1, [1, 2, 3]] }, { maxArrayLength: 2 }, 'an array in the rule has 3 items; the limit is 2 (at in[1])'],
      [{ merge: [[1, 2], [3]] }, { maxArrayLength: 2 }, 'merge would build an array of 3 items; the limit is 2'],
      [{ cat: ['abc', 'def'] }, { maxStringLength: 5 }, 'cat would build a string of 6 characters; the limit is 5'],
      [{ map: [range(20), { var: '' }] }, { maxOperations: 10 }, 'the expression took more than 10 steps'],
      [{ var: 'input.items' }, { maxOperations: 2 }, 'the expression took more than 2 steps'],
      [[{ var: 'input' }], { maxResultSize: 10 }, 'the expression built a result of more than 10 values and characters'],
    ];
    const context: ExpressionContext = { input: toPlainData({ items: range(20) }) };
    for (const [rule, limits, message] of cases) {
      expect(evaluateExpression(rule, context), JSON.stringify(rule)).not.toBeUndefined();
      expect(expressionError(() => evaluateExpression(rule, context, budget(limits))).message, JSON.stringify(rule)).toBe(message);
    }
  });

  it('checks a rule again under a smaller budget even after it passed under the default one', () => {
    const rule = { '!': { '!': { '!': true } } };
    expect(evaluateExpression(rule, {})).toBe(false);
    expect(expressionError(() => evaluateExpression(rule, {}, budget({ maxDepth: 2 }))).message).toContain('nested deeper than 2 levels');
    expect(checkExpression(rule, budget({ maxDepth: 2 }))).toEqual([{ path: ['!', '!'], message: 'the rule is nested deeper than 2 levels' }]);
    expect(checkExpression(rule)).toEqual([]);
  });

  it('leaves no budget behind after a failed evaluation', () => {
    expressionError(() => evaluateExpression({ map: [range(20), { var: '' }] }, {}, budget({ maxOperations: 5 })));
    expect(evaluateExpression({ map: [range(20), { var: '' }] }, {})).toEqual(range(20));
  });

  it('does not count data passed through as is against the result budget, only what the rule builds', () => {
    const big = toPlainData({ text: 'x'.repeat(100) });
    const context: ExpressionContext = { input: big, nodes: { fetch: big } };
    const small = budget({ maxResultSize: 10 });
    expect(evaluateExpression({ var: 'input' }, context, small)).toBe(big);
    expect(evaluateExpression({ var: 'nodes' }, context, small)).toBe(context.nodes);
    expect(evaluateExpression({ var: '' }, context, small)).toBe(context);
    expect(evaluateExpression({ if: [true, { var: 'nodes.fetch' }] }, context, small)).toBe(big);
    expect(expressionError(() => evaluateExpression([{ var: 'nodes' }], context, small)).message).toContain('more than 10 values');
    expect(expressionError(() => evaluateExpression({ merge: [{ var: 'input' }] }, context, small)).message).toContain('more than 10 values');
  });
});

describe('properties', () => {
  const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
  const ARITHMETIC = new Set(['+', '-', '*', '/', '%', 'min', 'max']);

  const pathArbitrary = fc.oneof(
    fc.constantFrom('', 'input', 'input.a', 'input.0', 'input.a.b', 'params.x', 'nodes.n1', 'item', 'current', 'accumulator', 'input.length'),
    fc.string({ maxLength: 12 }),
  );
  const scalarArbitrary = fc.oneof(
    fc.integer({ min: -5, max: 5 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 6 }),
    fc.boolean(),
    fc.constant(null),
  );
  const { rule: ruleArbitrary } = fc.letrec<{ rule: unknown; operation: unknown; variable: unknown }>((tie) => ({
    rule: fc.oneof({ depthSize: 'small' }, scalarArbitrary, tie('variable'), tie('operation'), fc.array(tie('rule'), { maxLength: 3 })),
    variable: fc.oneof(
      pathArbitrary.map((path) => ({ var: path })),
      fc.tuple(pathArbitrary, tie('rule')).map((args) => ({ var: args })),
    ),
    operation: fc
      .tuple(fc.constantFrom(...ALLOWED_OPERATORS), fc.array(tie('rule'), { maxLength: 4 }))
      .map(([operator, args]) => ({ [operator]: args })),
  }));
  const dataArbitrary = fc.jsonValue({ maxDepth: 4 });

  function usesArithmetic(rule: unknown): boolean {
    if (Array.isArray(rule)) return rule.some(usesArithmetic);
    if (typeof rule !== 'object' || rule === null) return false;
    return Object.entries(rule).some(([key, value]) => ARITHMETIC.has(key) || usesArithmetic(value));
  }

  function hasNonFiniteNumber(value: unknown): boolean {
    if (typeof value === 'number') return !Number.isFinite(value);
    if (typeof value !== 'object' || value === null) return false;
    return Object.values(value).some(hasNonFiniteNumber);
  }

  /** The context, or undefined when the random data is not acceptable plain data (e.g. a __proto__ key). */
  function contextOf(data: unknown, param: unknown): ExpressionContext | undefined {
    try {
      return { input: toPlainData(data), params: { x: toPlainData(param) }, nodes: { n1: toPlainData(data) } };
    } catch (error) {
      if (error instanceof ExpressionError) return undefined;
      throw error;
    }
  }

  it('random rules over random data give JSON data or an ExpressionError, nothing else', () => {
    let evaluated = 0;
    fc.assert(
      fc.property(ruleArbitrary, dataArbitrary, dataArbitrary, (rule, data, param) => {
        const context = contextOf(data, param);
        if (context === undefined) return;
        let result: unknown;
        try {
          result = evaluateExpression(rule, context);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
          return;
        }
        evaluated += 1;
        if (hasNonFiniteNumber(result)) {
          // Only arithmetic makes non-finite numbers (1/0, "x" + 1...); they are the one thing
          // that is not JSON, and toPlainData refuses them with a clear error.
          expect(usesArithmetic(rule)).toBe(true);
          expect(expressionError(() => toPlainData(result)).message).toContain('is not a JSON number');
        } else {
          expect(toPlainData(result)).toStrictEqual(result);
        }
      }),
      { numRuns: 1_500 },
    );
    expect(evaluated).toBeGreaterThan(300);
  });

  /** What a var path should give: own properties only, null when absent; undefined for a forbidden path. */
  function ownPropertyLookup(data: unknown, path: string): { forbidden: boolean; value: unknown } {
    if (path === '') return { forbidden: false, value: data };
    const segments = path.split('.');
    if (segments.some((segment) => FORBIDDEN.has(segment))) return { forbidden: true, value: undefined };
    let current: unknown = data;
    for (const segment of segments) {
      if ((typeof current !== 'object' && typeof current !== 'string') || current === null || !Object.prototype.hasOwnProperty.call(current, segment)) {
        return { forbidden: false, value: null };
      }
      current = (current as Record<string, unknown>)[segment];
    }
    return { forbidden: false, value: current };
  }

  it('random var paths reach only own data, never Object.prototype or a function', () => {
    const segment = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'call', 'length', 'name', '0', '1', 'a', 'list', '', 'input', 'params', 'item'),
      fc.string({ maxLength: 4 }),
    );
    const path = fc.oneof(fc.string({ maxLength: 20 }), fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.')));
    const context: ExpressionContext = {
      input: toPlainData({ a: { list: ['x', { name: 'n' }], length: 3 }, list: [0, 1], name: 'top', 0: 'zero' }),
      params: { limit: 3, name: 'p' },
      item: 'text',
    };
    fc.assert(
      fc.property(path, fc.boolean(), (dataPath, computed) => {
        const rule = computed ? { var: { cat: [dataPath] } } : { var: dataPath };
        const expected = ownPropertyLookup(context, dataPath);
        if (expected.forbidden) {
          expect(expressionError(() => evaluateExpression(rule, context)).message).toContain('which is not allowed');
          return;
        }
        const result = evaluateExpression(rule, context);
        expect(typeof result).not.toBe('function');
        expect(result).not.toBe(Object.prototype);
        expect(result).toBe(expected.value);
      }),
      { numRuns: 2_000 },
    );
  });
});
