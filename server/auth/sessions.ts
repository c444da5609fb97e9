import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from '../../runtime/store/index.js';
import { hashPassword, verifyPassword } from '../security/passwords.js';
import { hashToken, newToken } from '../security/tokens.js';
import { isoTime } from '../domain/iso-time.js';

/** A signed-in person. */
export interface AuthUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

/** Who is calling and how they proved it. */
export interface Authentication {
  readonly user: AuthUser;
  readonly tokenHash: string;
  readonly tokenKind: 'session' | 'personal';
  /** The session's CSRF token (cookie sessions must echo it on changes). */
  readonly csrfToken: string | null;
}

/** A personal API token as listed (never its value). */
export interface PersonalToken {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
}

/** Sessions last this long after sign-in. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Ended sessions are kept this long (the list shows only live ones), then deleted at the person's next sign-in. */
const ENDED_SESSION_KEPT_MS = 30 * 86_400_000;

/** How a session was signed in. */
export type SignInMethod = 'password' | 'sso';

/** Where a sign-in came from, as the person's session list shows it. */
export interface SessionOrigin {
  readonly userAgent: string | null;
  readonly address: string | null;
}

/** A new session: its token (shown once, also set as the cookie), its CSRF token and the user. */
export interface NewSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly user: AuthUser;
}

/** A live session as its person sees it (never its token). */
export interface SessionView {
  readonly id: string;
  readonly method: SignInMethod;
  readonly userAgent: string | null;
  readonly address: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string;
  /** The session this request came with. */
  readonly current: boolean;
}

/** A real hash to compare against when the email is unknown, so timing does not reveal accounts. */
const DECOY_HASH = hashPassword(randomBytes(16).toString('hex'));

interface SessionRow {
  token_hash: string;
  user_id: string;
  kind: 'session' | 'personal';
  name: string | null;
  csrf_token: string | null;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  email: string;
  user_name: string;
}

/**
 * Sign-in, sessions and personal API tokens. Only SHA-256 hashes of tokens are stored; passwords
 * are scrypt hashes. Session tokens work as bearer tokens and as the HttpOnly session cookie.
 */
export class SessionService {
  constructor(private readonly sql: SqlDatabase) {}

  /** The account with this email (compared without case: emails are stored, and looked up, in lower case), if any. */
  userByEmail(email: string): Promise<AuthUser | undefined> {
    return this.sql.get<AuthUser>('SELECT id, email, name FROM users WHERE email = ?', [email.toLowerCase()]);
  }

  /** The account with this id, if any. */
  userById(id: string): Promise<AuthUser | undefined> {
    return this.sql.get<AuthUser>('SELECT id, email, name FROM users WHERE id = ?', [id]);
  }

  /** Whether `password` is the user's password (false for an unknown user, after the same work). */
  async passwordMatches(userId: string, password: string): Promise<boolean> {
    const row = await this.sql.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', [userId]);
    const valid = await verifyPassword(password, row?.password_hash ?? (await DECOY_HASH));
    return row !== undefined && valid;
  }

  /** Replaces the user's password hash (hash it first, outside any transaction). */
  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.sql.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, userId]);
  }

  /**
   * Ends the user's sessions, except the one with `keep` (the caller's own), and with
   * `personalTokens` their personal API tokens too; answers how many were revoked.
   */
  revokeCredentials(userId: string, options: { keep?: string; personalTokens: boolean }): Promise<number> {
    const kinds = options.personalTokens ? "('session', 'personal')" : "('session')";
    return this.sql.run(`UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND kind IN ${kinds} AND token_hash != ?`, [
      Date.now(),
      userId,
      options.keep ?? '',
    ]);
  }

  /**
   * The account if the credentials are right, or undefined (after the same work for an unknown
   * email and a wrong password). The email is compared in lower case, as it is stored.
   */
  async checkCredentials(email: string, password: string): Promise<AuthUser | undefined> {
    const user = await this.sql.get<{ id: string; email: string; name: string; password_hash: string }>('SELECT id, email, name, password_hash FROM users WHERE email = ?', [email.toLowerCase()]);
    const valid = await verifyPassword(password, user?.password_hash ?? (await DECOY_HASH));
    return user && valid ? { id: user.id, email: user.email, name: user.name } : undefined;
  }

  /**
   * Opens a session for a person whose identity was checked (password or single sign-on), and
   * deletes the person's sessions that ended long ago, in one transaction. The token is new and
   * random, so concurrent sign-ins of one person each insert their own row.
   */
  async openSession(user: AuthUser, method: SignInMethod, origin: SessionOrigin): Promise<NewSession> {
    const { token, hash } = newToken('fgs');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = Date.now();
    await this.sql.transaction(async () => {
      await this.sql.run("DELETE FROM sessions WHERE user_id = ? AND kind = 'session' AND (revoked_at < ? OR expires_at < ?)", [
        user.id,
        now - ENDED_SESSION_KEPT_MS,
        now - ENDED_SESSION_KEPT_MS,
      ]);
      await this.sql.run(
        'INSERT INTO sessions (token_hash, user_id, kind, csrf_token, created_at, expires_at, method, user_agent, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [hash, user.id, 'session', csrfToken, now, now + SESSION_TTL_MS, method, origin.userAgent, origin.address],
      );
    });
    return { token, csrfToken, user };
  }

  /** The person's live sessions, the most recently used first. */
  async listSessions(userId: string, currentTokenHash: string): Promise<SessionView[]> {
    const rows = await this.sql.all<{ token_hash: string; method: SignInMethod | null; user_agent: string | null; address: string | null; created_at: number; last_used_at: number | null; expires_at: number }>(
      `SELECT token_hash, method, user_agent, address, created_at, last_used_at, expires_at FROM sessions
       WHERE user_id = ? AND kind = 'session' AND revoked_at IS NULL AND expires_at > ? ORDER BY COALESCE(last_used_at, created_at) DESC`,
      [userId, Date.now()],
    );
    return rows.map((row) => ({
      id: tokenId(row.token_hash),
      // Sessions opened before sign-in methods were recorded were all password sign-ins.
      method: row.method ?? 'password',
      userAgent: row.user_agent,
      address: row.address,
      createdAt: isoTime(row.created_at) ?? '',
      lastUsedAt: isoTime(row.last_used_at),
      expiresAt: isoTime(row.expires_at) ?? '',
      current: row.token_hash === currentTokenHash,
    }));
  }

  /** Ends one of the person's live sessions; false when there is no such session. */
  async endSession(userId: string, id: string): Promise<boolean> {
    const ended = await this.sql.run("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND kind = 'session' AND revoked_at IS NULL AND substr(token_hash, 1, 16) = ?", [
      Date.now(),
      userId,
      id,
    ]);
    return ended > 0;
  }

  /**
   * Who a token belongs to, if it is valid, not expired and not revoked. Runs on every API request:
   * one query, and a second write at most once a minute per session.
   */
  async authenticate(token: string): Promise<Authentication | undefined> {
    const hash = hashToken(token);
    const row = await this.sql.get<SessionRow>('SELECT s.*, u.email, u.name AS user_name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?', [hash]);
    const now = Date.now();
    if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return undefined;
    if (row.last_used_at === null || now - row.last_used_at > 60_000) {
      await this.sql.run('UPDATE sessions SET last_used_at = ? WHERE token_hash = ?', [now, hash]);
    }
    return {
      user: { id: row.user_id, email: row.email, name: row.user_name },
      tokenHash: hash,
      tokenKind: row.kind,
      csrfToken: row.csrf_token,
    };
  }

  /** Ends a session. */
  async logout(tokenHash: string): Promise<void> {
    await this.sql.run('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL', [Date.now(), tokenHash]);
  }

  /** A new personal API token for scripts; its value is shown once. */
  async createPersonalToken(userId: string, name: string, expiresInDays: number | null): Promise<PersonalToken & { token: string }> {
    const { token, hash } = newToken('fgp');
    const now = Date.now();
    const expiresAt = expiresInDays === null ? null : now + expiresInDays * 86_400_000;
    await this.sql.run('INSERT INTO sessions (token_hash, user_id, kind, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', [hash, userId, 'personal', name, now, expiresAt]);
    return { id: tokenId(hash), name, token, createdAt: isoTime(now), lastUsedAt: null, expiresAt: isoTime(expiresAt) };
  }

  /** The user's live personal API tokens, oldest first. */
  async listPersonalTokens(userId: string): Promise<PersonalToken[]> {
    const rows = await this.sql.all<{ token_hash: string; name: string; created_at: number; last_used_at: number | null; expires_at: number | null }>(
      "SELECT token_hash, name, created_at, last_used_at, expires_at FROM sessions WHERE user_id = ? AND kind = 'personal' AND revoked_at IS NULL ORDER BY created_at",
      [userId],
    );
    return rows.map((row) => ({
      id: tokenId(row.token_hash),
      name: row.name,
      createdAt: isoTime(row.created_at),
      lastUsedAt: isoTime(row.last_used_at),
      expiresAt: isoTime(row.expires_at),
    }));
  }

  /** Revokes one of the user's personal tokens; false when there is no such token. */
  async revokePersonalToken(userId: string, id: string): Promise<boolean> {
    const revoked = await this.sql.run("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND kind = 'personal' AND revoked_at IS NULL AND substr(token_hash, 1, 16) = ?", [
      Date.now(),
      userId,
      id,
    ]);
    return revoked > 0;
  }

  /** Creates a user (demo seeding, tests); the email must be new. */
  async createUser(email: string, name: string, password: string): Promise<AuthUser> {
    return this.insertUser(email, name, await hashPassword(password));
  }

  /**
   * Creates a user with an already hashed password (inside a transaction if the caller has one);
   * the email must be new. It is stored in lower case, so lookups compare with `=` on both engines.
   */
  async insertUser(email: string, name: string, passwordHash: string): Promise<AuthUser> {
    const id = randomBytes(12).toString('base64url');
    const stored = email.toLowerCase();
    await this.sql.run('INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)', [id, stored, name, passwordHash, Date.now()]);
    return { id, email: stored, name };
  }
}

/** The id a session or personal token is listed under (the start of its hash; never the token). */
export function tokenId(hash: string): string {
  return hash.slice(0, 16);
}
