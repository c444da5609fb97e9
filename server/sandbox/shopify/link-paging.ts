import { SandboxError } from '../sandbox-error.js';

/** What a `page_info` cursor holds: the list's filters and where the page starts. */
interface Cursor {
  /** The filter parameters of the first request. */
  readonly q: Record<string, string>;
  /** The key of the item the page continues after (next) or before (previous). */
  readonly k: number;
  readonly d: 'next' | 'previous';
}

/** The parameters allowed beside `page_info`: Shopify refuses any filter there. */
const CURSOR_COMPANIONS = new Set(['page_info', 'limit', 'fields']);

/**
 * The filters of a list request: the query itself on a first page, the ones a `page_info` cursor
 * carries on later pages (where Shopify refuses other filters).
 */
export function listFilters(query: URLSearchParams): { filters: URLSearchParams; cursor?: Cursor } {
  const token = query.get('page_info');
  if (token === null) return { filters: query };
  const extra = [...query.keys()].filter((key) => !CURSOR_COMPANIONS.has(key));
  if (extra.length > 0) throw new SandboxError(400, `cannot be combined with ${extra.join(', ')}: a page_info cursor carries the filters of the first page`, 'page_info');
  let cursor: Cursor;
  try {
    cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw new SandboxError(400, 'Invalid value.', 'page_info');
  }
  const filtersValid = typeof cursor?.q === 'object' && cursor.q !== null && !Array.isArray(cursor.q) && Object.values(cursor.q).every((value) => typeof value === 'string');
  if (typeof cursor !== 'object' || cursor === null || typeof cursor.k !== 'number' || (cursor.d !== 'next' && cursor.d !== 'previous') || !filtersValid) {
    throw new SandboxError(400, 'Invalid value.', 'page_info');
  }
  return { filters: new URLSearchParams(cursor.q), cursor };
}

/** One page of a list and its `Link` header (absent when there is no other page). */
export interface Page<T> {
  readonly items: T[];
  readonly link?: string;
}

/**
 * Cursor paging exactly like Shopify's REST API: `items` are the filtered list in its order,
 * `key` gives each a unique number; the answer carries
 * `Link: <url?limit=..&page_info=..>; rel="previous", <url?..>; rel="next"`.
 */
export function paginate<T>(items: readonly T[], key: (item: T) => number, query: URLSearchParams, limit: number, url: string): Page<T> {
  const { filters, cursor } = listFilters(query);
  let start = 0;
  if (cursor) {
    const at = items.findIndex((item) => key(item) === cursor.k);
    if (at === -1) throw new SandboxError(400, 'Invalid value: the page it points to no longer exists.', 'page_info');
    start = cursor.d === 'next' ? at + 1 : Math.max(0, at - limit);
  }
  const end = cursor?.d === 'previous' ? items.findIndex((item) => key(item) === cursor.k) : start + limit;
  const page = items.slice(start, end);
  const links: string[] = [];
  const first = page[0];
  const last = page[page.length - 1];
  const carried = Object.fromEntries([...filters].filter(([name]) => !CURSOR_COMPANIONS.has(name)));
  const linkTo = (anchor: T, direction: Cursor['d']): string => {
    const params = new URLSearchParams();
    if (query.get('limit') !== null) params.set('limit', String(limit));
    if (query.get('fields') !== null) params.set('fields', query.get('fields') as string);
    params.set('page_info', Buffer.from(JSON.stringify({ q: carried, k: key(anchor), d: direction } satisfies Cursor)).toString('base64url'));
    return `<${url}?${params.toString()}>; rel="${direction}"`;
  };
  if (first !== undefined && start > 0) links.push(linkTo(first, 'previous'));
  if (last !== undefined && end < items.length) links.push(linkTo(last, 'next'));
  return { items: page, link: links.length > 0 ? links.join(', ') : undefined };
}
