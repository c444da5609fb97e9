import { NodeExecutionError, type NodeContext } from '../../runtime/definition/index.js';
import { callApi, type ApiResponse, type ApiSystem } from '../connector-kit/client/api-client.js';
import { credentialFields } from '../connector-kit/client/credential-fields.js';
import { nextLink } from '../connector-kit/client/link-header.js';

/** The Admin REST API version the operations are written against. */
export const SHOPIFY_API_VERSION = '2024-10';

/** Shopify's error bodies: `{"errors": "Not Found"}`, `{"errors": {"field": ["message"]}}` or `{"errors": {"field": "message"}}`. */
function errorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return typeof body === 'string' && body.length < 500 ? body : undefined;
  const errors = (body as { errors?: unknown }).errors;
  if (typeof errors === 'string') return errors;
  if (typeof errors !== 'object' || errors === null) return undefined;
  return Object.entries(errors)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.map(String).join('; ') : String(value)}`)
    .join(', ');
}

const SHOPIFY: ApiSystem = { name: 'Shopify', errorMessage };

/** What every Shopify operation's config holds about the connection. */
export interface ShopifyConnection {
  readonly shopUrl: string;
  readonly credential: string;
}

/** A request of a Shopify operation, relative to the API base (`orders/1.json`). */
export interface ShopifyRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
}

/** The Admin API client of one step: authenticated by the `shopify` credential's access token. */
export interface ShopifyClient {
  /** Sends one request; writes carry the step's idempotency key. */
  request(request: ShopifyRequest): Promise<ApiResponse>;
  /** Every item under `root` of a list, following the `Link: rel="next"` pages, up to `max` items. */
  list(path: string, root: string, query: Readonly<Record<string, string | undefined>>, max: number): Promise<{ items: unknown[]; truncated: boolean }>;
}

/** The client for the shop of `connection`, its credential bound to the shop's host. */
export async function shopifyClient(ctx: NodeContext, connection: ShopifyConnection): Promise<ShopifyClient> {
  const base = new URL(`${connection.shopUrl.replace(/\/+$/, '')}/admin/api/${SHOPIFY_API_VERSION}/`);
  const { accessToken } = await credentialFields(ctx, connection.credential, base, 'shopify', ['accessToken']);
  const send = (method: ShopifyRequest['method'], url: URL, body?: unknown) => {
    const headers = new Headers({ 'x-shopify-access-token': accessToken });
    return callApi(ctx, SHOPIFY, { method, url, headers, json: body, idempotent: method !== 'GET', secrets: [accessToken] });
  };
  const withQuery = (path: string, query: Readonly<Record<string, string | undefined>> = {}): URL => {
    const url = new URL(path, base);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
    return url;
  };
  return {
    request: (request) => send(request.method, withQuery(request.path, request.query), request.body),
    async list(path, root, query, max) {
      const items: unknown[] = [];
      let url: URL | undefined = withQuery(path, { limit: '250', ...query });
      while (url !== undefined) {
        const page = await send('GET', url);
        const found = (page.body as Record<string, unknown> | null)?.[root];
        if (Array.isArray(found)) items.push(...(found as unknown[]));
        const next = nextLink(page.headers.get('link'));
        if (items.length > max || (items.length === max && next !== undefined)) return { items: items.slice(0, max), truncated: true };
        url = next === undefined ? undefined : new URL(next);
        // The next page must stay on the shop's API: a Link elsewhere would take the token along.
        if (url !== undefined && (url.origin !== base.origin || !url.pathname.startsWith(base.pathname))) {
          throw new NodeExecutionError(`Shopify's next page ${url.origin}${url.pathname} is not on the shop's API`, { code: 'API_BAD_PAGING' });
        }
      }
      return { items, truncated: false };
    },
  };
}
