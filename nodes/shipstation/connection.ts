import type { NodeContext } from '../../runtime/definition/index.js';
import { callApi, type ApiResponse, type ApiSystem } from '../connector-kit/client/api-client.js';
import { credentialFields } from '../connector-kit/client/credential-fields.js';

/**
 * ShipStation's error bodies: `{"Message": "...", "ExceptionMessage": "..."}`, and for invalid
 * requests `{"Message": "The request is invalid.", "ModelState": {"field": ["..."]}}`.
 */
function errorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return typeof body === 'string' && body.length < 500 ? body : undefined;
  const { Message, ExceptionMessage, ModelState } = body as { Message?: unknown; ExceptionMessage?: unknown; ModelState?: unknown };
  const parts: string[] = [];
  if (typeof Message === 'string') parts.push(Message);
  if (typeof ExceptionMessage === 'string' && ExceptionMessage !== Message) parts.push(ExceptionMessage);
  if (typeof ModelState === 'object' && ModelState !== null) {
    for (const [name, value] of Object.entries(ModelState)) parts.push(`${name}: ${Array.isArray(value) ? value.map(String).join('; ') : String(value)}`);
  }
  return parts.length === 0 ? undefined : parts.join(' ');
}

/** ShipStation's 429 says when the window resets in X-Rate-Limit-Reset (seconds), not always in Retry-After. */
const SHIPSTATION: ApiSystem = { name: 'ShipStation', errorMessage, retryAfterHeader: 'x-rate-limit-reset' };

/** What every ShipStation operation's config holds about the connection. */
export interface ShipStationConnection {
  readonly apiUrl: string;
  readonly credential: string;
}

/** A request of a ShipStation operation, relative to the API base (`orders/212001042`). */
export interface ShipStationRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
}

/** The API v1 client of one step: HTTP Basic with the API key and secret. */
export interface ShipStationClient {
  /** Sends one request; writes carry the step's idempotency key. */
  request(request: ShipStationRequest): Promise<ApiResponse>;
  /** Every item under `root` of a list, following `page` up to `pages`, `pageSize` a page, up to `max` items. */
  list(path: string, root: string, query: Readonly<Record<string, string | undefined>>, limits: { max: number; pageSize: number }): Promise<{ items: unknown[]; truncated: boolean }>;
}

/** The client for the API at `connection.apiUrl`, its credential bound to that host. */
export async function shipStationClient(ctx: NodeContext, connection: ShipStationConnection): Promise<ShipStationClient> {
  const base = new URL(`${connection.apiUrl.replace(/\/+$/, '')}/`);
  const { username, password } = await credentialFields(ctx, connection.credential, base, 'basic', ['username', 'password']);
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const send = (request: ShipStationRequest): Promise<ApiResponse> => {
    const url = new URL(request.path, base);
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
    const headers = new Headers({ authorization });
    return callApi(ctx, SHIPSTATION, { method: request.method, url, headers, json: request.body, idempotent: request.method !== 'GET', secrets: [password, authorization.slice(6)] });
  };
  return {
    request: send,
    async list(path, root, query, { max, pageSize }) {
      const items: unknown[] = [];
      for (let page = 1; ; page++) {
        const answer = (await send({ method: 'GET', path, query: { ...query, page: String(page), pageSize: String(pageSize) } })).body as Record<string, unknown> | null;
        const found = answer?.[root];
        const pageItems = Array.isArray(found) ? (found as unknown[]) : [];
        items.push(...pageItems);
        const pages = typeof answer?.pages === 'number' ? answer.pages : page;
        const more = page < pages && pageItems.length > 0;
        if (items.length > max || (items.length === max && more)) return { items: items.slice(0, max), truncated: true };
        if (!more) return { items, truncated: false };
      }
    },
  };
}
