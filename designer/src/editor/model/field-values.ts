import type { PathSegment } from '../../../../runtime/definition/index.js';
import { isPlainObject } from './zod-introspection.js';

/**
 * A copy of `root` with `value` at `path`, copying only the containers along the way and creating
 * missing ones (objects, or arrays for numeric segments). `undefined` removes an object member,
 * so a cleared optional field leaves the saved config rather than being saved as empty.
 */
export function updateAt(root: unknown, path: readonly PathSegment[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (Array.isArray(root)) {
    const copy: unknown[] = [...(root as unknown[])];
    copy[Number(head)] = updateAt(copy[Number(head)], rest, value);
    return copy;
  }
  if (!isPlainObject(root) && typeof head === 'number') return updateAt([], path, value);
  const copy: Record<string, unknown> = isPlainObject(root) ? { ...root } : {};
  const next = updateAt(copy[head], rest, value);
  if (next === undefined) delete copy[head];
  // defineProperty, so a key typed as "__proto__" is an own member (that the validator refuses), never the prototype.
  else Object.defineProperty(copy, head, { value: next, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A copy of a list with the item at `from` moved to `to`. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const copy = [...items];
  const [item] = copy.splice(from, 1);
  if (item !== undefined) copy.splice(Math.max(0, Math.min(to, copy.length)), 0, item);
  return copy;
}

/** A copy of a list without the item at `index`. */
export function removeItem<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, position) => position !== index);
}

/** A copy of a map with the entry `from` renamed to `to`, in the same place; unchanged when `to` is taken. */
export function renameKey(entries: Readonly<Record<string, unknown>>, from: string, to: string): Record<string, unknown> {
  if (from === to || Object.hasOwn(entries, to)) return { ...entries };
  return Object.fromEntries(Object.entries(entries).map(([key, value]) => [key === from ? to : key, value]));
}

/** A copy of a map without the entry `key`. */
export function removeKey(entries: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([name]) => name !== key));
}
