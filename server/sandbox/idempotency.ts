import { createHash } from 'node:crypto';
import type { Reply } from './http-types.js';

/** How many keys are kept for replays. */
const MAX_KEYS = 10_000;

/** A successful answer kept for replays of its key. */
interface Kept {
  readonly bodyHash: string;
  readonly reply: Reply;
}

/** What a request with an `Idempotency-Key` meets. */
export type IdempotencyLookup = { readonly kind: 'new' } | { readonly kind: 'replay'; readonly reply: Reply } | { readonly kind: 'mismatch' };

/**
 * Stripe's and Shopify's idempotency: the first successful answer to a key on a route is kept,
 * and a repeat of the same request answers it again without a second effect. A repeat with a
 * different body is refused; a request that failed had no effect and keeps no answer, so a retry
 * after a failure (or an injected fault) runs for real.
 */
export class IdempotencyCache {
  private kept = new Map<string, Kept>();

  lookup(scope: string, key: string, body: Buffer): IdempotencyLookup {
    const kept = this.kept.get(`${scope}\n${key}`);
    if (!kept) return { kind: 'new' };
    return kept.bodyHash === hash(body) ? { kind: 'replay', reply: kept.reply } : { kind: 'mismatch' };
  }

  keep(scope: string, key: string, body: Buffer, reply: Reply): void {
    this.kept.set(`${scope}\n${key}`, { bodyHash: hash(body), reply });
    // The oldest keys go first, as Stripe expires keys after a day: memory stays bounded.
    if (this.kept.size > MAX_KEYS) this.kept.delete(this.kept.keys().next().value as string);
  }

  clear(): void {
    this.kept = new Map();
  }
}

function hash(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
