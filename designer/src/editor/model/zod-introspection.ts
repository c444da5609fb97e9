import { z } from 'zod';
import { acceptsAnyJson, unwrapOnce } from '../../../../runtime/definition/index.js';

/** A config field's schema with its optional/nullable/default wrappers taken off. */
export interface UnwrappedSchema {
  /** The schema inside the wrappers. */
  readonly schema: z.ZodType;
  /** Whether the field may be left out (optional, or filled in by a default). */
  readonly optional: boolean;
  /** The default the engine fills in when the field is left out, if any. */
  readonly defaultValue: unknown;
}

/** Takes the optional, nullable, default and prefault wrappers off a schema, noting what they say. */
export function unwrapSchema(schema: z.ZodType): UnwrappedSchema {
  let current = schema;
  let optional = false;
  let defaultValue: unknown;
  for (let inner = unwrapOnce(current); inner; inner = unwrapOnce(current)) {
    const def = current.def as { type: string; defaultValue?: unknown };
    if (def.type === 'optional') optional = true;
    if ((def.type === 'default' || def.type === 'prefault') && defaultValue === undefined) {
      optional = true;
      defaultValue = def.defaultValue;
    }
    current = inner;
  }
  return { schema: current, optional, defaultValue };
}

/** Scalar values a select can offer. */
export type Choice = string | number | boolean;

/** The values of an enum, a literal or a union of them; undefined for anything else. */
export function choicesOf(schema: z.ZodType): Choice[] | undefined {
  if (schema instanceof z.ZodEnum) return schema.options.filter(isChoice);
  if (schema instanceof z.ZodLiteral) return [...schema.values].filter(isChoice);
  if (schema instanceof z.ZodUnion) {
    const choices: Choice[] = [];
    for (const option of schema.options as readonly z.ZodType[]) {
      const inner = choicesOf(unwrapSchema(option).schema);
      if (!inner) return undefined;
      choices.push(...inner);
    }
    return choices;
  }
  return undefined;
}

function isChoice(value: unknown): value is Choice {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Whether every option of a union is a string, number or boolean (entered as text). */
export function isScalarUnion(schema: z.ZodType): boolean {
  return schema instanceof z.ZodUnion && (schema.options as readonly z.ZodType[]).every((option) => ['string', 'number', 'boolean'].includes(unwrapSchema(option).schema.def.type));
}

/** Whether a schema accepts any JSON value (`jsonValue`, `z.json()`, unknown). */
export function acceptsJson(schema: z.ZodType): boolean {
  return acceptsAnyJson(schema) || ['lazy', 'unknown', 'any'].includes(schema.def.type);
}

/** The minimum and maximum item counts of an array schema. */
export function lengthBounds(schema: z.ZodType): { min?: number; max?: number } {
  const bounds: { min?: number; max?: number } = {};
  for (const check of schema.def.checks ?? []) {
    const def = check._zod.def as { check: string; minimum?: number; maximum?: number };
    if (def.check === 'min_length' && def.minimum !== undefined) bounds.min = def.minimum;
    if (def.check === 'max_length' && def.maximum !== undefined) bounds.max = def.maximum;
  }
  return bounds;
}

/**
 * A sensible first value for a new field, list item or map entry of this schema: its default,
 * else an empty value of its kind. Required JSON values are left out (undefined), so the
 * validator asks for them.
 */
export function initialValue(schema: z.ZodType): unknown {
  const { schema: base, optional, defaultValue } = unwrapSchema(schema);
  if (defaultValue !== undefined) return structuredClone(defaultValue);
  if (optional) return undefined;
  const choices = choicesOf(base);
  if (choices) return choices[0];
  if (base instanceof z.ZodString) return '';
  if (base instanceof z.ZodNumber) return Math.max(0, base.minValue ?? 0);
  if (base instanceof z.ZodBoolean) return false;
  if (base instanceof z.ZodArray) return [];
  if (base instanceof z.ZodRecord) return {};
  if (base instanceof z.ZodObject) {
    const value: Record<string, unknown> = {};
    for (const [key, child] of Object.entries<z.ZodType>(base.shape)) {
      const initial = initialValue(child);
      if (initial !== undefined) value[key] = initial;
    }
    return value;
  }
  return undefined;
}

/** A copy of an object value with the defaults of its object schema filled in where left out. */
export function withDefaults(schema: z.ZodType, value: unknown): Record<string, unknown> {
  const base = unwrapSchema(schema).schema;
  const object = isPlainObject(value) ? { ...value } : {};
  if (!(base instanceof z.ZodObject)) return object;
  for (const [key, child] of Object.entries<z.ZodType>(base.shape)) {
    const fallback = unwrapSchema(child).defaultValue;
    if (object[key] === undefined && fallback !== undefined) object[key] = fallback;
  }
  return object;
}

/** Whether a value is a JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
