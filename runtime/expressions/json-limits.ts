import type { ExpressionPath } from './expression-error.js';

/** Bounds on the shape of a JSON value. */
export interface JsonLimits {
  /** Most arrays and objects nested in one another: `{"a":{"b":1}}` is 2 deep, a scalar 0. */
  readonly maxDepth: number;
  /** Most items in any one array. */
  readonly maxArrayLength?: number;
  /** Largest size as compact JSON text, in UTF-8 bytes. */
  readonly maxBytes?: number;
}

/** The first limit a value breaks, and where. */
export interface JsonLimitBreach {
  readonly path: ExpressionPath;
  readonly message: string;
}

/** A value still to visit, with the way back to the root (paths are only built for a breach). */
interface Visit {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Visit | undefined;
  readonly key: string | number;
}

/**
 * Checks a value against {@link JsonLimits} without recursion, so any depth gets an answer instead
 * of a stack overflow. Everything that walks data recursively (copying, hashing, serialising,
 * schema parsing) runs only after this check passed, and can trust the depth. Values JSON cannot
 * hold are not judged here (see `toPlainData`); they count as `null` towards the size.
 */
export function checkJsonLimits(value: unknown, limits: JsonLimits): JsonLimitBreach | undefined {
  const maxArrayLength = limits.maxArrayLength ?? Number.POSITIVE_INFINITY;
  const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
  const countBytes = Number.isFinite(maxBytes);
  let bytes = 0;
  const stack: Visit[] = [{ value, depth: 0, parent: undefined, key: '' }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const current = visit.value;
    if (typeof current !== 'object' || current === null) {
      if (countBytes) bytes += scalarBytes(current);
    } else {
      if (visit.depth >= limits.maxDepth) return breach(visit, `it is nested deeper than ${limits.maxDepth} levels`);
      if (Array.isArray(current)) {
        if (current.length > maxArrayLength) {
          return breach(visit, `an array has ${current.length} items; the limit is ${maxArrayLength}`);
        }
        if (countBytes) bytes += 2 + Math.max(0, current.length - 1);
        for (let index = current.length - 1; index >= 0; index--) {
          stack.push({ value: (current as unknown[])[index], depth: visit.depth + 1, parent: visit, key: index });
        }
      } else {
        const record = current as Record<string, unknown>;
        let fields = 0;
        for (const key of Object.keys(record)) {
          if (record[key] === undefined) continue;
          fields++;
          if (countBytes) bytes += utf8Length(JSON.stringify(key)) + 1;
          stack.push({ value: record[key], depth: visit.depth + 1, parent: visit, key });
        }
        if (countBytes) bytes += 2 + Math.max(0, fields - 1);
      }
    }
    if (bytes > maxBytes) return { path: [], message: `it is larger than ${maxBytes} bytes as JSON` };
  }
  return undefined;
}

function breach(visit: Visit, message: string): JsonLimitBreach {
  const path: (string | number)[] = [];
  for (let step: Visit | undefined = visit; step?.parent !== undefined; step = step.parent) path.push(step.key);
  return { path: path.reverse(), message };
}

/** Bytes of a scalar as JSON; what JSON cannot hold counts as `null`. */
function scalarBytes(value: unknown): number {
  if (typeof value === 'string') return utf8Length(JSON.stringify(value));
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).length : 4;
  if (value === false) return 5;
  return 4;
}

/** UTF-8 length of text; counted by hand because the validator also runs in the browser. */
function utf8Length(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) length += 1;
    else if (unit < 0x800) length += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length && isLowSurrogate(text.charCodeAt(index + 1))) {
      length += 4;
      index++;
    } else length += 3;
  }
  return length;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
