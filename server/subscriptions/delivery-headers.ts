import { createHmac } from 'node:crypto';

/** What identifies one attempt of a delivery. */
export interface SignedAttempt {
  readonly secret: string;
  readonly eventType: string;
  readonly deliveryId: string;
  /** The attempt's time, epoch milliseconds. */
  readonly at: number;
  /** The exact JSON body posted. */
  readonly body: string;
}

/**
 * The headers of a delivery, signed the way Flowgate's inbound `hmac` webhook scheme checks: the
 * unix seconds in `X-Flowgate-Timestamp` and `sha256=` + hex HMAC-SHA256 of `<seconds>.<body>` in
 * `X-Flowgate-Signature`, so one Flowgate's webhook trigger can receive another's events.
 */
export function deliveryHeaders(attempt: SignedAttempt): Record<string, string> {
  const timestamp = String(Math.floor(attempt.at / 1000));
  const signature = createHmac('sha256', attempt.secret).update(`${timestamp}.`).update(attempt.body).digest('hex');
  return {
    'content-type': 'application/json',
    'user-agent': 'Flowgate',
    'x-flowgate-event': attempt.eventType,
    'x-flowgate-delivery': attempt.deliveryId,
    'x-flowgate-timestamp': timestamp,
    'x-flowgate-signature': `sha256=${signature}`,
  };
}
