import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJsonLimits, freezeData, toPlainData } from '../../../runtime/expressions/index.js';

/** `levels` objects nested in one another, `{"a":{"a":…1…}}`. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}

describe('checkJsonLimits', () => {
  it('accepts a value exactly at the depth limit and refuses one level more, at the path of the level too many', () => {
    expect(checkJsonLimits(nested(100), { maxDepth: 100 })).toBeUndefined();
    const breach = checkJsonLimits(nested(101), { maxDepth: 100 });
    expect(breach?.message).toBe('it is nested deeper than 100 levels');
    expect(breach?.path).toEqual(Array.from({ length: 100 }, () => 'a'));
  });

  it('counts arrays and objects alike, and scalars not at all', () => {
    expect(checkJsonLimits([{ a: [1] }], { maxDepth: 3 })).toBeUndefined();
    expect(checkJsonLimits([{ a: [[1]] }], { maxDepth: 3 })?.path).toEqual([0, 'a', 0]);
    expect(checkJsonLimits('text', { maxDepth: 0 })).toBeUndefined();
    expect(checkJsonLimits({}, { maxDepth: 0 })?.path).toEqual([]);
  });

  it('answers for a value nested 200,000 levels deep instead of overflowing the stack', () => {
    const breach = checkJsonLimits(nested(200_000), { maxDepth: 100 });
    expect(breach?.message).toBe('it is nested deeper than 100 levels');
    expect(breach?.path).toHaveLength(100);
  });

  it('refuses an array longer than the limit, at its path', () => {
    const value = { rule: { merge: [Array.from({ length: 150_000 }, () => 1)] } };
    expect(checkJsonLimits(value, { maxDepth: 100, maxArrayLength: 100_000 })).toEqual({
      path: ['rule', 'merge', 0],
      message: 'an array has 150000 items; the limit is 100000',
    });
    expect(checkJsonLimits(Array.from({ length: 100_000 }, () => 0), { maxDepth: 100, maxArrayLength: 100_000 })).toBeUndefined();
  });

  it('measures the size exactly as UTF-8 JSON text, escapes and astral characters included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const bytes = Buffer.byteLength(JSON.stringify(value));
        expect(checkJsonLimits(value, { maxDepth: 1_000, maxBytes: bytes })).toBeUndefined();
        expect(checkJsonLimits(value, { maxDepth: 1_000, maxBytes: bytes - 1 })?.message).toBe(`it is larger than ${bytes - 1} bytes as JSON`);
      }),
      { numRuns: 500 },
    );
    const text = { 'ключ "q"': ['é\n', '😀', '\u0000', 'plain'], n: [-0, 1e21, 0.1] };
    const bytes = Buffer.byteLength(JSON.stringify(text));
    expect(checkJsonLimits(text, { maxDepth: 10, maxBytes: bytes })).toBeUndefined();
    expect(checkJsonLimits(text, { maxDepth: 10, maxBytes: bytes - 1 })).toBeDefined();
  });

  it('leaves out properties that are undefined, as JSON does', () => {
    expect(checkJsonLimits({ a: 1, b: undefined }, { maxDepth: 5, maxBytes: '{"a":1}'.length })).toBeUndefined();
  });
});

describe('freezeData', () => {
  it('freezes stored data in place, deeply, without copying or checking it', () => {
    const stored = JSON.parse(JSON.stringify({ run: nested(150), list: [{ x: 1 }] })) as { run: unknown; list: { x: number }[] };
    expect(freezeData(stored)).toBe(stored);
    expect(Object.isFrozen(stored.list[0])).toBe(true);
    let level: unknown = stored.run;
    for (let depth = 0; depth < 150; depth++) {
      expect(Object.isFrozen(level)).toBe(true);
      level = (level as { a: unknown }).a;
    }
  });

  it('freezes a value 200,000 levels deep without overflowing the stack', () => {
    const deep = nested(200_000) as { a: unknown };
    freezeData(deep);
    expect(Object.isFrozen(deep)).toBe(true);
  });

  it('wraps checked data at the depth limit one level deeper without refusing it', () => {
    const input = toPlainData(nested(100));
    expect(() => toPlainData({ input })).toThrow(/nested deeper than 100 levels/);
    const wrapped = freezeData({ input }) as { input: unknown };
    expect(wrapped.input).toBe(input);
    expect(Object.isFrozen(wrapped)).toBe(true);
  });
});
