import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReplayGuard } from './replay-guard.js';

/** How far a signed request's timestamp may be from our clock. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The signature a sender computes: `sha256=` + hex HMAC-SHA256 of `<timestamp>.<raw body>`. */
function webhookSignature(secret: string, timestamp: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/**
 * Checks a webhook request's credentials. `token`: the secret in `X-Flowgate-Token`. `hmac`: a
 * signature over the timestamp and the raw body in `X-Flowgate-Signature` with the timestamp
 * (Unix seconds) in `X-Flowgate-Timestamp`, which must be within five minutes, and each signature
 * starts a run once ({@link WebhookAuthenticator.claim}, recorded by the {@link ReplayGuard} across
 * restarts), so a captured request cannot be replayed.
 */
export class WebhookAuthenticator {
  constructor(private readonly replays: ReplayGuard) {}

  /** Checks the token, or the signature and its timestamp; a valid signature is answered for {@link claim}. */
  verify(
    mode: 'token' | 'hmac',
    secret: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    now = Date.now(),
  ): { ok: true; signature?: string } | { ok: false; reason: string } {
    const header = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    if (mode === 'token') {
      const token = header('x-flowgate-token');
      return token !== undefined && equal(token, secret) ? { ok: true } : { ok: false, reason: 'the X-Flowgate-Token header is missing or wrong' };
    }
    const timestamp = header('x-flowgate-timestamp');
    const signature = header('x-flowgate-signature');
    if (!timestamp || !signature) return { ok: false, reason: 'send X-Flowgate-Timestamp and X-Flowgate-Signature' };
    const sentAt = Number(timestamp) * 1000;
    if (!Number.isFinite(sentAt) || Math.abs(now - sentAt) > SIGNATURE_TOLERANCE_MS) return { ok: false, reason: 'the timestamp is missing or more than five minutes off' };
    if (!equal(signature, webhookSignature(secret, timestamp, body))) return { ok: false, reason: 'the signature does not match' };
    return { ok: true, signature };
  }

  /**
   * Claims a verified signature before its request starts a run: false when it was received before
   * (a replay). A request answered from an earlier one's idempotency record starts nothing and
   * claims nothing.
   */
  claim(signature: string, now = Date.now()): boolean {
    return this.replays.claim(signature, now);
  }
}
