import type { IncomingMessage } from 'node:http';
import { DomainError } from '../domain/domain-error.js';
import { idempotencyKeySchema } from '../http/idempotency.js';

/** Where a webhook trigger reads the id a sender repeats on retries (`dedupe` in its config). */
export type WebhookDedupe = { readonly header?: string; readonly bodyPath?: string } | undefined;

/**
 * The idempotency key of a webhook request: the trigger's dedupe value (a header, or a field of the
 * parsed body), or else the `Idempotency-Key` header; undefined when the request has neither (it is
 * then accepted without deduplication). Each source is its own namespace, so an id from one can
 * never match an id from the other. A value that cannot be a key answers 400.
 */
export function webhookIdempotencyKey(dedupe: WebhookDedupe, headers: IncomingMessage['headers'], input: unknown): string | undefined {
  if (dedupe?.header !== undefined) {
    const name = dedupe.header.toLowerCase();
    const value = firstValue(headers[name]);
    if (value !== undefined) return `header:${name}:${checked(value, `the ${dedupe.header} header (this webhook's dedupe key)`)}`;
  }
  if (dedupe?.bodyPath !== undefined) {
    const value = atPath(input, dedupe.bodyPath);
    if (typeof value === 'string' || typeof value === 'number') {
      return `body:${dedupe.bodyPath}:${checked(String(value), `the body field "${dedupe.bodyPath}" (this webhook's dedupe key)`)}`;
    }
    if (value !== undefined && value !== null) {
      throw new DomainError('malformed', 'INVALID_IDEMPOTENCY_KEY', `the body field "${dedupe.bodyPath}" (this webhook's dedupe key) must be a text or a number, not ${Array.isArray(value) ? 'an array' : typeof value}`);
    }
  }
  const header = firstValue(headers['idempotency-key']);
  return header === undefined ? undefined : `idempotency-key:${checked(header, 'the Idempotency-Key header')}`;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function checked(value: string, what: string): string {
  const result = idempotencyKeySchema.safeParse(value);
  if (!result.success) throw new DomainError('malformed', 'INVALID_IDEMPOTENCY_KEY', `${what} ${result.error.issues[0]?.message ?? 'is not a valid key'}`);
  return result.data;
}

/** The value at a dotted path of plain JSON data, through own properties only. */
function atPath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
