import { SandboxError } from '../sandbox-error.js';

/** Shopify's page size bounds: 50 by default, at most 250. */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 250;

/** `limit`, checked. */
export function limitParam(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > MAX_LIMIT) throw new SandboxError(400, `must be a whole number from 1 to ${MAX_LIMIT}, got "${raw}"`, 'limit');
  return limit;
}

/** A comma-separated list of ids (`ids`, `inventory_item_ids`), checked; undefined when absent. */
export function idsParam(query: URLSearchParams, name: string, max = MAX_LIMIT): number[] | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const parts = raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0 || parts.some((part) => !/^\d{1,16}$/.test(part))) throw new SandboxError(400, `must be a comma-separated list of numeric ids, got "${raw}"`, name);
  if (parts.length > max) throw new SandboxError(422, `can list at most ${max} ids, got ${parts.length}`, name);
  return parts.map(Number);
}

/** An ISO 8601 date-time parameter (`created_at_min`), as milliseconds; undefined when absent. */
export function timeParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const time = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(time)) throw new SandboxError(400, `must be an ISO 8601 date-time such as 2024-10-01T00:00:00-04:00, got "${raw}"`, name);
  return time;
}

/** One of a fixed set of values; the default when absent. */
export function choiceParam<T extends string>(query: URLSearchParams, name: string, choices: readonly T[], fallback: T): T {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw new SandboxError(400, `must be one of ${choices.join(', ')}, got "${raw}"`, name);
  return raw as T;
}

/** A numeric path id; Shopify answers 404 for anything else. */
export function pathId(raw: string | undefined): number {
  if (raw === undefined || !/^\d{1,16}$/.test(raw)) throw new SandboxError(404, 'Not Found');
  return Number(raw);
}

/** Keeps only the fields named by `fields` (comma-separated top-level names), as Shopify does. */
export function pickFields<T extends object>(object: T, query: URLSearchParams): Partial<T> | T {
  const raw = query.get('fields');
  if (raw === null || raw.trim() === '') return object;
  const wanted = new Set(raw.split(',').map((field) => field.trim()));
  return Object.fromEntries(Object.entries(object).filter(([key]) => wanted.has(key))) as Partial<T>;
}
