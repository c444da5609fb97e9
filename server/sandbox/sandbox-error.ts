/**
 * A refusal a sandbox route answers in the shape of the API it imitates: each API family turns it
 * into that API's own error body (Shopify's `{"errors": ...}`, Business Central's
 * `{"error": {"code", "message"}}`, ShipStation's `{"Message": ...}`, Slack's plain-text codes).
 */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  constructor(
    readonly status: number,
    message: string,
    /** The request field the problem is about, when there is one. */
    readonly field?: string,
    /** The API's own error code, when it has codes (Business Central, Slack). */
    readonly code?: string,
  ) {
    super(message);
  }
}
