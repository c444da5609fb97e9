import { ExpressionError, describePath } from './expression-error.js';

/** A value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type PlainData = null | boolean | number | string | readonly PlainData[] | { readonly [key: string]: PlainData };

/** Deepest nesting accepted in data (inputs, outputs, params). */
export const MAX_DATA_DEPTH = 100;

/**
 * Copies a value into frozen plain JSON data, or throws an {@link ExpressionError} that says what
 * is wrong and where. Everything expressions see and nodes exchange goes through here, so rules
 * only ever run over plain, immutable data: no class instances, getters, functions or prototype
 * keys, no values that JSON would silently change (NaN, Infinity, Map), no cycles, bounded depth.
 *
 * Like `JSON.stringify`, object properties that are `undefined` are left out and values with a
 * `toJSON` method (Date) are converted by it.
 *
 * @param what names the value in error messages, e.g. "the output of node charge".
 */
export function toPlainData(value: unknown, what = 'the value'): PlainData {
  return copy(value, [], 0, what);
}

/** `fromToJson` is true for the value a `toJSON` method returned: like JSON, call it once only. */
function copy(value: unknown, path: (string | number)[], depth: number, what: string, fromToJson = false): PlainData {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      throw failure(what, path, `${value} is not a JSON number`);
    case 'object':
      break;
    default:
      throw failure(what, path, `a ${typeof value} is not JSON data`);
  }
  if (value === null) return null;
  if (depth >= MAX_DATA_DEPTH) throw failure(what, path, `it is nested deeper than ${MAX_DATA_DEPTH} levels (or refers to itself)`);
  if (Array.isArray(value)) {
    const items: PlainData[] = new Array<PlainData>(value.length);
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      items[index] = copy(value[index], path, depth + 1, what);
      path.pop();
    }
    return Object.freeze(items);
  }
  const withToJson = value as { toJSON?: unknown };
  if (!fromToJson && typeof withToJson.toJSON === 'function') {
    return copy((withToJson.toJSON as () => unknown).call(value), path, depth, what, true);
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const kind = value.constructor?.name ?? 'object';
    throw failure(what, path, `a ${kind} is not plain JSON data`);
  }
  const result: Record<string, PlainData> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined) continue;
    if (key === '__proto__') throw failure(what, path, 'the key "__proto__" is not allowed');
    path.push(key);
    result[key] = copy(field, path, depth + 1, what);
    path.pop();
  }
  return Object.freeze(result);
}

/**
 * Freezes data that was checked when it came in (a run's input read back from the store, a value
 * built by the engine out of such data) without checking it again: limits are checked once, where
 * data enters, and a wrapper the engine adds around checked data must never make it fail later.
 * Walks without recursion; values frozen already are taken to be deeply frozen, as `toPlainData`
 * and this function leave them.
 */
export function freezeData(value: unknown): PlainData {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null || Object.isFrozen(current)) continue;
    Object.freeze(current);
    for (const field of Object.values(current)) stack.push(field);
  }
  return value as PlainData;
}

function failure(what: string, path: (string | number)[], reason: string): ExpressionError {
  const where = path.length === 0 ? '' : ` at ${describePath(path)}`;
  return new ExpressionError(`${what} is not valid JSON data${where}: ${reason}`, [...path]);
}
