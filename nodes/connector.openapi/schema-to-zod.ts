import { z } from 'zod';
import { jsonValue } from '../../runtime/definition/index.js';

/** Deeper schemas are taken as any JSON: forms and checks stop there. */
const MAX_DEPTH = 12;

type Schema = Record<string, unknown>;

/**
 * A zod schema for the values a JSON Schema of an OpenAPI document (3.0 or 3.1) accepts: types,
 * enums and const, nullable (3.0's `nullable`, 3.1's `"null"` type), string lengths, number
 * bounds, integers, arrays, objects with required properties, and unions (`oneOf`/`anyOf`).
 * `pattern` is left out on purpose: a regular expression from a document could take forever to
 * match. Anything it does not model (and the marker where a recursive schema was cut) accepts any
 * JSON. The result only checks data: nothing in the schema is executed.
 */
export function schemaToZod(schema: unknown, depth = 0): z.ZodType {
  if (schema === false) return z.never();
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema) || depth > MAX_DEPTH) return jsonValue;
  const node = schema as Schema;
  const base = withoutNull(node, depth);
  const nullable = node.nullable === true || (Array.isArray(node.type) && node.type.includes('null'));
  const described = typeof node.description === 'string' ? base.describe(node.description.slice(0, 500)) : base;
  return nullable ? described.nullable() : described;
}

function withoutNull(node: Schema, depth: number): z.ZodType {
  if ('const' in node) return literal(node.const);
  if (Array.isArray(node.enum) && node.enum.length > 0) {
    const values = node.enum.filter((value) => value !== null);
    if (values.every((value) => typeof value === 'string')) return z.enum(values as [string, ...string[]]);
    return values.length === 1 ? literal(values[0]) : z.union(values.map(literal) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  }
  const options = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : undefined;
  if (options && options.length > 0) {
    const schemas = options.map((option) => schemaToZod(option, depth + 1));
    return schemas.length === 1 ? (schemas[0] as z.ZodType) : z.union(schemas as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  }
  if (Array.isArray(node.allOf) && node.allOf.every((part) => typeof part === 'object' && part !== null && (part as Schema).properties !== undefined)) {
    const parts = node.allOf as Schema[];
    return objectSchema(
      {
        properties: Object.assign({}, ...parts.map((part) => part.properties)) as Schema,
        required: parts.flatMap((part): unknown[] => (Array.isArray(part.required) ? (part.required as unknown[]) : [])),
      },
      depth,
    );
  }
  const types = (Array.isArray(node.type) ? node.type : [node.type]).filter((type) => type !== 'null' && type !== undefined);
  if (types.length !== 1) return types.length === 0 && node.properties !== undefined ? objectSchema(node, depth) : jsonValue;
  switch (types[0]) {
    case 'string': {
      let text = z.string();
      if (typeof node.minLength === 'number') text = text.min(node.minLength);
      if (typeof node.maxLength === 'number') text = text.max(node.maxLength);
      return text;
    }
    case 'integer':
    case 'number': {
      let number = types[0] === 'integer' ? z.number().int() : z.number();
      if (typeof node.minimum === 'number') number = node.exclusiveMinimum === true ? number.gt(node.minimum) : number.min(node.minimum);
      if (typeof node.maximum === 'number') number = node.exclusiveMaximum === true ? number.lt(node.maximum) : number.max(node.maximum);
      if (typeof node.exclusiveMinimum === 'number') number = number.gt(node.exclusiveMinimum);
      if (typeof node.exclusiveMaximum === 'number') number = number.lt(node.exclusiveMaximum);
      return number;
    }
    case 'boolean':
      return z.boolean();
    case 'array': {
      let list = z.array(schemaToZod(node.items ?? {}, depth + 1));
      if (typeof node.minItems === 'number') list = list.min(node.minItems);
      if (typeof node.maxItems === 'number') list = list.max(node.maxItems);
      return list;
    }
    case 'object':
      return objectSchema(node, depth);
    default:
      return jsonValue;
  }
}

function objectSchema(node: Schema, depth: number): z.ZodType {
  const properties = typeof node.properties === 'object' && node.properties !== null ? (node.properties as Schema) : {};
  const required = new Set(Array.isArray(node.required) ? node.required.filter((name): name is string => typeof name === 'string') : []);
  const keys = Object.keys(properties);
  if (keys.length === 0) {
    const extra = node.additionalProperties;
    return z.record(z.string(), typeof extra === 'object' && extra !== null ? schemaToZod(extra, depth + 1) : jsonValue);
  }
  const shape: Record<string, z.ZodType> = {};
  for (const key of keys) {
    const property = schemaToZod(properties[key], depth + 1);
    Object.defineProperty(shape, key, { value: required.has(key) ? property : property.optional(), enumerable: true });
  }
  return node.additionalProperties === false ? z.strictObject(shape) : z.looseObject(shape);
}

function literal(value: unknown): z.ZodType {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? z.literal(value) : jsonValue;
}
