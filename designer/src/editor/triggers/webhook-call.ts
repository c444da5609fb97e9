/** How a webhook trigger is called: its URL, method, authentication and, once issued, its secret. */
export interface WebhookCall {
  readonly url: string;
  readonly method: string;
  readonly auth: 'hmac' | 'token';
  /** The secret just issued (shown once), or undefined for a placeholder. */
  readonly secret?: string;
}

/** What the example says in place of a secret that is not on screen. */
export const SECRET_PLACEHOLDER = 'whsec_paste-your-secret-here';

/** The example request body. */
const EXAMPLE_BODY = '{"example": true}';

/** The URL a webhook answers at: `/hooks/<tenant slug>/<path>` on the server's own origin; undefined without a path. */
export function webhookUrl(origin: string, tenantSlug: string, path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '') return undefined;
  return `${origin}/hooks/${encodeURIComponent(tenantSlug)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** A text as one shell word, in single quotes. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A bash example that calls the webhook as the server checks it: with `token`, the secret in
 * `X-Flowgate-Token`; with `hmac`, `sha256=` and the hex HMAC-SHA256 of `<unix seconds>.<raw
 * body>` in `X-Flowgate-Signature`, the seconds in `X-Flowgate-Timestamp`, the body sent byte for
 * byte as signed (a GET sends none and signs the empty body).
 */
export function curlExample(call: WebhookCall): string {
  const sendsBody = call.method !== 'GET';
  const lines = [`SECRET=${shellQuote(call.secret ?? SECRET_PLACEHOLDER)}`];
  if (sendsBody) lines.push(`BODY=${shellQuote(EXAMPLE_BODY)}`);
  const request = [`curl -sS -X ${call.method} ${shellQuote(call.url)}`];
  if (call.auth === 'token') {
    request.push(`-H "X-Flowgate-Token: $SECRET"`);
  } else {
    lines.push('TIMESTAMP=$(date +%s)');
    lines.push(`SIGNATURE=$(printf '%s.%s' "$TIMESTAMP" ${sendsBody ? '"$BODY"' : "''"} | openssl dgst -sha256 -hmac "$SECRET" | awk '{print $NF}')`);
    request.push('-H "X-Flowgate-Timestamp: $TIMESTAMP"', '-H "X-Flowgate-Signature: sha256=$SIGNATURE"');
  }
  if (sendsBody) request.push(`-H 'Content-Type: application/json'`, '--data-binary "$BODY"');
  return [...lines, request.join(' \\\n  ')].join('\n');
}
