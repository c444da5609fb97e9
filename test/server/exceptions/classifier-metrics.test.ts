import { describe, expect, it } from 'vitest';
import { evaluate, type CategoryMetrics } from '../../../server/exceptions/classifier-metrics.js';

/** The per-category figures to 4 decimals, to compare with numbers worked out by hand. */
function rounded(perCategory: Readonly<Record<string, CategoryMetrics>>): Record<string, CategoryMetrics> {
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return Object.fromEntries(
    Object.entries(perCategory).map(([category, { precision, recall, f1, support }]) => [category, { precision: round(precision), recall: round(recall), f1: round(f1), support }]),
  );
}

describe('classifier metrics', () => {
  it('computes accuracy, per-category precision, recall, F1 and support, and their macro average', () => {
    // a: 2 of 3 found, both predictions right. b: 1 of 2 found, 1 of 2 predictions right.
    // c: 1 of 1 found, 1 of 2 predictions right.
    const metrics = evaluate([
      { expected: 'a', actual: 'a' },
      { expected: 'a', actual: 'a' },
      { expected: 'a', actual: 'b' },
      { expected: 'b', actual: 'b' },
      { expected: 'b', actual: 'c' },
      { expected: 'c', actual: 'c' },
    ]);
    expect(metrics.accuracy).toBeCloseTo(4 / 6, 10);
    expect(rounded(metrics.perCategory)).toEqual({
      a: { precision: 1, recall: 0.6667, f1: 0.8, support: 3 },
      b: { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
      c: { precision: 0.5, recall: 1, f1: 0.6667, support: 1 },
    });
    expect(metrics.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 10);
  });

  it('lists a category that is only ever predicted, with F1 0, and counts it in the macro average', () => {
    const metrics = evaluate([
      { expected: 'a', actual: 'a' },
      { expected: 'a', actual: 'z' },
    ]);
    expect(metrics.accuracy).toBe(0.5);
    expect(rounded(metrics.perCategory)).toEqual({
      a: { precision: 1, recall: 0.5, f1: 0.6667, support: 2 },
      z: { precision: 0, recall: 0, f1: 0, support: 0 },
    });
    expect(metrics.macroF1).toBeCloseTo(1 / 3, 10);
  });

  it('answers zeros for no predictions and ones for all right', () => {
    expect(evaluate([])).toEqual({ accuracy: 0, macroF1: 0, perCategory: {} });
    const perfect = evaluate([
      { expected: 'a', actual: 'a' },
      { expected: 'b', actual: 'b' },
    ]);
    expect(perfect.accuracy).toBe(1);
    expect(perfect.macroF1).toBe(1);
  });
});
