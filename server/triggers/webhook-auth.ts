import type { IncomingHttpHeaders } from 'node:http';
import type { ReplayGuard } from './replay-guard.js';
import { SIGNATURE_SCHEMES, headerReader, type SchemeVerdict, type WebhookAuth } from './signature-schemes.js';

/**
 * Checks a webhook request's credentials by the trigger's scheme (see {@link SIGNATURE_SCHEMES})
 * against each secret it accepts — the current one, and the previous one while a rotation's overlap
 * lasts. A signature with a timestamp starts a run once ({@link WebhookAuthenticator.claim},
 * recorded by the {@link ReplayGuard} across restarts), so a captured request cannot be replayed.
 */
export class WebhookAuthenticator {
  constructor(private readonly replays: ReplayGuard) {}

  /** The first secret's verdict that accepts the request, or the current secret's refusal. */
  verify(auth: WebhookAuth, secrets: readonly string[], headers: IncomingHttpHeaders, body: Buffer, now = Date.now()): SchemeVerdict {
    const header = headerReader(headers);
    let refusal: SchemeVerdict = { ok: false, reason: 'this webhook has no secret yet' };
    for (const [index, secret] of secrets.entries()) {
      const verdict = SIGNATURE_SCHEMES[auth].verify(secret, header, body, now);
      if (verdict.ok) return verdict;
      if (index === 0) refusal = verdict;
    }
    return refusal;
  }

  /**
   * Claims a verified signature's replay key before its request starts a run: false when it was
   * received before (a replay). A request answered from an earlier one's idempotency record starts
   * nothing and claims nothing. Resolves once the claim is durable.
   */
  claim(replayKey: string, now = Date.now()): Promise<boolean> {
    return this.replays.claim(replayKey, now);
  }
}
