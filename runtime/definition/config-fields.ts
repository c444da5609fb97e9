import { z } from 'zod';
import { fieldHints, unwrapOnce } from './node-spec.js';
import type { PathSegment } from './problem.js';

/** A place in a node's config where the spec allows an expression, and the value saved there. */
export interface ExpressionSite {
  readonly path: readonly PathSegment[];
  readonly value: unknown;
}

/**
 * Every expression site in `config`, found by walking the config alongside its zod schema
 * (objects, arrays, records, unions and the optional/default/nullable wrappers). The validator
 * checks these values as json-logic; the engine evaluates them before a node executes.
 */
export function findExpressionSites(schema: z.ZodType, config: unknown): ExpressionSite[] {
  const sites = new Map<string, ExpressionSite>();
  walk(schema, config, [], sites);
  return [...sites.values()];
}

function walk(schema: z.ZodType, value: unknown, path: PathSegment[], sites: Map<string, ExpressionSite>): void {
  if (value === undefined) return;
  if (fieldHints(schema).expression) {
    sites.set(JSON.stringify(path), { path, value });
    return;
  }
  let current = schema;
  for (let inner = unwrapOnce(current); inner; inner = unwrapOnce(current)) current = inner;
  const def = current.def as unknown as SchemaDef;
  switch (def.type) {
    case 'object':
      if (isObject(value)) {
        for (const [key, child] of Object.entries(def.shape ?? {})) {
          if (Object.hasOwn(value, key)) walk(child, value[key], [...path, key], sites);
        }
      }
      return;
    case 'record':
      if (isObject(value) && def.valueType) {
        for (const [key, child] of Object.entries(value)) walk(def.valueType, child, [...path, key], sites);
      }
      return;
    case 'array':
      if (Array.isArray(value) && def.element) {
        value.forEach((item: unknown, index) => walk(def.element as z.ZodType, item, [...path, index], sites));
      }
      return;
    case 'union':
      for (const option of def.options ?? []) walk(option, value, path, sites);
      return;
    default:
      return;
  }
}

/** The parts of zod's internal definitions the walk reads. */
interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `root` with `value` at `path`, copying only the containers along the path. */
export function setAtPath(root: unknown, path: readonly PathSegment[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [PathSegment, ...PathSegment[]];
  if (Array.isArray(root)) {
    const copy: unknown[] = [...(root as unknown[])];
    copy[head as number] = setAtPath(copy[head as number], rest, value);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(root as Record<string, unknown>) };
  copy[head] = setAtPath(copy[head], rest, value);
  return copy;
}

/**
 * The schema of "any JSON value". Use it (rather than a fresh `z.json()`) for expression fields
 * that accept whatever the expression produces: the engine then parses such a config once per
 * definition instead of once per step. Refinements must not depend on the values of such fields.
 */
export const jsonValue = z.json();

/** Whether `schema` (looking through optional/default/nullable) is {@link jsonValue}. */
export function acceptsAnyJson(schema: z.ZodType | undefined): boolean {
  let current = schema;
  for (let inner = current && unwrapOnce(current); inner; inner = unwrapOnce(inner)) current = inner;
  return current?.def === jsonValue.def;
}

/** The schema describing the value at `path` inside a value described by `schema`, if it can be known. */
export function schemaAt(schema: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    for (let inner = current && unwrapOnce(current); inner; inner = unwrapOnce(inner)) current = inner;
    if (!current) return undefined;
    const def = current.def as unknown as SchemaDef;
    if (def.type === 'object') current = def.shape?.[String(segment)];
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'array') current = def.element;
    else return undefined;
  }
  return current;
}
