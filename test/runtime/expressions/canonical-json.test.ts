import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, jsonText } from '../../../runtime/expressions/index.js';

/** How earlier versions computed canonical JSON; existing definition hashes depend on this text. */
function legacyCanonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => {
    if (typeof field !== 'object' || field === null || Array.isArray(field)) return field;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(field).sort()) sorted[key] = (field as Record<string, unknown>)[key];
    return sorted;
  });
}

describe('canonicalJson', () => {
  it('sorts object keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('writes exactly the text earlier versions wrote, so stored hashes stay valid', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(legacyCanonicalJson(value));
      }),
      { numRuns: 1_000 },
    );
    const awkward = { 10: 'ten', 9: 'nine', b: undefined, a: [undefined, () => 1, new Date(0)], '': { toJSON: () => 'from toJSON' }, z: Number.NaN };
    expect(canonicalJson(awkward)).toBe(legacyCanonicalJson(awkward));
  });

  it('writes the same text without recursion when a value is too deep for JSON.stringify', () => {
    const depth = 20_000;
    const deeplyInside = (value: unknown): unknown => {
      let wrapped = value;
      for (let level = 0; level < depth; level++) wrapped = [wrapped];
      return wrapped;
    };
    expect(() => legacyCanonicalJson(deeplyInside(1))).toThrow(RangeError);
    const awkward = { 10: 'ten', 9: 'nine', b: undefined, a: [undefined, () => 1, new Date(0)], '': { toJSON: () => 'from toJSON' }, z: Number.NaN };
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.constant(awkward)), (value) => {
        expect(canonicalJson(deeplyInside(value))).toBe(`${'['.repeat(depth)}${legacyCanonicalJson(value)}${']'.repeat(depth)}`);
      }),
      { numRuns: 30 },
    );
  });

  it('writes a value nested 50,000 levels deep instead of overflowing the stack', () => {
    let value: unknown = 1;
    for (let level = 0; level < 50_000; level++) value = { a: value };
    const text = canonicalJson(value);
    expect(text).toBe(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`);
  });

  it('refuses a cycle like JSON does, and still writes a value that appears twice', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
  });
});

describe('jsonText', () => {
  it('writes what JSON.stringify writes, keys in their own order, also for a value too deep for it', () => {
    const depth = 20_000;
    const deeplyInside = (value: unknown): unknown => {
      let wrapped = value;
      for (let level = 0; level < depth; level++) wrapped = [wrapped];
      return wrapped;
    };
    const awkward = { b: 1, 10: 'ten', a: [undefined, new Date(0)], skipped: undefined };
    expect(() => JSON.stringify(deeplyInside(1))).toThrow(RangeError);
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.constant(awkward)), (value) => {
        expect(jsonText(value)).toBe(JSON.stringify(value));
        expect(jsonText(deeplyInside(value))).toBe(`${'['.repeat(depth)}${JSON.stringify(value)}${']'.repeat(depth)}`);
      }),
      { numRuns: 30 },
    );
  });

  it('writes a value deeper than JSON.stringify can go', () => {
    let value: unknown = [];
    for (let level = 0; level < 200_000; level++) value = [value];
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(jsonText(value)).toBe(`${'['.repeat(200_001)}${']'.repeat(200_001)}`);
  });
});
