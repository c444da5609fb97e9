import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxError } from './sandbox-error.js';
import type { SandboxState } from './state.js';

/** The systems the sandbox stands in for, as records and calls name them. */
export type SystemName = 'shopify' | 'business-central' | 'shipstation' | 'slack' | 'teams' | 'smtp' | 'sandbox';

/** A request as a route sees it: the body is read, the path parameters are decoded. */
export interface SandboxRequest {
  readonly method: string;
  /** The path as received, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly params: Readonly<Record<string, string>>;
}

/** An answer of a route. */
export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
  /** What the effect record shows besides the request (a message's text, a created id). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** What routes read and change. */
export interface SandboxContext {
  /** The current data; replaced as a whole by a reset, so read it on every request. */
  readonly state: SandboxState;
  /** The sandbox's clock. */
  now(): Date;
  /** Where the sandbox listens, e.g. `http://127.0.0.1:4010`, for links it writes into answers. */
  readonly baseUrl: string;
  /** Seconds a Business Central access token stays valid. */
  readonly tokenTtlSeconds: number;
}

/** One endpoint of an imitated API. */
export interface Route {
  readonly method: string;
  /** `/shopify/admin/api/2024-10/orders/:id.json`: `:name` is one segment, `*name` the rest of the path. */
  readonly pattern: string;
  /** Recorded as an effect when it answers 2xx: an API change or a chat message. */
  readonly effect?: 'api' | 'message';
  /** Served without the family's authentication (an OAuth token endpoint). */
  readonly anonymous?: boolean;
  handle(request: SandboxRequest, context: SandboxContext): Reply;
}

/** An imitated API: its address prefix, its routes, how it authenticates and how it refuses. */
export interface ApiFamily {
  readonly system: SystemName;
  /** Path prefix, with the trailing slash: `/shopify/`. */
  readonly prefix: string;
  readonly routes: readonly Route[];
  /** Headers on every answer of the API (e.g. Shopify's `X-Shopify-API-Version`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Throws a {@link SandboxError} (401/403) when the request lacks valid credentials. */
  authenticate?(request: SandboxRequest, context: SandboxContext): void;
  /** The API's own error answer. */
  error(error: SandboxError): Reply;
  /** Headers the API adds to a 429 besides `Retry-After`. */
  throttleHeaders?(retryAfterSeconds: number): Record<string, string>;
}

/** A JSON answer. */
export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}, detail?: Record<string, unknown>): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body), detail };
}

/** A plain-text answer. */
export function textReply(status: number, text: string, headers: Record<string, string> = {}, detail?: Record<string, unknown>): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: text, detail };
}
