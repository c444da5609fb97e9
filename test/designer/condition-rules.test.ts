import { describe, expect, it } from 'vitest';
import {
  changeOperator,
  convertOperand,
  emptyGroup,
  operandType,
  parseCondition,
  toJsonLogic,
  type ConditionGroup,
  type ConditionRow,
} from '../../designer/src/editor/model/condition-rules.js';
import { checkExpression } from '../../runtime/expressions/index.js';

const total = { var: 'input.total' };

/** Rules in the form the builder writes them, each of which must read back and be written again unchanged. */
const CANONICAL: [string, unknown][] = [
  ['a comparison with a number', { '>': [total, 500] }],
  ['a comparison with another data path (the design example)', { '>': [total, { var: 'params.reviewThreshold' }] }],
  ['each comparison operator', { and: ['==', '!=', '>', '>=', '<', '<='].map((operator) => ({ [operator]: [{ var: 'input.x' }, 'a'] })) }],
  ['literals of every type', { or: [{ '==': [{ var: 'a' }, true] }, { '==': [{ var: 'b' }, null] }, { '!=': [{ var: 'c' }, ''] }, { '<': [{ var: 'd' }, -1.5] }] }],
  ['is one of', { in: [{ var: 'input.country' }, ['DE', 'AT', 'CH']] }],
  ['contains', { in: ['vip', { var: 'input.tags' }] }],
  ['is empty, is not empty, is missing', { and: [{ '!': [{ var: 'input.note' }] }, { '!!': [{ var: 'input.email' }] }, { missing: ['input.phone'] }] }],
  ['nested and/or groups', { or: [{ and: [{ '>': [total, 100] }, { '==': [{ var: 'input.currency' }, 'EUR'] }] }, { '==': [{ var: 'nodes.check.ok' }, true] }] }],
];

describe('condition builder ↔ json-logic', () => {
  it.each(CANONICAL)('round-trips %s', (_name, rule) => {
    const parsed = parseCondition(rule);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(toJsonLogic(parsed.group)).toEqual(rule);
    expect(checkExpression(rule)).toEqual([]);
  });

  it('reads the other common spellings of the same conditions', () => {
    const read = (rule: unknown) => {
      const parsed = parseCondition(rule);
      return parsed.ok ? toJsonLogic(parsed.group) : parsed.reason;
    };
    expect(read({ '!': { var: 'input.note' } })).toEqual({ '!': [{ var: 'input.note' }] });
    expect(read({ '==': [{ var: ['input.x'] }, 1] })).toEqual({ '==': [{ var: 'input.x' }, 1] });
    expect(read({ missing: 'input.phone' })).toEqual({ missing: ['input.phone'] });
    expect(read({ and: [{ '>': [total, 1] }] })).toEqual({ '>': [total, 1] });
  });

  it('shows rows and groups for the rule', () => {
    const parsed = parseCondition({ or: [{ '>=': [total, 10] }, { and: [{ in: [{ var: 'input.tier' }, ['gold', 'silver']] }] }] });
    expect(parsed).toEqual({
      ok: true,
      group: {
        kind: 'group',
        combinator: 'or',
        children: [
          { kind: 'row', field: 'input.total', operator: '>=', operand: { kind: 'literal', value: 10 } },
          { kind: 'group', combinator: 'and', children: [{ kind: 'row', field: 'input.tier', operator: 'in', operand: { kind: 'list', values: ['gold', 'silver'] } }] }],
      },
    });
  });

  it.each([
    ['an operator the builder does not offer', { '+': [1, 2] }, 'does not offer the operator "+"'],
    ['a computed left side', { '>': [{ '+': [total, 1] }, 5] }, 'data path'],
    ['a computed right side', { '==': [total, { '*': [2, 3] }] }, 'not a plain value'],
    ['a var with a default', { '==': [{ var: ['input.x', 0] }, 1] }, 'data path'],
    ['three arguments', { '<': [1, total, 10] }, 'two arguments'],
    ['missing several paths', { missing: ['a', 'b'] }, 'one argument'],
    ['a plain value', true, 'not a condition'],
    ['a bare data path', { var: 'input.ok' }, 'operator "var"'],
    ['a negated group', { '!': { and: [] } }, 'data path'],
  ])('refuses %s, saying why', (_name, rule, reason) => {
    const parsed = parseCondition(rule);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it('starts empty without a rule and writes no rule for an empty builder, leaving empty groups out', () => {
    expect(parseCondition(undefined)).toEqual({ ok: true, group: emptyGroup() });
    expect(toJsonLogic(emptyGroup())).toBeUndefined();
    const row: ConditionRow = { kind: 'row', field: 'input.a', operator: '==', operand: { kind: 'literal', value: 1 } };
    const group: ConditionGroup = { kind: 'group', combinator: 'and', children: [row, { kind: 'group', combinator: 'or', children: [] }, row] };
    expect(toJsonLogic(group)).toEqual({ and: [{ '==': [{ var: 'input.a' }, 1] }, { '==': [{ var: 'input.a' }, 1] }] });
  });

  it('changes operators and operand types keeping what it can', () => {
    const row: ConditionRow = { kind: 'row', field: 'input.a', operator: '==', operand: { kind: 'literal', value: 'x' } };
    expect(changeOperator(row, 'in').operand).toEqual({ kind: 'list', values: ['x'] });
    expect(changeOperator(changeOperator(row, 'in'), '!=').operand).toEqual({ kind: 'literal', value: 'x' });
    expect(convertOperand({ kind: 'literal', value: '12' }, 'number')).toEqual({ kind: 'literal', value: 12 });
    expect(convertOperand({ kind: 'literal', value: 'abc' }, 'number')).toEqual({ kind: 'literal', value: 0 });
    expect(convertOperand({ kind: 'literal', value: 12 }, 'text')).toEqual({ kind: 'literal', value: '12' });
    expect(convertOperand({ kind: 'literal', value: 'input.b' }, 'path')).toEqual({ kind: 'path', path: 'input.b' });
    expect(operandType({ kind: 'list', values: [1, 2] })).toBe('number');
    expect(operandType({ kind: 'literal', value: null })).toBe('null');
  });
});
