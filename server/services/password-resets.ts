import type { SqlDatabase } from '../../runtime/store/index.js';
import type { AuthUser, SessionService } from '../auth/sessions.js';
import { DomainError } from '../domain/domain-error.js';
import { hashToken, newToken } from '../security/tokens.js';

/** How long a password reset link someone asked for themselves works. */
export const RESET_TTL_MS = 60 * 60_000;

/** How long a link an owner had sent to a member works: as long as an invitation, since they may not be at their desk. */
export const OWNER_RESET_TTL_MS = 72 * 60 * 60_000;

interface ResetRow {
  user_id: string;
  expires_at: number;
  used_at: number | null;
}

/**
 * Password reset links: single use, one hour, stored only as token hashes; asking again replaces
 * the earlier link. Setting the password through one ends every session and personal API token of
 * the account: a reset is how someone takes an account back, so nothing issued before survives it.
 */
export class PasswordResetService {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly sessions: SessionService,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A new reset link token for the user; earlier unused ones stop working. `requestedBy` is the
   * owner who had it sent (their link lasts {@link OWNER_RESET_TTL_MS}); none when the person asked.
   */
  async issue(userId: string, requestedBy?: string): Promise<{ token: string; expiresAt: number }> {
    const { token, hash } = newToken('fgr');
    const now = this.now();
    const expiresAt = now + (requestedBy === undefined ? RESET_TTL_MS : OWNER_RESET_TTL_MS);
    await this.sql.transaction(async () => {
      await this.sql.run('DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL', [userId]);
      await this.sql.run('INSERT INTO password_resets (token_hash, user_id, created_at, expires_at, requested_by) VALUES (?, ?, ?, ?, ?)', [
        hash,
        userId,
        now,
        expiresAt,
        requestedBy ?? null,
      ]);
    });
    return { token, expiresAt };
  }

  /** The account a reset link token is for; refused with 404 or 410 and a reason otherwise. */
  async check(token: string): Promise<{ user: AuthUser; expiresAt: number }> {
    const row = await this.sql.get<ResetRow>('SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = ?', [hashToken(token)]);
    const user = row && (await this.sessions.userById(row.user_id));
    if (!row || !user) throw new DomainError('not-found', 'INVALID_LINK', 'this password reset link is not valid; it may have been replaced by a newer one, so use the latest or ask for a new one');
    if (row.used_at !== null) throw new DomainError('gone', 'LINK_USED', 'this password reset link was already used; ask for a new one if you need to');
    if (row.expires_at <= this.now()) throw new DomainError('gone', 'LINK_EXPIRED', 'this password reset link has expired; ask for a new one');
    return { user, expiresAt: row.expires_at };
  }

  /**
   * Sets the new password (hashed before, outside the transaction) through the link, once: marks the
   * link used (a conditional update, so of two concurrent uses only one succeeds) and revokes the
   * account's sessions and personal API tokens. Call inside the change's transaction (audited()).
   */
  async complete(token: string, passwordHash: string): Promise<{ user: AuthUser; revoked: number }> {
    const { user } = await this.check(token);
    const used = await this.sql.run('UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL', [this.now(), hashToken(token)]);
    if (used === 0) throw new DomainError('gone', 'LINK_USED', 'this password reset link was already used; ask for a new one if you need to');
    await this.sessions.setPasswordHash(user.id, passwordHash);
    const revoked = await this.sessions.revokeCredentials(user.id, { personalTokens: true });
    return { user, revoked };
  }
}
