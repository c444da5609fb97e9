import { describe, expect, it } from 'vitest';
import { ExpressionError, MAX_DATA_DEPTH, toPlainData } from '../../../runtime/expressions/index.js';

function plainDataError(value: unknown, what?: string): ExpressionError {
  try {
    toPlainData(value, what);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw new Error('expected an ExpressionError', { cause: error });
  }
  throw new Error('expected toPlainData to throw');
}

/** `levels` arrays nested in one another around `value`. */
function nestedArrays(levels: number, value: unknown = 1): unknown {
  let data = value;
  for (let level = 0; level < levels; level++) data = [data];
  return data;
}

function everyLevelFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(everyLevelFrozen);
}

describe('toPlainData', () => {
  it('returns JSON scalars as they are', () => {
    for (const value of [null, true, false, 0, -1.5, 'text', '']) expect(toPlainData(value)).toBe(value);
  });

  it('copies objects and arrays into new, deeply frozen values', () => {
    const source = { order: { id: 7, lines: [{ sku: 'A', qty: 2 }], tags: ['x'] }, ok: true };
    const copy = toPlainData(source);
    expect(copy).toEqual(source);
    expect(copy).not.toBe(source);
    expect(everyLevelFrozen(copy)).toBe(true);
    expect(Object.isFrozen(source)).toBe(false);
    expect(() => {
      (copy as { ok: boolean }).ok = false;
    }).toThrow(TypeError);
  });

  it('drops object properties that are undefined, like JSON', () => {
    const copy = toPlainData({ a: 1, b: undefined, c: { d: undefined, e: 2 } });
    expect(copy).toEqual({ a: 1, c: { e: 2 } });
    expect(Object.keys(copy as object)).toEqual(['a', 'c']);
  });

  it('refuses undefined inside arrays instead of silently turning it into null', () => {
    const error = plainDataError({ list: [1, undefined] });
    expect(error.message).toBe('the value is not valid JSON data at list[1]: a undefined is not JSON data');
    expect(error.path).toEqual(['list', 1]);
    const sparse: number[] = [];
    sparse[0] = 1;
    sparse[2] = 3;
    expect(plainDataError(sparse).path).toEqual([1]);
  });

  it('names the value and the path in errors', () => {
    const error = plainDataError({ a: { b: [1, 2, Number.NaN] } }, 'the output of node charge');
    expect(error.message).toBe('the output of node charge is not valid JSON data at a.b[2]: NaN is not a JSON number');
    expect(error.path).toEqual(['a', 'b', 2]);
    expect(plainDataError(Number.NEGATIVE_INFINITY).message).toBe('the value is not valid JSON data: -Infinity is not a JSON number');
  });

  it('refuses functions, symbols and bigints', () => {
    expect(plainDataError({ run: () => 1 }).message).toBe('the value is not valid JSON data at run: a function is not JSON data');
    expect(plainDataError([Symbol('s')]).message).toBe('the value is not valid JSON data at [0]: a symbol is not JSON data');
    expect(plainDataError({ n: 1n }).message).toBe('the value is not valid JSON data at n: a bigint is not JSON data');
  });

  it('converts values with toJSON (Date) the way JSON does', () => {
    expect(toPlainData({ at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) })).toEqual({ at: '2024-01-02T03:04:05.000Z' });
    expect(toPlainData([new Date(Number.NaN)])).toEqual([null]);
    class Money {
      constructor(private readonly cents: number) {}
      toJSON() {
        return { amount: this.cents / 100, currency: 'EUR' };
      }
    }
    expect(toPlainData({ price: new Money(1250) })).toEqual({ price: { amount: 12.5, currency: 'EUR' } });
  });

  it('calls toJSON once per value, so a toJSON returning its own object cannot recurse forever', () => {
    const selfish = {
      a: 1,
      toJSON() {
        return this;
      },
    };
    expect(plainDataError({ x: selfish }).message).toBe('the value is not valid JSON data at x.toJSON: a function is not JSON data');
    class Endless {
      toJSON(): Endless {
        return new Endless();
      }
    }
    expect(plainDataError(new Endless()).message).toBe('the value is not valid JSON data: a Endless is not plain JSON data');
  });

  it('refuses class instances, Maps, Sets and boxed primitives', () => {
    class Point {
      x = 1;
    }
    expect(plainDataError({ p: new Point() }).message).toBe('the value is not valid JSON data at p: a Point is not plain JSON data');
    expect(plainDataError(new Map([['a', 1]])).message).toContain('a Map is not plain JSON data');
    expect(plainDataError(new Set([1])).message).toContain('a Set is not plain JSON data');
    expect(plainDataError(new String('x')).message).toContain('a String is not plain JSON data');
  });

  it('accepts objects without a prototype and gives back ordinary objects', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    const copy = toPlainData(bare);
    expect(copy).toEqual({ a: 1 });
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });

  it('copies getters as plain values and ignores symbol keys and extra array properties', () => {
    const source = {
      get computed() {
        return 42;
      },
      [Symbol('hidden')]: 1,
    };
    const copy = toPlainData(source);
    expect(Object.getOwnPropertyDescriptor(copy, 'computed')).toMatchObject({ value: 42 });
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
    const list = Object.assign([1, 2], { extra: 'x' });
    expect(toPlainData(list)).toStrictEqual([1, 2]);
  });

  it('refuses an own __proto__ key, as JSON.parse creates it', () => {
    const parsed: unknown = JSON.parse('{"safe": {"__proto__": {"polluted": true}}}');
    const error = plainDataError(parsed);
    expect(error.message).toBe('the value is not valid JSON data at safe: the key "__proto__" is not allowed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps keys that are only names, such as constructor, as data', () => {
    expect(toPlainData({ constructor: 'Acme', prototype: 1 })).toEqual({ constructor: 'Acme', prototype: 1 });
  });

  it(`accepts ${MAX_DATA_DEPTH} levels of nesting and refuses one more`, () => {
    expect(() => toPlainData(nestedArrays(MAX_DATA_DEPTH))).not.toThrow();
    const error = plainDataError(nestedArrays(MAX_DATA_DEPTH + 1));
    expect(error.message).toContain(`it is nested deeper than ${MAX_DATA_DEPTH} levels`);
    expect(error.path).toHaveLength(MAX_DATA_DEPTH);
  });

  it('refuses cycles with a clear error instead of a stack overflow', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const error = plainDataError(cyclic);
    expect(error.message).toContain('(or refers to itself)');
    expect(error.message).toContain('at self.self.self');
  });

  it('refuses 20,000 levels of nesting quickly and cleanly', () => {
    expect(plainDataError(nestedArrays(20_000)).message).toContain('nested deeper than');
  });
});
