import { createHash, randomBytes } from 'node:crypto';

/**
 * A new opaque token (`<prefix>_<43 random characters>`) and the hash it is stored under: `fgs`
 * sessions, `fgp` personal API tokens, `fgi` invitation links, `fgr` password reset links, `fgsa` service account tokens.
 */
export function newToken(prefix: 'fgs' | 'fgp' | 'fgi' | 'fgr' | 'fgsa'): { token: string; hash: string } {
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/** Tokens are stored only as their SHA-256, so a database leak reveals no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
