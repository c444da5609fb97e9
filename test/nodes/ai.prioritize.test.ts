import { describe, expect, it } from 'vitest';
import { NodeExecutionError, type JsonObject } from '../../runtime/definition/index.js';
import { execute } from '../../nodes/ai.prioritize/execute.js';
import { spec } from '../../nodes/ai.prioritize/spec.js';
import { issuePaths } from './config-issues.js';
import { fakeContext, thrownBy } from './fake-context.js';
import { resolveSaved } from './resolve-saved.js';
import { savedConfigProblems } from './saved-config.js';

const exception = { title: 'Payment differs', total: 1200, hoursOpen: 30, vip: true };

const saved: JsonObject = {
  factors: [
    { name: 'orderValue', value: { '/': [{ var: 'input.total' }, 100] }, weight: 2 },
    { name: 'age', value: { var: 'input.hoursOpen' } },
    { name: 'vip', value: { if: [{ var: 'input.vip' }, 10, 0] }, weight: 3 },
  ],
};

describe('ai.prioritize', () => {
  it('is an AI step without side effects, with out and error ports', () => {
    expect([spec.type, spec.version, spec.category, spec.sideEffects]).toEqual(['ai.prioritize', 1, 'ai', false]);
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['out', 'error']);
  });

  it("marks each factor's value as an expression, so the engine evaluates it", () => {
    expect(savedConfigProblems('ai.prioritize', saved)).toEqual([]);
    expect(savedConfigProblems('ai.prioritize', { factors: [{ name: 'a', value: { nope: [] } }] })).toEqual([expect.stringMatching(/^\S+ factors\[0\]\.value/)]);
  });

  it('checks 1..20 factors with unique identifier names, weights and the scale, with defaults', () => {
    expect(spec.config.parse({ factors: [{ name: 'a', value: 1 }] })).toEqual({ factors: [{ name: 'a', value: 1, weight: 1 }], scale: { min: 0, max: 100 } });
    expect(issuePaths(spec.config, { factors: [] })).toEqual([['factors']]);
    const many = Array.from({ length: 21 }, (_, index) => ({ name: `f${index}`, value: 1 }));
    expect(issuePaths(spec.config, { factors: many })).toEqual([['factors']]);
    expect(issuePaths(spec.config, { factors: many.slice(0, 20) })).toEqual([]);
    expect(issuePaths(spec.config, { factors: [{ name: 'order value', value: 1 }] })).toEqual([['factors', 0, 'name']]);
    expect(issuePaths(spec.config, { factors: [{ name: 'a', value: 1 }, { name: 'a', value: 2 }] })).toEqual([['factors', 1, 'name']]);
    expect(issuePaths(spec.config, { factors: [{ name: 'a', value: 1, weight: '2' }] })).toEqual([['factors', 0, 'weight']]);
    expect(issuePaths(spec.config, { factors: [{ name: 'a', value: 1 }], scale: { min: 10, max: 1 } })).toEqual([['scale', 'max']]);
  });

  it('scores the weighted sum of the factors and explains each', async () => {
    const config = resolveSaved(spec.config, saved, { input: exception });
    expect(await execute(fakeContext(), config, exception)).toEqual({
      output: {
        ...exception,
        priority: {
          score: 84,
          factors: {
            orderValue: { value: 12, weight: 2, contribution: 24 },
            age: { value: 30, weight: 1, contribution: 30 },
            vip: { value: 10, weight: 3, contribution: 30 },
          },
        },
      },
    });
  });

  it('clamps the score to the scale, and wraps an input that is no object', async () => {
    const high = resolveSaved(spec.config, saved, { input: { ...exception, total: 10_000 } });
    expect(await execute(fakeContext(), high, [1])).toMatchObject({ output: { input: [1], priority: { score: 100 } } });
    const negative = spec.config.parse({ factors: [{ name: 'a', value: 5, weight: -4 }], scale: { min: -10, max: 10 } });
    expect(await execute(fakeContext(), negative, {})).toMatchObject({ output: { priority: { score: -10, factors: { a: { contribution: -20 } } } } });
  });

  it('fails naming the factor whose value is not a finite number', async () => {
    const config = resolveSaved(spec.config, saved, { input: { ...exception, hoursOpen: 'thirty' } });
    const error = await thrownBy(() => execute(fakeContext(), config, exception));
    expect(error).toBeInstanceOf(NodeExecutionError);
    expect(error).toMatchObject({ code: 'FACTOR_NOT_NUMBER', message: 'the factor "age" is "thirty", not a number', details: { factor: 'age' } });
    const missing = resolveSaved(spec.config, saved, { input: { total: 1 } });
    expect(await thrownBy(() => execute(fakeContext(), missing, {}))).toMatchObject({ message: 'the factor "age" is null, not a number' });
  });
});
