import { NodeExecutionError, type NodeContext } from '../../../runtime/definition/index.js';
import { MAX_RESPONSE_BYTES, decodeText, isJsonContentType, readBody, redact, retryAfterMs } from '../../connector.http/response.js';

/** Time one API request may take, reading the answer included, unless the request says otherwise. */
const REQUEST_TIMEOUT_MS = 30_000;

/** An external system as its connector's client calls it. */
export interface ApiSystem {
  /** The system's name in messages, e.g. "Shopify". */
  readonly name: string;
  /** The API's own error message in an error answer's body, if it has one. */
  errorMessage(body: unknown): string | undefined;
  /**
   * A header that says, in seconds, when to try again after a 429 that has no `Retry-After`
   * (ShipStation's `X-Rate-Limit-Reset`).
   */
  readonly retryAfterHeader?: string;
}

/** One request to an API. */
export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: URL;
  /** Authentication included; the client adds Accept, Content-Type and Idempotency-Key. */
  readonly headers: Headers;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  readonly form?: URLSearchParams;
  /** Whether to send the step's idempotency key (the API accepts one on this request). */
  readonly idempotent?: boolean;
  /** How messages name the request, when its path is itself a secret (an incoming webhook's); method and path otherwise. */
  readonly target?: string;
  /** Secret strings (tokens, passwords) to keep out of errors and outputs. */
  readonly secrets: readonly string[];
  /** Time the request may take, reading the answer included; 30 s when left out. */
  readonly timeoutMs?: number;
}

/** An answer in 200–299: its status, headers and body (JSON parsed, text otherwise, null when empty). */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** The codes of the errors {@link callApi} throws; docs/connectors.md lists them. */
export type ApiErrorCode =
  | 'API_RATE_LIMITED'
  | 'API_UNAVAILABLE'
  | 'API_UNAUTHORIZED'
  | 'API_NOT_FOUND'
  | 'API_REJECTED'
  | 'API_NETWORK'
  | 'API_TIMEOUT'
  | 'API_RESPONSE_TOO_LARGE';

/** The error code and retryability of an error status. */
function classify(status: number): { code: ApiErrorCode; retryable: boolean } {
  if (status === 429) return { code: 'API_RATE_LIMITED', retryable: true };
  if (status >= 500 || status === 408) return { code: 'API_UNAVAILABLE', retryable: true };
  if (status === 401 || status === 403) return { code: 'API_UNAUTHORIZED', retryable: false };
  if (status === 404) return { code: 'API_NOT_FOUND', retryable: false };
  return { code: 'API_REJECTED', retryable: false };
}

/**
 * Sends one request through the engine's HTTP (`ctx.http`, the egress guard) and answers the
 * parsed response. Throws a `NodeExecutionError` for anything else: 429 and 5xx (and network
 * failures and time-outs) retryable, honouring `Retry-After`; other 4xx not retryable, with the
 * API's own message. Secrets never appear in what it throws or answers.
 */
export async function callApi(ctx: NodeContext, system: ApiSystem, request: ApiRequest): Promise<ApiResponse> {
  const target = request.target ?? `${request.method} ${request.url.pathname}`;
  const headers = new Headers(request.headers);
  headers.set('accept', 'application/json');
  let body: string | undefined;
  if (request.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(request.json);
  } else if (request.form !== undefined) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = request.form.toString();
  }
  if (request.idempotent === true) headers.set('idempotency-key', ctx.idempotencyKey);
  const secrets = request.secrets.filter((secret) => secret.length >= 4);
  const timeoutMs = request.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let bytes: Uint8Array | undefined;
  try {
    response = await ctx.http(request.url.href, { method: request.method, headers, body, signal: AbortSignal.any([ctx.signal, timeout]) });
    bytes = await readBody(response, MAX_RESPONSE_BYTES);
  } catch (error) {
    // The egress guard's refusals are step errors already, written to be shown; a redirect's
    // names the URL's path, which may be a secret (an incoming webhook's).
    if (error instanceof NodeExecutionError) throw redactedError(error, secrets);
    if (ctx.signal.aborted) throw new NodeExecutionError(`${system.name}: ${target} was aborted`, { code: 'ABORTED' });
    if (timeout.aborted) {
      throw new NodeExecutionError(`${system.name} did not answer ${target} within ${timeoutMs / 1000} s`, { code: 'API_TIMEOUT', retryable: true });
    }
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : 'network error';
    throw new NodeExecutionError(`${system.name} could not be reached for ${target}: ${String(redact(reason, secrets))}`, { code: 'API_NETWORK', retryable: true });
  }
  const contentType = response.headers.get('content-type');
  const parsed = bytes === undefined ? null : parseBody(bytes, contentType);
  if (!response.ok) {
    const { code, retryable } = classify(response.status);
    const own = parsed === null ? undefined : system.errorMessage(parsed);
    const message = `${system.name} answered ${response.status} to ${target}${own ? `: ${own}` : ''}`;
    throw new NodeExecutionError(String(redact(message, secrets)), {
      code,
      retryable,
      retryAfterMs: retryAfterMs(retryAfterOf(system, response), ctx.clock.now()),
      details: { system: system.name, status: response.status, body: redact(parsed, secrets) },
    });
  }
  if (bytes === undefined) {
    throw new NodeExecutionError(`the answer of ${system.name} to ${target} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`, { code: 'API_RESPONSE_TOO_LARGE' });
  }
  return { status: response.status, headers: response.headers, body: redact(parsed, secrets) };
}

/** The error with the secrets taken out of its message and details. */
function redactedError(error: NodeExecutionError, secrets: readonly string[]): NodeExecutionError {
  if (!secrets.some((secret) => error.message.includes(secret) || JSON.stringify(error.details ?? null).includes(secret))) return error;
  return new NodeExecutionError(String(redact(error.message, secrets)), {
    code: error.code,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    details: redact(error.details, secrets),
  });
}

/** The answer's `Retry-After`, or for a 429 without one the system's own reset header. */
function retryAfterOf(system: ApiSystem, response: Response): string | null {
  const header = response.headers.get('retry-after');
  if (header !== null || response.status !== 429 || system.retryAfterHeader === undefined) return header;
  return response.headers.get(system.retryAfterHeader);
}

/** JSON when the answer says it is JSON (and is), text otherwise; an empty body is null. */
function parseBody(bytes: Uint8Array, contentType: string | null): unknown {
  const text = decodeText(bytes, contentType);
  if (text.trim() === '') return null;
  if (!isJsonContentType(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
