import type { JsonValue } from '../../runtime/definition/json-value.js';

/** A JSON Schema as the OpenAPI document carries it (the subset zod emits). */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly format?: string;
  readonly default?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
}

/** One input to try, named for the failure message. */
export interface Variant<T = unknown> {
  readonly label: string;
  readonly value: T;
}

/** Objects nested `levels` deep around a 1: `nest(2)` is `{"a":{"a":1}}`. Built iteratively. */
export function nest(levels: number): JsonValue {
  let value: JsonValue = 1;
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}

/**
 * JSON text of any value, however deep: an iterative serialiser, because `JSON.stringify` overflows
 * the stack on the 10,000-deep values these tests send.
 */
export function jsonText(value: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Punctuation) out.push(item.text);
    else if (Array.isArray(item)) {
      out.push('[');
      stack.push(new Punctuation(']'));
      for (let index = item.length - 1; index >= 0; index--) {
        stack.push(item[index]);
        if (index > 0) stack.push(new Punctuation(','));
      }
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      out.push('{');
      stack.push(new Punctuation('}'));
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, field] = entries[index] as [string, unknown];
        stack.push(field, new Punctuation(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`));
      }
    } else out.push(JSON.stringify(item) ?? 'null');
  }
  return out.join('');
}

/** Text {@link jsonText} writes between values. */
class Punctuation {
  constructor(readonly text: string) {}
}

/** Arrays nested `levels` deep around a 1, as raw JSON text (too deep for JSON.stringify to build). */
export function nestedArrayText(levels: number): string {
  return `${'['.repeat(levels)}1${']'.repeat(levels)}`;
}

/** The alternatives of a union schema, or the schema itself. */
function alternatives(schema: JsonSchema): readonly JsonSchema[] {
  return schema.anyOf ?? schema.oneOf ?? [schema];
}

function typeOf(schema: JsonSchema): string | undefined {
  const type = schema.type;
  return Array.isArray(type) ? (type[0] as string) : (type as string | undefined);
}

/** A value the schema accepts, as far as its keywords say (patterns are not solved, so it may still be refused). */
export function sampleOf(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf || schema.oneOf) return sampleOf(alternatives(schema)[0] as JsonSchema);
  switch (typeOf(schema)) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, sampleOf(property)]));
    case 'array':
      return Array.from({ length: schema.minItems ?? 1 }, () => sampleOf(schema.items ?? {}));
    case 'string':
      if (schema.format === 'email') return 'fuzz.sample@example.com';
      if (schema.format === 'uri') return 'https://example.com/';
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      return 'sample-value'.padEnd(schema.minLength ?? 1, 'x').slice(0, schema.maxLength ?? 100);
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return { sample: true };
  }
}

/** Values of the wrong kind for a schema. */
function wrongKinds(schema: JsonSchema): Variant[] {
  const type = typeOf(alternatives(schema)[0] as JsonSchema);
  const all: Variant[] = [
    { label: 'a number', value: 12345 },
    { label: 'a string', value: 'not-what-was-asked' },
    { label: 'a boolean', value: true },
    { label: 'an array', value: [1, 'two', null] },
    { label: 'an object', value: { unexpected: 'object' } },
    { label: 'null', value: null },
  ];
  return all.filter((variant) => {
    if (type === 'string') return typeof variant.value !== 'string';
    if (type === 'integer' || type === 'number') return typeof variant.value !== 'number';
    if (type === 'array') return !Array.isArray(variant.value);
    if (type === 'object') return typeof variant.value !== 'object' || Array.isArray(variant.value) || variant.value === null;
    return true;
  });
}

/** Values that break the limits a field declares, or probe the documented data limits. */
function limitBreakers(schema: JsonSchema): Variant[] {
  const first = alternatives(schema)[0] as JsonSchema;
  const type = typeOf(first);
  const variants: Variant[] = [];
  if (type === 'string' || type === undefined) {
    variants.push({ label: 'a 300,000-character string', value: 'x'.repeat(300_000) });
    variants.push({ label: 'control and bidi characters', value: '\u0000\u202e../../etc/passwd\r\nX-Injected: 1' });
  }
  if (type === 'string' && first.maxLength !== undefined) variants.push({ label: 'one character over maxLength', value: 'y'.repeat(first.maxLength + 1) });
  if (type === 'integer' || type === 'number') {
    variants.push({ label: 'a huge number', value: 1e308 });
    variants.push({ label: 'a negative number', value: -1 });
    variants.push({ label: 'a fraction', value: 1.5 });
    if (first.maximum !== undefined) variants.push({ label: 'one over the maximum', value: first.maximum + 1 });
  }
  if (type === 'array') variants.push({ label: 'a 150,000-item array', value: Array.from({ length: 150_000 }, () => 0) });
  if (type === 'object' || type === undefined) {
    for (const levels of [99, 100, 101, 10_000]) variants.push({ label: `objects nested ${levels} deep`, value: nest(levels) });
    variants.push({ label: 'a 150,000-item array', value: Array.from({ length: 150_000 }, () => 0) });
  }
  return variants;
}

/**
 * Malformed variants of a JSON body for a request schema: wrong top-level kinds, each property
 * missing, of the wrong kind or over its limits, unknown extra properties, and deep nesting at,
 * just below and just above the documented data limits. Each variant is a complete body value.
 */
export function bodyVariants(schema: JsonSchema): Variant[] {
  const valid = sampleOf(schema);
  const variants: Variant[] = [
    { label: 'a valid-looking body', value: valid },
    { label: 'an empty object', value: {} },
    ...wrongKinds(schema).map((variant) => ({ label: `the body as ${variant.label}`, value: variant.value })),
  ];
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0 && typeOf(schema) === 'object') {
    for (const breaker of limitBreakers({})) variants.push({ label: `the body holding ${breaker.label}`, value: { value: breaker.value } });
  }
  const base = (typeof valid === 'object' && valid !== null && !Array.isArray(valid) ? valid : {}) as Record<string, unknown>;
  for (const [name, property] of properties) {
    const without = { ...base };
    delete without[name];
    variants.push({ label: `${name} missing`, value: without });
    for (const wrong of wrongKinds(property)) variants.push({ label: `${name} as ${wrong.label}`, value: { ...base, [name]: wrong.value } });
    for (const breaker of limitBreakers(property)) variants.push({ label: `${name} as ${breaker.label}`, value: { ...base, [name]: breaker.value } });
  }
  variants.push({ label: 'an unknown extra property', value: { ...base, unexpectedField: 'x'.repeat(1000) } });
  return variants;
}

/** Raw request bodies that are not the JSON the route expects, with the content type sent. */
export const RAW_BODIES: readonly Variant<{ readonly text: string; readonly contentType: string | undefined }>[] = [
  { label: 'invalid JSON', value: { text: '{"a": ', contentType: 'application/json' } },
  { label: 'JSON with a __proto__ key', value: { text: '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}', contentType: 'application/json' } },
  { label: 'arrays nested 10,000 deep', value: { text: nestedArrayText(10_000), contentType: 'application/json' } },
  { label: 'a JSON body sent as text/plain', value: { text: '{"name": "x"}', contentType: 'text/plain' } },
  { label: 'a form body', value: { text: 'name=x&email=y', contentType: 'application/x-www-form-urlencoded' } },
  { label: 'an empty JSON body', value: { text: '', contentType: 'application/json' } },
  { label: 'a body over the 1 MiB limit', value: { text: JSON.stringify({ filler: 'z'.repeat(1_100_000) }), contentType: 'application/json' } },
  { label: 'a UTF-8 BOM before JSON', value: { text: '\ufeff{}', contentType: 'application/json' } },
  { label: 'JSON without a content type', value: { text: '{}', contentType: undefined } },
];

/** Path segments to try in place of a real id (already percent-encoded where needed). */
export const ID_VARIANTS: readonly Variant<string>[] = [
  { label: 'an unknown id', value: 'does-not-exist' },
  { label: 'a traversal', value: '..%2F..%2F..%2Fetc%2Fpasswd' },
  { label: 'a dot-dot segment', value: '..' },
  { label: 'a NUL byte', value: 'abc%00def' },
  { label: 'broken percent-encoding', value: '%E0%A4%A' },
  { label: 'a 5,000-character id', value: 'i'.repeat(5000) },
  { label: 'an emoji', value: '%F0%9F%98%80' },
  { label: 'a SQL fragment', value: "1'%20OR%20'1'%3D'1" },
  { label: 'a number out of range', value: '99999999999999999999999' },
  { label: 'a negative number', value: '-1' },
];

/** Query values to try for each query parameter. */
export const QUERY_VARIANTS: readonly Variant<string>[] = [
  { label: 'a word', value: 'abc' },
  { label: 'a huge number', value: '1e400' },
  { label: 'a negative number', value: '-5' },
  { label: 'a 10,000-character value', value: 'q'.repeat(10_000) },
  { label: 'an invalid date', value: '2026-13-45T99:99:99Z' },
  { label: 'a garbage cursor', value: 'Zm9vOmJhcjpiYXo' },
  { label: 'an empty value', value: '' },
];
