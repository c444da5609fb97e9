import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { WebhookDedupe } from './webhook-dedupe.js';

/** How far a signed request's timestamp may be from our clock (Flowgate's and Stripe-style signatures). */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

/** The outcome of checking one request against one secret. */
export type SchemeVerdict = { readonly ok: true; readonly replayKey?: string } | { readonly ok: false; readonly reason: string };

/**
 * A way a sender proves it holds the webhook's secret. `replayKey` (schemes with a timestamp) is
 * claimed once, so a captured request cannot start a second run; schemes without a timestamp rely
 * on the sender's event id instead (`eventId`, deduplicated for 24 hours when the trigger names no
 * key of its own).
 */
interface SignatureScheme {
  verify(secret: string, header: (name: string) => string | undefined, body: Buffer, now: number): SchemeVerdict;
  readonly eventId?: WebhookDedupe;
}

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function hmac(secret: string, ...parts: (string | Buffer)[]): Buffer {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

function withinTolerance(seconds: string, now: number): boolean {
  const sentAt = Number(seconds) * 1000;
  return /^\d+$/.test(seconds) && Math.abs(now - sentAt) <= SIGNATURE_TOLERANCE_MS;
}

/** The schemes a webhook trigger's `auth` names. */
export const SIGNATURE_SCHEMES = {
  /** The secret itself in `X-Flowgate-Token`. */
  token: {
    verify: (secret, header) => {
      const token = header('x-flowgate-token');
      return token !== undefined && equal(token, secret) ? { ok: true } : { ok: false, reason: 'the X-Flowgate-Token header is missing or wrong' };
    },
  },
  /** Flowgate's: `sha256=` + hex HMAC-SHA256 of `<unix seconds>.<raw body>` in `X-Flowgate-Signature`, the seconds in `X-Flowgate-Timestamp`. */
  hmac: {
    verify: (secret, header, body, now) => {
      const timestamp = header('x-flowgate-timestamp');
      const signature = header('x-flowgate-signature');
      if (!timestamp || !signature) return { ok: false, reason: 'send X-Flowgate-Timestamp and X-Flowgate-Signature' };
      if (!withinTolerance(timestamp, now)) return { ok: false, reason: 'the timestamp is missing or more than five minutes off' };
      const expected = `sha256=${hmac(secret, `${timestamp}.`, body).toString('hex')}`;
      return equal(signature, expected) ? { ok: true, replayKey: signature } : { ok: false, reason: 'the signature does not match' };
    },
  },
  /** Shopify's: base64 HMAC-SHA256 of the raw body in `X-Shopify-Hmac-Sha256`; retries repeat `X-Shopify-Webhook-Id`. */
  shopify: {
    verify: (secret, header, body) => {
      const signature = header('x-shopify-hmac-sha256');
      if (!signature) return { ok: false, reason: 'send X-Shopify-Hmac-Sha256' };
      return equal(signature, hmac(secret, body).toString('base64')) ? { ok: true } : { ok: false, reason: 'the X-Shopify-Hmac-Sha256 signature does not match' };
    },
    eventId: { header: 'X-Shopify-Webhook-Id' },
  },
  /**
   * Stripe-style: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
   * (several v1 while the sender rolls its secret), the time within five minutes; the event's `id`
   * in the body is the same on retries.
   */
  stripe: {
    verify: (secret, header, body, now) => {
      const value = header('stripe-signature');
      if (!value) return { ok: false, reason: 'send Stripe-Signature' };
      const pairs = value.split(',').map((pair) => pair.trim().split('=', 2) as [string, string | undefined]);
      const timestamp = pairs.find(([name]) => name === 't')?.[1];
      const signatures = pairs.filter(([name, sent]) => name === 'v1' && sent !== undefined).map(([, sent]) => sent as string);
      if (!timestamp || signatures.length === 0) return { ok: false, reason: 'Stripe-Signature needs t=<unix seconds> and at least one v1=<signature>' };
      if (!withinTolerance(timestamp, now)) return { ok: false, reason: 'the Stripe-Signature time is more than five minutes off' };
      const expected = hmac(secret, `${timestamp}.`, body).toString('hex');
      const matched = signatures.find((sent) => equal(sent, expected));
      return matched ? { ok: true, replayKey: `stripe:${timestamp}.${matched}` } : { ok: false, reason: 'no v1 signature in Stripe-Signature matches' };
    },
    eventId: { bodyPath: 'id' },
  },
  /** GitHub-style: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`; retries repeat `X-GitHub-Delivery`. */
  github: {
    verify: (secret, header, body) => {
      const signature = header('x-hub-signature-256');
      if (!signature) return { ok: false, reason: 'send X-Hub-Signature-256' };
      return equal(signature, `sha256=${hmac(secret, body).toString('hex')}`) ? { ok: true } : { ok: false, reason: 'the X-Hub-Signature-256 signature does not match' };
    },
    eventId: { header: 'X-GitHub-Delivery' },
  },
} satisfies Record<string, SignatureScheme>;

/** A webhook trigger's authentication: one of {@link SIGNATURE_SCHEMES}. */
export type WebhookAuth = keyof typeof SIGNATURE_SCHEMES;

/** Where a scheme's sender repeats its event id on retries, used when the trigger names no key of its own. */
export function schemeEventId(auth: WebhookAuth): WebhookDedupe {
  const scheme: SignatureScheme = SIGNATURE_SCHEMES[auth];
  return scheme.eventId;
}

/** Reads a request header by its lowercase name (the first value when repeated). */
export function headerReader(headers: IncomingHttpHeaders): (name: string) => string | undefined {
  return (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
}
