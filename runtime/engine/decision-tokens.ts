import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../expressions/index.js';

/** What a signed decision link is bound to. */
export interface DecisionClaims {
  readonly tenantId: string;
  readonly runId: string;
  readonly nodeId: string;
  readonly taskId: string;
  readonly approverId: string;
  /** Epoch ms after which the link no longer works. */
  readonly expiresAt: number;
  /** Unique per link; a used link cannot decide again. */
  readonly tokenId: string;
}

const claimsSchema = z.strictObject({
  tenantId: z.string().min(1),
  runId: z.string().min(1),
  nodeId: z.string().min(1),
  taskId: z.string().min(1),
  approverId: z.string().min(1),
  expiresAt: z.number().int().positive(),
  tokenId: z.string().min(1),
});

/** Why a decision link was refused. */
export class DecisionTokenError extends Error {
  override readonly name = 'DecisionTokenError';
  constructor(
    readonly reason: 'malformed' | 'signature' | 'expired',
    message: string,
  ) {
    super(message);
  }
}

function signature(key: Uint8Array, canonical: string): Buffer {
  return createHmac('sha256', key).update(canonical).digest();
}

/** Creates a signed decision link token: base64url(canonical claims) "." base64url(HMAC-SHA256). */
export function signDecisionToken(key: Uint8Array, claims: Omit<DecisionClaims, 'tokenId'>): string {
  const canonical = canonicalJson({ ...claims, tokenId: randomUUID() });
  return `${Buffer.from(canonical).toString('base64url')}.${signature(key, canonical).toString('base64url')}`;
}

/**
 * Verifies a decision link token. The payload is parsed, checked for exactly the expected claims
 * and re-serialised canonically before the signature is compared (in constant time), so the
 * signature always covers the very claims that are acted on; then expiry is checked.
 */
export function verifyDecisionToken(key: Uint8Array, token: string, now: number): DecisionClaims {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new DecisionTokenError('malformed', 'the decision link is malformed');
  let claims: DecisionClaims;
  try {
    claims = claimsSchema.parse(JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')));
  } catch {
    throw new DecisionTokenError('malformed', 'the decision link is malformed');
  }
  const expected = signature(key, canonicalJson(claims));
  const given = Buffer.from(parts[1], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new DecisionTokenError('signature', 'the decision link is not valid');
  }
  if (claims.expiresAt <= now) throw new DecisionTokenError('expired', 'the decision link has expired');
  return claims;
}
