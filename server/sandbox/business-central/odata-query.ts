import { SandboxError } from '../sandbox-error.js';
import type { BcRow } from './bc-types.js';
import { entity as entityDefinition, type BcValue, type EntityDefinition } from './entities.js';
import { etagOf } from './etag.js';
import { compileFilter, ordering } from './odata-filter.js';

/** Rows per page without a `Prefer: odata.maxpagesize` (small, so clients meet `@odata.nextLink`). */
export const DEFAULT_PAGE_SIZE = 20;
const MAX_PREFERRED_PAGE_SIZE = 1000;

const SUPPORTED_OPTIONS = new Set(['$filter', '$top', '$skip', '$orderby', '$select', '$expand', '$count', '$skiptoken', 'company', 'tenant']);

/** The query options of a request, checked against the entity set. */
export interface QueryOptions {
  readonly filter?: string;
  readonly top?: number;
  readonly skip: number;
  readonly orderBy: readonly { field: string; descending: boolean }[];
  readonly select?: readonly string[];
  readonly expand?: string;
  readonly count: boolean;
  /** Rows already served by earlier pages. */
  readonly offset: number;
}

function notAProperty(name: string, definition: EntityDefinition): SandboxError {
  return new SandboxError(400, `Could not find a property named '${name}' on type 'Microsoft.NAV.${definition.typeName}'.`, undefined, 'BadRequest');
}

function nonNegative(query: URLSearchParams, option: '$top' | '$skip'): number | undefined {
  const raw = query.get(option);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw new SandboxError(400, `Invalid value '${raw}' for ${option} query option found. The ${option} query option requires a non-negative integer value.`, undefined, 'BadRequest');
  return Number(raw);
}

/** Reads and checks `$filter`, `$top`, `$skip`, `$orderby`, `$select`, `$expand`, `$count` and `$skiptoken`. */
export function queryOptions(query: URLSearchParams, definition: EntityDefinition): QueryOptions {
  for (const name of query.keys()) {
    if (name.startsWith('$') && !SUPPORTED_OPTIONS.has(name)) throw new SandboxError(400, `The query parameter '${name}' is not supported.`, undefined, 'BadRequest');
  }
  const orderBy = (query.get('$orderby') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [field = '', direction = 'asc', ...extra] = part.split(/\s+/);
      if (!definition.fields[field]) throw notAProperty(field, definition);
      if (extra.length > 0 || !['asc', 'desc'].includes(direction.toLowerCase())) throw new SandboxError(400, `Syntax error at position ${part.length} in '${part}'.`, undefined, 'BadRequest');
      return { field, descending: direction.toLowerCase() === 'desc' };
    });
  const select = query.get('$select')?.split(',').map((field) => field.trim());
  for (const field of select ?? []) if (!definition.fields[field]) throw notAProperty(field, definition);
  const expand = query.get('$expand')?.trim();
  if (expand !== undefined && expand !== definition.lines) throw notAProperty(expand, definition);
  const count = query.get('$count');
  if (count !== null && count !== 'true' && count !== 'false') throw new SandboxError(400, `'${count}' is not a valid count option.`, undefined, 'BadRequest');
  const token = query.get('$skiptoken');
  let offset = 0;
  if (token !== null) {
    const decoded = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isSafeInteger(decoded) || decoded < 0) throw new SandboxError(400, 'The skip token is not valid.', undefined, 'BadRequest');
    offset = decoded;
  }
  return { filter: query.get('$filter') ?? undefined, top: nonNegative(query, '$top'), skip: nonNegative(query, '$skip') ?? 0, orderBy, select, expand, count: count === 'true', offset };
}

/** The page size a request asks for with `Prefer: odata.maxpagesize=N`, else the default. */
export function pageSize(prefer: string | undefined): { size: number; applied: boolean } {
  const match = /odata\.maxpagesize=(\d+)/.exec(prefer ?? '');
  if (!match) return { size: DEFAULT_PAGE_SIZE, applied: false };
  return { size: Math.min(Math.max(Number(match[1]), 1), MAX_PREFERRED_PAGE_SIZE), applied: true };
}

/** A record as the API answers it: `@odata.etag` first, then the selected fields (all by default). */
export function present(row: BcRow, select?: readonly string[]): Record<string, BcValue> {
  const fields = select ? Object.fromEntries(select.map((field) => [field, row.data[field] as BcValue])) : row.data;
  return { '@odata.etag': etagOf(row), ...fields };
}

/** One page of a list, with what the answer needs around it. */
export interface ListPage {
  readonly rows: BcRow[];
  readonly count: number;
  /** The offset of the next page, when there is one. */
  readonly nextOffset?: number;
}

/** Filters, orders, skips, limits and pages the rows of a set (ordered by `defaultOrder` unless `$orderby` says otherwise). */
export function listRows(rows: readonly BcRow[], definition: EntityDefinition, options: QueryOptions, size: number): ListPage {
  const predicate = options.filter === undefined ? undefined : compileFilter(options.filter, definition);
  const filtered = predicate ? rows.filter((row) => predicate(row.data)) : [...rows];
  const order = options.orderBy.length > 0 ? options.orderBy : [{ field: definition.defaultOrder, descending: false }];
  filtered.sort((a, b) => {
    for (const { field, descending } of order) {
      const result = ordering(a.data[field] as BcValue, b.data[field] as BcValue, definition.fields[field] ?? 'string');
      if (result !== 0) return descending ? -result : result;
    }
    return 0;
  });
  const end = options.top === undefined ? filtered.length : Math.min(filtered.length, options.skip + options.top);
  const selected = filtered.slice(options.skip, end);
  const rowsOnPage = selected.slice(options.offset, options.offset + size);
  const nextOffset = options.offset + size < selected.length ? options.offset + size : undefined;
  return { rows: rowsOnPage, count: filtered.length, nextOffset };
}

/** The `@odata.nextLink` of a page: the same request with a `$skiptoken`. */
export function nextLink(url: string, query: URLSearchParams, offset: number): string {
  const params = new URLSearchParams(query);
  params.set('$skiptoken', Buffer.from(String(offset)).toString('base64url'));
  return `${url}?${params.toString().replace(/%24/g, '$')}`;
}

/** The lines set of a document set, checked to exist. */
export function linesDefinition(definition: EntityDefinition): EntityDefinition | undefined {
  return definition.lines ? entityDefinition(definition.api, definition.lines) : undefined;
}
