import type { z } from 'zod';
import { NodeExecutionError, type NodeExecute } from '../../runtime/definition/index.js';
import { applyCredential } from './credentials.js';
import {
  MAX_RESPONSE_BYTES,
  decodeText,
  headersObject,
  isJsonContentType,
  readBody,
  redact,
  retryAfterMs,
} from './response.js';
import { httpUrlProblem, type spec } from './spec.js';

type Config = z.output<typeof spec.config>;

/**
 * Secrets shorter than this are not scrubbed from responses: replacing every "ab" in a body would
 * mangle it, and a secret that short protects nothing anyway.
 */
const MIN_REDACTED_LENGTH = 4;

/** Sends the request through `ctx.http` and outputs `{ status, headers, body }`. */
export const execute: NodeExecute<Config> = async (ctx, config) => {
  const problem = httpUrlProblem(config.url);
  if (problem !== undefined) throw new NodeExecutionError(`the URL ${problem}`, { code: 'HTTP_INVALID_URL' });
  const url = new URL(config.url);
  // Errors and logs name the request without its query string, which may carry a key.
  const safeUrl = `${url.origin}${url.pathname}`;
  const target = `${config.method} ${safeUrl}`;
  for (const [name, value] of Object.entries(config.query)) url.searchParams.append(name, String(value));

  const headers = new Headers();
  for (const [name, value] of Object.entries(config.headers)) {
    try {
      headers.set(name, value);
    } catch {
      throw new NodeExecutionError(
        `the header "${name}" is not a valid header name, or its value has characters HTTP does not allow (such as line breaks)`,
        { code: 'HTTP_INVALID_HEADER' },
      );
    }
  }
  const secrets =
    config.credential === undefined ? [] : await applyCredential(ctx, config.credential, url, headers);
  const authorization = headers.get('authorization');
  if (authorization !== null) secrets.push(authorization, authorization.replace(/^\S+\s+/, ''));
  const redacted = secrets.filter((secret) => secret.length >= MIN_REDACTED_LENGTH);

  const body = requestBody(config, headers);
  headers.set('idempotency-key', ctx.idempotencyKey);

  const timeout = AbortSignal.timeout(config.timeoutMs);
  const started = ctx.clock.now().getTime();
  let response: Response;
  let bytes: Uint8Array | undefined;
  try {
    response = await ctx.http(url.href, {
      method: config.method,
      headers,
      body,
      signal: AbortSignal.any([ctx.signal, timeout]),
    });
    bytes = await readBody(response, MAX_RESPONSE_BYTES);
  } catch (error) {
    // The egress guard's refusals and redirect errors are step errors already, written to be shown.
    if (error instanceof NodeExecutionError) throw error;
    if (ctx.signal.aborted) {
      throw new NodeExecutionError(`${target} was aborted`, { code: 'ABORTED' });
    }
    if (timeout.aborted) {
      throw new NodeExecutionError(`${target} timed out after ${config.timeoutMs} ms`, {
        code: 'HTTP_TIMEOUT',
        retryable: true,
      });
    }
    throw new NodeExecutionError(`${target} failed: ${describeFailure(error, url.href, safeUrl, redacted)}`, {
      code: 'HTTP_NETWORK',
      retryable: true,
    });
  }
  const status = response.status;
  const durationMs = ctx.clock.now().getTime() - started;
  ctx.log.info('HTTP response', { method: config.method, url: safeUrl, status, durationMs });

  const responseHeaders = redact(headersObject(response.headers), redacted);
  const contentType = response.headers.get('content-type');
  if (status < 200 || status > 299) {
    const errorBody = bytes === undefined ? null : parseBody(bytes, contentType, config.responseType).value;
    throw new NodeExecutionError(`HTTP ${status} from ${target}`, {
      code: 'HTTP_STATUS',
      details: { status, headers: responseHeaders, body: redact(errorBody, redacted) },
      retryable: status === 408 || status === 429 || status >= 500,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after'), ctx.clock.now()),
    });
  }
  if (bytes === undefined) {
    throw new NodeExecutionError(
      `the response of ${target} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB, the most the HTTP node reads`,
      { code: 'HTTP_RESPONSE_TOO_LARGE' },
    );
  }
  const parsed = parseBody(bytes, contentType, config.responseType);
  if (parsed.notJson) {
    if (config.responseType === 'json') {
      throw new NodeExecutionError(`the response of ${target} is not valid JSON`, {
        code: 'HTTP_INVALID_JSON',
        details: { status, headers: responseHeaders, body: redact(parsed.value, redacted) },
      });
    }
    ctx.log.warn('the response says it is JSON but is not; its body is output as text', { url: safeUrl, status });
  }
  return { output: { status, headers: responseHeaders, body: redact(parsed.value, redacted) } };
};

/** The request body for the configured body type, setting a Content-Type unless one was given. */
function requestBody(config: Config, headers: Headers): string | undefined {
  switch (config.bodyType) {
    case 'none':
      return undefined;
    case 'json':
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return JSON.stringify(config.body ?? null);
    case 'text':
      if (!headers.has('content-type')) headers.set('content-type', 'text/plain; charset=utf-8');
      return typeof config.body === 'string' ? config.body : JSON.stringify(config.body ?? '');
  }
}

/**
 * The body as JSON when asked for or when the response says it is JSON, as text otherwise; an empty
 * JSON body is null. A body that should be JSON but is not comes back as text with `notJson` set.
 */
function parseBody(
  bytes: Uint8Array,
  contentType: string | null,
  responseType: Config['responseType'],
): { value: unknown; notJson: boolean } {
  const text = decodeText(bytes, contentType);
  const asJson = responseType === 'json' || (responseType === 'auto' && isJsonContentType(contentType));
  if (!asJson) return { value: text, notJson: false };
  if (text.trim() === '') return { value: null, notJson: false };
  try {
    return { value: JSON.parse(text) as unknown, notJson: false };
  } catch {
    return { value: text, notJson: true };
  }
}

/** Why fetch failed, from the error and its cause, without the query string or any secret. */
function describeFailure(error: unknown, href: string, safeUrl: string, secrets: readonly string[]): string {
  const reasons: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth++) {
    reasons.push(current.message);
    current = current.cause;
  }
  const text = reasons.join(': ').split(href).join(safeUrl);
  const scrubbed = redact(text, secrets);
  return typeof scrubbed === 'string' && scrubbed !== '' ? scrubbed : 'network error';
}
