import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUDGET,
  checkExpression,
  evaluateExpression,
  forbiddenSegment,
  type ExpressionBudget,
} from '../../../runtime/expressions/index.js';

function budget(overrides: Partial<ExpressionBudget>): ExpressionBudget {
  return { ...DEFAULT_BUDGET, ...overrides };
}

/** `{"!": {"!": ... value}}` with `levels` operators. */
function nestedNot(levels: number, value: unknown = true): unknown {
  let rule = value;
  for (let level = 0; level < levels; level++) rule = { '!': rule };
  return rule;
}

describe('checkExpression', () => {
  it('accepts ordinary rules and plain literals', () => {
    const rules: unknown[] = [
      true,
      42,
      'text',
      null,
      [1, 'a', null],
      { '>': [{ var: 'input.total' }, 500] },
      { and: [{ '==': [{ var: 'params.country' }, 'DE'] }, { '!': { var: 'run.trigger.test' } }] },
      { map: [{ var: 'item.lines' }, { '*': [{ var: 'qty' }, { var: 'price' }] }] },
      { missing_some: [1, ['input.email', 'input.phone']] },
      { if: [{ in: ['vip', { var: 'input.tags' }] }, { cat: ['Dear ', { var: 'input.name' }] }, 'Hello'] },
    ];
    for (const rule of rules) expect(checkExpression(rule), JSON.stringify(rule)).toEqual([]);
  });

  it('reports a disallowed operator at its path inside the rule', () => {
    const rule = { if: [{ '==': [1, { log: 'x' }] }, 'yes', 'no'] };
    expect(checkExpression(rule)).toEqual([{ path: ['if', 0, '==', 1, 'log'], message: 'unknown or disallowed operator "log"' }]);
  });

  it('refuses method, unknown and dotted operator names', () => {
    for (const operator of ['method', 'log', 'eval', 'toString.call', 'var.call', 'constructor', '__proto__', 'hasOwnProperty', '']) {
      const problems = checkExpression({ and: [true, { [operator]: [] }] });
      expect(problems, operator).toEqual([{ path: ['and', 1, operator], message: `unknown or disallowed operator "${operator}"` }]);
    }
  });

  it('reports forbidden data paths of var, missing and missing_some at the operator', () => {
    expect(checkExpression({ and: [true, { var: 'input.__proto__.x' }] })).toEqual([
      { path: ['and', 1, 'var'], message: 'the data path "input.__proto__.x" uses "__proto__", which is not allowed' },
    ]);
    expect(checkExpression({ var: ['constructor', 'fallback'] })).toEqual([
      { path: ['var'], message: 'the data path "constructor" uses "constructor", which is not allowed' },
    ]);
    expect(checkExpression({ missing: ['a', 'b.prototype'] })).toEqual([
      { path: ['missing'], message: 'the data path "b.prototype" uses "prototype", which is not allowed' },
    ]);
    expect(checkExpression({ missing: [['a', '__proto__']] })).toHaveLength(1);
    expect(checkExpression({ missing_some: [1, ['a', 'x.constructor.name']] })).toEqual([
      { path: ['missing_some'], message: 'the data path "x.constructor.name" uses "constructor", which is not allowed' },
    ]);
  });

  it('leaves computed paths to the evaluator, which refuses them when they are reached', () => {
    const rule = { var: { cat: ['__pro', 'to__'] } };
    expect(checkExpression(rule)).toEqual([]);
    expect(() => evaluateExpression(rule, {})).toThrow('uses "__proto__"');
  });

  it('treats an object with several keys as a literal: its contents are data, not evaluated', () => {
    const literal = { a: { log: 'x' }, b: [{ method: ['x', 'y'] }], c: { var: 'input' } };
    expect(checkExpression(literal)).toEqual([]);
    expect(evaluateExpression(literal, { input: 'secret' })).toEqual(literal);
    expect(evaluateExpression({}, {})).toEqual({});
  });

  it('still refuses JavaScript-internal keys inside literal objects', () => {
    const literal: unknown = JSON.parse('{"a": 1, "nested": {"b": 2, "__proto__": {"polluted": true}}}');
    expect(checkExpression(literal)).toEqual([{ path: ['nested', '__proto__'], message: 'the key "__proto__" is not allowed' }]);
  });

  it('refuses values that are not JSON, at their path', () => {
    class Point {
      x = 1;
    }
    const cases: [unknown, string][] = [
      [Number.NaN, 'NaN is not a JSON number'],
      [Number.POSITIVE_INFINITY, 'Infinity is not a JSON number'],
      [undefined, 'a undefined is not a JSON value'],
      [() => 1, 'a function is not a JSON value'],
      [Symbol('s'), 'a symbol is not a JSON value'],
      [10n, 'a bigint is not a JSON value'],
      [new Date(0), 'only JSON values are allowed in a rule'],
      [new Map(), 'only JSON values are allowed in a rule'],
      [new Point(), 'only JSON values are allowed in a rule'],
    ];
    for (const [value, message] of cases) {
      expect(checkExpression({ '+': [1, value] }), message).toEqual([{ path: ['+', 1], message }]);
    }
  });

  it('accepts objects without a prototype, as JSON parsers may build them', () => {
    const rule = Object.assign(Object.create(null) as Record<string, unknown>, { '==': [1, 1] });
    expect(checkExpression(rule)).toEqual([]);
    expect(evaluateExpression(rule, {})).toBe(true);
  });

  it('caps the number of problems it reports', () => {
    const rule = { and: Array.from({ length: 50 }, (_, index) => ({ [`bad${index}`]: index })) };
    const problems = checkExpression(rule);
    expect(problems).toHaveLength(20);
    expect(problems[0]).toEqual({ path: ['and', 0, 'bad0'], message: 'unknown or disallowed operator "bad0"' });
    expect(problems[19]?.path).toEqual(['and', 19, 'bad19']);
  });

  it('enforces the depth budget exactly', () => {
    const small = budget({ maxDepth: 4 });
    expect(checkExpression(nestedNot(4), small)).toEqual([]);
    expect(checkExpression(nestedNot(5), small)).toEqual([
      { path: ['!', '!', '!', '!'], message: 'the rule is nested deeper than 4 levels' },
    ]);
    expect(checkExpression([[[['x']]]], small)).toEqual([]);
    expect(checkExpression([[[[['x']]]]], small)).toEqual([{ path: [0, 0, 0, 0], message: 'the rule is nested deeper than 4 levels' }]);
  });

  it('enforces the node budget, counting operators, arguments and literals', () => {
    const small = budget({ maxNodes: 5 });
    expect(checkExpression({ '+': [1, 2, 3] }, small)).toEqual([]);
    expect(checkExpression({ '+': [1, 2, 3, 4] }, small)).toEqual([{ path: [], message: 'the rule has more than 5 values; split it up' }]);
  });

  it('enforces the array-length budget on literal arrays', () => {
    const small = budget({ maxArrayLength: 3 });
    expect(checkExpression({ in: ['a', ['a', 'b', 'c']] }, small)).toEqual([]);
    expect(checkExpression({ in: ['a', ['a', 'b', 'c', 'd']] }, small)).toEqual([
      { path: ['in', 1], message: 'an array in the rule has 4 items; the limit is 3' },
    ]);
  });

  it('answers quickly and cleanly for rules with huge node counts', () => {
    const started = performance.now();
    expect(checkExpression({ '+': new Array<number>(1_000_000).fill(1) })).toEqual([
      { path: ['+'], message: `an array in the rule has 1000000 items; the limit is ${DEFAULT_BUDGET.maxArrayLength}` },
    ]);
    const wide = { and: Array.from({ length: 50_000 }, () => ({ '==': [1, 1] })) };
    expect(checkExpression(wide)).toEqual([{ path: [], message: `the rule has more than ${DEFAULT_BUDGET.maxNodes} values; split it up` }]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('forbiddenSegment', () => {
  it('finds the first JavaScript-internal segment of a dotted path', () => {
    expect(forbiddenSegment('input.__proto__.x')).toBe('__proto__');
    expect(forbiddenSegment('a.constructor.prototype')).toBe('constructor');
    expect(forbiddenSegment('prototype')).toBe('prototype');
  });

  it('accepts ordinary paths, including names that merely contain a forbidden word', () => {
    expect(forbiddenSegment('input.order.total')).toBeUndefined();
    expect(forbiddenSegment('input.__proto__x')).toBeUndefined();
    expect(forbiddenSegment('constructors')).toBeUndefined();
    expect(forbiddenSegment(3)).toBeUndefined();
    expect(forbiddenSegment('')).toBeUndefined();
  });
});
