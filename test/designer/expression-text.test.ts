import { describe, expect, it } from 'vitest';
import { expressionText } from '../../designer/src/shared/diff/expression-text.js';

describe('expressionText', () => {
  it('writes comparisons and data paths as an expression', () => {
    expect(expressionText({ '>': [{ var: 'input.total' }, { var: 'params.reviewThreshold' }] })).toBe('input.total > params.reviewThreshold');
    expect(expressionText({ '==': [{ var: 'input.status' }, 'open'] })).toBe('input.status == "open"');
    expect(expressionText({ var: ['input.currency', 'EUR'] })).toBe('input.currency ?? "EUR"');
  });

  it('writes conditionals, and/or and not, with parentheses only where the reading needs them', () => {
    expect(expressionText({ if: [{ '>': [{ var: 'input.total' }, 500] }, 'high', 'normal'] })).toBe('if input.total > 500 then "high" else "normal"');
    expect(expressionText({ if: [{ var: 'a' }, 1, { var: 'b' }, 2, 3] })).toBe('if a then 1 else if b then 2 else 3');
    expect(expressionText({ and: [{ or: [{ var: 'a' }, { var: 'b' }] }, { '!': { var: 'c' } }] })).toBe('(a or b) and not c');
    expect(expressionText({ '*': [{ '+': [{ var: 'a' }, 1] }, 2] })).toBe('(a + 1) * 2');
    expect(expressionText({ '+': [{ '*': [{ var: 'a' }, 2] }, 1] })).toBe('a * 2 + 1');
    expect(expressionText({ '<': [0, { var: 'input.total' }, 500] })).toBe('0 < input.total < 500');
  });

  it('writes other operators as calls and plain values as compact JSON', () => {
    expect(expressionText({ cat: ['Release order ', { var: 'input.orderId' }] })).toBe('cat("Release order ", input.orderId)');
    expect(expressionText({ orderId: { var: 'input.orderId' }, queue: 'released' })).toBe('{ orderId: input.orderId, queue: "released" }');
    expect(expressionText([1, 'a', null])).toBe('[1, "a", null]');
    expect(expressionText(42)).toBe('42');
    expect(expressionText(undefined)).toBe('(not set)');
  });

  it('takes a one-key object whose key is no operator for data, not an expression', () => {
    expect(expressionText({ total: 5 })).toBe('{ total: 5 }');
  });

  it('cuts a very long value', () => {
    const text = expressionText({ items: Array.from({ length: 2000 }, (_, index) => index) });
    expect(text.length).toBe(2001);
    expect(text.endsWith('…')).toBe(true);
  });
});
