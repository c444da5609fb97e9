import { isObject, jsonObject, type JsonObject } from '../request-body.js';
import { SandboxError } from '../sandbox-error.js';
import type { SandboxRequest } from '../http-types.js';

/** The object under the body's root key (`{"order": {...}}`), or Shopify's 400 for a missing one. */
export function rootObject(request: SandboxRequest, root: string): JsonObject {
  const body = jsonObject(request);
  const value = body[root];
  if (!isObject(value)) throw new SandboxError(400, 'Required parameter missing or invalid', root);
  return value;
}

/** An integer field of a request object, or a 422 naming it. */
export function integerField(object: JsonObject, name: string, options: { required?: boolean; min?: number } = {}): number | undefined {
  const value = object[name];
  if (value === undefined || value === null) {
    if (options.required) throw new SandboxError(422, "can't be blank", name);
    return undefined;
  }
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw new SandboxError(422, `must be an integer, got ${JSON.stringify(value)}`, name);
  if (options.min !== undefined && number < options.min) throw new SandboxError(422, `must be greater than or equal to ${options.min}`, name);
  return number;
}

/** A money amount (number or decimal string) of a request object, or a 422 naming it. */
export function amountField(object: JsonObject, name: string): number | undefined {
  const value = object[name];
  if (value === undefined || value === null) return undefined;
  const amount = typeof value === 'string' && /^\d+(\.\d{1,2})?$/.test(value) ? Number(value) : value;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) throw new SandboxError(422, `must be a non-negative amount such as "10.00", got ${JSON.stringify(value)}`, name);
  return amount;
}

/** A list of objects in a request object (possibly empty), or a 422 naming it. */
export function objectList(object: JsonObject, name: string): JsonObject[] {
  const value = object[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isObject)) throw new SandboxError(422, 'must be a list of objects', name);
  return value;
}
