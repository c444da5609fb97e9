import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
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
  /** The statements of `authenticate`, which runs on every API request. */
  private readonly selectSession: Database.Statement;
  private readonly touchSession: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.selectSession = db.prepare('SELECT s.*, u.email, u.name AS user_name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?');
    this.touchSession = db.prepare('UPDATE sessions SET last_used_at = ? WHERE token_hash = ?');
  }

  /** The account with this email (compared without case), if any. */
  userByEmail(email: string): AuthUser | undefined {
    return this.db.prepare('SELECT id, email, name FROM users WHERE email = ?').get(email) as AuthUser | undefined;
  }

  /** The account with this id, if any. */
  userById(id: string): AuthUser | undefined {
    return this.db.prepare('SELECT id, email, name FROM users WHERE id = ?').get(id) as AuthUser | undefined;
  }

  /** Whether `password` is the user's password (false for an unknown user, after the same work). */
  async passwordMatches(userId: string, password: string): Promise<boolean> {
    const hash = this.db.prepare('SELECT password_hash FROM users WHERE id = ?').pluck().get(userId) as string | undefined;
    const valid = await verifyPassword(password, hash ?? (await DECOY_HASH));
    return hash !== undefined && valid;
  }

  /** Replaces the user's password hash (hash it first, outside any transaction). */
  setPasswordHash(userId: string, passwordHash: string): void {
    this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
  }

  /**
   * Ends the user's sessions, except the one with `keep` (the caller's own), and with
   * `personalTokens` their personal API tokens too; answers how many were revoked.
   */
  revokeCredentials(userId: string, options: { keep?: string; personalTokens: boolean }): number {
    const kinds = options.personalTokens ? "('session', 'personal')" : "('session')";
    return this.db
      .prepare(`UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND kind IN ${kinds} AND token_hash != ?`)
      .run(Date.now(), userId, options.keep ?? '').changes;
  }

  /** The account if the credentials are right, or undefined (after the same work for an unknown email and a wrong password). */
  async checkCredentials(email: string, password: string): Promise<AuthUser | undefined> {
    const user = this.db.prepare('SELECT id, email, name, password_hash FROM users WHERE email = ?').get(email) as
      | { id: string; email: string; name: string; password_hash: string }
      | undefined;
    const valid = await verifyPassword(password, user?.password_hash ?? (await DECOY_HASH));
    return user && valid ? { id: user.id, email: user.email, name: user.name } : undefined;
  }

  /** Opens a session for a person whose identity was checked (password or single sign-on). */
  openSession(user: AuthUser, method: SignInMethod, origin: SessionOrigin): NewSession {
    const { token, hash } = newToken('fgs');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = Date.now();
    this.db.transaction(() => {
      this.db
        .prepare("DELETE FROM sessions WHERE user_id = ? AND kind = 'session' AND (revoked_at < ? OR expires_at < ?)")
        .run(user.id, now - ENDED_SESSION_KEPT_MS, now - ENDED_SESSION_KEPT_MS);
      this.db
        .prepare('INSERT INTO sessions (token_hash, user_id, kind, csrf_token, created_at, expires_at, method, user_agent, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(hash, user.id, 'session', csrfToken, now, now + SESSION_TTL_MS, method, origin.userAgent, origin.address);
    })();
    return { token, csrfToken, user };
  }

  /** The person's live sessions, the most recently used first. */
  listSessions(userId: string, currentTokenHash: string): SessionView[] {
    const rows = this.db
      .prepare(
        `SELECT token_hash, method, user_agent, address, created_at, last_used_at, expires_at FROM sessions
         WHERE user_id = ? AND kind = 'session' AND revoked_at IS NULL AND expires_at > ? ORDER BY COALESCE(last_used_at, created_at) DESC`,
      )
      .all(userId, Date.now()) as { token_hash: string; method: SignInMethod | null; user_agent: string | null; address: string | null; created_at: number; last_used_at: number | null; expires_at: number }[];
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
  endSession(userId: string, id: string): boolean {
    return (
      this.db
        .prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND kind = 'session' AND revoked_at IS NULL AND substr(token_hash, 1, 16) = ?")
        .run(Date.now(), userId, id).changes > 0
    );
  }

  /** Who a token belongs to, if it is valid, not expired and not revoked. */
  authenticate(token: string): Authentication | undefined {
    const hash = hashToken(token);
    const row = this.selectSession.get(hash) as SessionRow | undefined;
    const now = Date.now();
    if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return undefined;
    if (row.last_used_at === null || now - row.last_used_at > 60_000) {
      this.touchSession.run(now, hash);
    }
    return {
      user: { id: row.user_id, email: row.email, name: row.user_name },
      tokenHash: hash,
      tokenKind: row.kind,
      csrfToken: row.csrf_token,
    };
  }

  /** Ends a session. */
  logout(tokenHash: string): void {
    this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(Date.now(), tokenHash);
  }

  /** A new personal API token for scripts; its value is shown once. */
  createPersonalToken(userId: string, name: string, expiresInDays: number | null): PersonalToken & { token: string } {
    const { token, hash } = newToken('fgp');
    const now = Date.now();
    const expiresAt = expiresInDays === null ? null : now + expiresInDays * 86_400_000;
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, kind, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(hash, userId, 'personal', name, now, expiresAt);
    return { id: tokenId(hash), name, token, createdAt: isoTime(now), lastUsedAt: null, expiresAt: isoTime(expiresAt) };
  }

  listPersonalTokens(userId: string): PersonalToken[] {
    const rows = this.db
      .prepare("SELECT token_hash, name, created_at, last_used_at, expires_at FROM sessions WHERE user_id = ? AND kind = 'personal' AND revoked_at IS NULL ORDER BY created_at")
      .all(userId) as { token_hash: string; name: string; created_at: number; last_used_at: number | null; expires_at: number | null }[];
    return rows.map((row) => ({
      id: tokenId(row.token_hash),
      name: row.name,
      createdAt: isoTime(row.created_at),
      lastUsedAt: isoTime(row.last_used_at),
      expiresAt: isoTime(row.expires_at),
    }));
  }

  /** Revokes one of the user's personal tokens; false when there is no such token. */
  revokePersonalToken(userId: string, id: string): boolean {
    const result = this.db
      .prepare(
        "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND kind = 'personal' AND revoked_at IS NULL AND substr(token_hash, 1, 16) = ?",
      )
      .run(Date.now(), userId, id);
    return result.changes > 0;
  }

  /** Creates a user (demo seeding, tests); the email must be new. */
  async createUser(email: string, name: string, password: string): Promise<AuthUser> {
    return this.insertUser(email, name, await hashPassword(password));
  }

  /** Creates a user with an already hashed password, synchronously (inside audited()); the email must be new. */
  insertUser(email: string, name: string, passwordHash: string): AuthUser {
    const id = randomBytes(12).toString('base64url');
    this.db.prepare('INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(id, email, name, passwordHash, Date.now());
    return { id, email, name };
  }
}

/** The id a session or personal token is listed under (the start of its hash; never the token). */
export function tokenId(hash: string): string {
  return hash.slice(0, 16);
}
