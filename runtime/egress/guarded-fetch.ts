import { fetch as undiciFetch, type Dispatcher, type RequestInit as UndiciRequestInit } from 'undici';
import { NodeExecutionError, type HttpClient } from '../definition/index.js';

/** Redirects followed for one request before giving up. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * Request headers kept when a redirect leads to another origin. Everything else is dropped:
 * Authorization, Proxy-Authorization, Cookie, an API key in a header of any name, custom headers.
 */
const CROSS_ORIGIN_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-language',
  'content-type',
  'idempotency-key',
  'user-agent',
]);

/** Headers that describe a body, dropped with it when a redirect turns the request into a GET. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

/**
 * A `fetch` over the guarded dispatcher that follows redirects itself: at most `maxRedirects`
 * hops, each one connected through the guard (so every hop's address is checked), only to http:
 * and https:, and with credential-carrying headers dropped on a hop to another origin. A refused
 * connection rejects with the guard's `EGRESS_BLOCKED` step error rather than a network error.
 * `redirect: 'manual'` returns the redirect response, `redirect: 'error'` rejects on one.
 */
export function guardedFetch(dispatcher: Dispatcher, maxRedirects = MAX_REDIRECTS): HttpClient {
  return async (input, init) => {
    let url = new URL(input);
    let method = (init.method ?? 'GET').toUpperCase();
    let headers = new Headers(init.headers);
    let body = init.body ?? null;
    for (let hop = 0; ; hop++) {
      const response = await send(dispatcher, url, { ...init, method, headers, body });
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null || init.redirect === 'manual') return response;
      await response.body?.cancel();
      const from = `${url.origin}${url.pathname}`;
      if (init.redirect === 'error') throw redirectError(`${from} redirected, and this request does not follow redirects`);
      if (hop >= maxRedirects) throw redirectError(`${from} redirected more than ${maxRedirects} times in a row`);
      const next = nextUrl(location, url, from);
      if ((response.status === 303 && method !== 'GET' && method !== 'HEAD') || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = null;
        for (const name of BODY_HEADERS) headers.delete(name);
      } else if (body !== null && !replayable(body)) {
        throw redirectError(`${from} answered ${response.status}, which asks to send the body again, and this body was a stream`);
      }
      if (next.origin !== url.origin) headers = crossOriginHeaders(headers);
      url = next;
    }
  };
}

async function send(dispatcher: Dispatcher, url: URL, init: RequestInit): Promise<Response> {
  try {
    return await undiciFetch(url, { ...undiciInit(init), redirect: 'manual', dispatcher });
  } catch (error) {
    throw guardError(error) ?? error;
  }
}

/**
 * The init for undici's fetch. It is the same WHATWG shape; the declaration files of the undici
 * package and of the copy Node bundles (@types/node) differ only in details such as FormData's
 * iterator helpers.
 */
function undiciInit(init: RequestInit): UndiciRequestInit {
  return init as UndiciRequestInit;
}

/** The guard's refusal inside a fetch failure (undici wraps connector errors as their `cause`). */
function guardError(error: unknown): NodeExecutionError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current instanceof NodeExecutionError) return current;
    current = current.cause;
  }
  return undefined;
}

function nextUrl(location: string, base: URL, from: string): URL {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch {
    throw redirectError(`${from} redirected to an invalid URL`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') throw redirectError(`${from} redirected to a ${next.protocol} URL; only http: and https: are followed`);
  if (next.username !== '' || next.password !== '') throw redirectError(`${from} redirected to a URL with a user name or password, which is not followed`);
  return next;
}

function crossOriginHeaders(headers: Headers): Headers {
  const kept = new Headers();
  headers.forEach((value, name) => {
    if (CROSS_ORIGIN_HEADERS.has(name)) kept.set(name, value);
  });
  return kept;
}

/** Whether a body can be sent a second time (not a one-shot stream). */
function replayable(body: NonNullable<RequestInit['body']>): boolean {
  return !(body instanceof ReadableStream) && !(typeof body === 'object' && Symbol.asyncIterator in body);
}

function redirectError(message: string): NodeExecutionError {
  return new NodeExecutionError(message, { code: 'HTTP_REDIRECT', retryable: false });
}
