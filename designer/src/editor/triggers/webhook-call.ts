/** The ways a webhook trigger authenticates requests (its `auth`; see the trigger spec). */
export const WEBHOOK_AUTHS = ['hmac', 'token', 'shopify', 'stripe', 'github'] as const;
export type WebhookAuth = (typeof WEBHOOK_AUTHS)[number];

/** A trigger config's `auth`, with the spec's default for anything else. */
export function webhookAuthOf(value: unknown): WebhookAuth {
  return WEBHOOK_AUTHS.find((auth) => auth === value) ?? 'hmac';
}

/** Whether the sender issues the signing secret itself (pasted into Flowgate) rather than taking Flowgate's. */
export function senderIssuesSecret(auth: WebhookAuth): boolean {
  return auth === 'shopify' || auth === 'stripe';
}

/** How a webhook trigger is called: its URL, method, authentication and, once issued, its secret. */
export interface WebhookCall {
  readonly url: string;
  readonly method: string;
  readonly auth: WebhookAuth;
  /** The secret just issued (shown once), or undefined for a placeholder. */
  readonly secret?: string;
}

/** What the example says in place of a secret that is not on screen. */
export const SECRET_PLACEHOLDER = 'whsec_paste-your-secret-here';

/** The example request body. */
const EXAMPLE_BODY = '{"example": true}';
/** A Stripe-style event: retries are recognised by its `id`. */
const STRIPE_EXAMPLE_BODY = '{"id": "evt_example", "type": "example"}';

/** The URL a webhook answers at: `/hooks/<tenant slug>/<path>` on the server's own origin; undefined without a path. */
export function webhookUrl(origin: string, tenantSlug: string, path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '') return undefined;
  return `${origin}/hooks/${encodeURIComponent(tenantSlug)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** A text as one shell word, in single quotes. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** `openssl` computing the hex (or base64) HMAC-SHA256 of what `printf` prints, with `$SECRET`. */
function hmacOf(printf: string, encoding: 'hex' | 'base64'): string {
  return encoding === 'hex'
    ? `$(printf ${printf} | openssl dgst -sha256 -hmac "$SECRET" | awk '{print $NF}')`
    : `$(printf ${printf} | openssl dgst -sha256 -hmac "$SECRET" -binary | base64)`;
}

/**
 * A bash example that calls the webhook as the server checks it, signed the way the sender signs:
 * `token`, the secret in `X-Flowgate-Token`; `hmac`, Flowgate's `X-Flowgate-Signature` over
 * `<unix seconds>.<raw body>` with `X-Flowgate-Timestamp`; `shopify`, the base64 HMAC of the body in
 * `X-Shopify-Hmac-Sha256` with an `X-Shopify-Webhook-Id`; `stripe`, `Stripe-Signature: t=…,v1=…`
 * over `<t>.<body>` (the body carries the event id); `github`, `X-Hub-Signature-256: sha256=…` with
 * an `X-GitHub-Delivery`. The body is sent byte for byte as signed (a GET sends none and signs the
 * empty body).
 */
export function curlExample(call: WebhookCall): string {
  const sendsBody = call.method !== 'GET';
  const body = sendsBody ? '"$BODY"' : "''";
  const lines = [`SECRET=${shellQuote(call.secret ?? SECRET_PLACEHOLDER)}`];
  if (sendsBody) lines.push(`BODY=${shellQuote(call.auth === 'stripe' ? STRIPE_EXAMPLE_BODY : EXAMPLE_BODY)}`);
  const request = [`curl -sS -X ${call.method} ${shellQuote(call.url)}`];
  switch (call.auth) {
    case 'token':
      request.push(`-H "X-Flowgate-Token: $SECRET"`);
      break;
    case 'hmac':
      lines.push('TIMESTAMP=$(date +%s)', `SIGNATURE=${hmacOf(`'%s.%s' "$TIMESTAMP" ${body}`, 'hex')}`);
      request.push('-H "X-Flowgate-Timestamp: $TIMESTAMP"', '-H "X-Flowgate-Signature: sha256=$SIGNATURE"');
      break;
    case 'shopify':
      lines.push(`SIGNATURE=${hmacOf(`'%s' ${body}`, 'base64')}`);
      request.push('-H "X-Shopify-Hmac-Sha256: $SIGNATURE"', '-H "X-Shopify-Webhook-Id: $(date +%s%N)"');
      break;
    case 'stripe':
      lines.push('TIMESTAMP=$(date +%s)', `SIGNATURE=${hmacOf(`'%s.%s' "$TIMESTAMP" ${body}`, 'hex')}`);
      request.push('-H "Stripe-Signature: t=$TIMESTAMP,v1=$SIGNATURE"');
      break;
    case 'github':
      lines.push(`SIGNATURE=${hmacOf(`'%s' ${body}`, 'hex')}`);
      request.push('-H "X-Hub-Signature-256: sha256=$SIGNATURE"', '-H "X-GitHub-Delivery: $(date +%s%N)"');
      break;
  }
  if (sendsBody) request.push(`-H 'Content-Type: application/json'`, '--data-binary "$BODY"');
  return [...lines, request.join(' \\\n  ')].join('\n');
}
