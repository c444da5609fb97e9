import { SandboxError } from '../sandbox-error.js';

/** `page` and `pageSize` (default 100, at most 500), checked. */
export function paging(query: URLSearchParams): { page: number; pageSize: number } {
  const number = (name: string, fallback: number, max: number): number => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new SandboxError(400, `The value '${raw}' is not valid for ${name}: use a whole number from 1 to ${max}.`, name);
    return Number(raw);
  };
  return { page: number('page', 1, 1_000_000), pageSize: number('pageSize', 100, 500) };
}

/** A date filter (`2024-10-01` or `2024-10-01 13:00:00`, read as UTC), as milliseconds. */
export function dateParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const time = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/.test(raw) ? Date.parse(`${raw.replace(' ', 'T')}${raw.length > 10 ? 'Z' : 'T00:00:00Z'}`) : Number.NaN;
  if (Number.isNaN(time)) throw new SandboxError(400, `The value '${raw}' is not valid for ${name}: use a date such as 2024-10-01 or 2024-10-01 13:00:00.`, name);
  return time;
}

/** Whether a ShipStation timestamp lies within optional bounds (an end date without time includes that whole day). */
export function within(value: string | null, start: number | undefined, end: number | undefined, endRaw: string | null): boolean {
  if (start === undefined && end === undefined) return true;
  if (value === null) return false;
  const time = instant(value);
  const until = end === undefined ? undefined : endRaw !== null && endRaw.length === 10 ? end + 86_400_000 - 1 : end;
  return (start === undefined || time >= start) && (until === undefined || time <= until);
}

/** One page of a list, in ShipStation's `{ <name>, total, page, pages }` form. */
export function pageOf<T>(items: readonly T[], page: number, pageSize: number): { items: T[]; total: number; page: number; pages: number } {
  return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length, page, pages: Math.ceil(items.length / pageSize) };
}

/** `sortDir`, checked. */
export function sortDirection(query: URLSearchParams): 1 | -1 {
  const raw = query.get('sortDir') ?? 'ASC';
  if (raw !== 'ASC' && raw !== 'DESC') throw new SandboxError(400, `The value '${raw}' is not valid for sortDir: use ASC or DESC.`, 'sortDir');
  return raw === 'ASC' ? 1 : -1;
}

/** A ShipStation timestamp (`2024-10-01T13:00:00.0000000`, or a date `2024-10-01`) as milliseconds, read as UTC. */
export function instant(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : `${value.slice(0, 19)}Z`);
}
