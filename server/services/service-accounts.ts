import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { MAX_TOKENS_PER_ACCOUNT, type ServiceAccountScope, type serviceAccountSchema, type serviceAccountTokenSchema } from '../contract/service-accounts.js';
import { conflict, invalid, notFound } from '../domain/domain-error.js';
import { isoTime } from '../domain/iso-time.js';
import { hashToken, newToken } from '../security/tokens.js';

/** A service account as the API lists it. */
export type ServiceAccount = z.infer<typeof serviceAccountSchema>;
/** One of its tokens as listed (never the value). */
export type ServiceAccountToken = z.infer<typeof serviceAccountTokenSchema>;

/**
 * A service account calling the API: not a person. It has no user id, no membership, no session;
 * what it may do is its scopes, in its one workspace, on its workflows (`null`: all of them).
 */
export interface ServiceCaller {
  readonly accountId: string;
  readonly name: string;
  readonly tenantId: string;
  readonly scopes: readonly ServiceAccountScope[];
  readonly workflowIds: readonly string[] | null;
  readonly tokenId: string;
  readonly tokenHash: string;
}

/** A workspace has at most this many service accounts. */
const MAX_ACCOUNTS_PER_TENANT = 100;
const DAY_MS = 86_400_000;
/** last_used_at is written at most this often per token, so authentication does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

interface AccountRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  scopes: string;
  workflow_ids: string | null;
  created_at: number;
  disabled_at: number | null;
}

interface TokenRow {
  token_hash: string;
  id: string;
  account_id: string;
  hint: string;
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
}

/** What a create or update sets. */
export interface ServiceAccountFields {
  readonly name: string;
  readonly description: string;
  readonly scopes: readonly ServiceAccountScope[];
  readonly workflowIds: readonly string[] | null;
}

/**
 * A workspace's service accounts and their tokens. Token values exist only in the answer that
 * creates them; the table holds their SHA-256 and last four characters. Writes are synchronous so
 * routes wrap them in `audited()`.
 */
export class ServiceAccountService {
  private readonly selectCaller: Database.Statement;
  private readonly touchToken: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.selectCaller = db.prepare(`SELECT t.token_hash, t.id AS token_id, t.expires_at, t.last_used_at, a.id, a.tenant_id, a.name, a.scopes, a.workflow_ids
      FROM service_account_tokens t JOIN service_accounts a ON a.id = t.account_id
      WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL`);
    this.touchToken = db.prepare('UPDATE service_account_tokens SET last_used_at = ? WHERE token_hash = ?');
  }

  /** The caller behind an `fgsa_` token, if the token is live and its account enabled. */
  authenticate(token: string): ServiceCaller | undefined {
    const hash = hashToken(token);
    const row = this.selectCaller.get(hash) as
      | { token_hash: string; token_id: string; expires_at: number; last_used_at: number | null; id: string; tenant_id: string; name: string; scopes: string; workflow_ids: string | null }
      | undefined;
    const now = Date.now();
    if (!row || row.expires_at <= now) return undefined;
    if (row.last_used_at === null || now - row.last_used_at >= TOUCH_INTERVAL_MS) this.touchToken.run(now, hash);
    return {
      accountId: row.id,
      name: row.name,
      tenantId: row.tenant_id,
      scopes: JSON.parse(row.scopes) as ServiceAccountScope[],
      workflowIds: row.workflow_ids === null ? null : (JSON.parse(row.workflow_ids) as string[]),
      tokenId: row.token_id,
      tokenHash: hash,
    };
  }

  /** The workspace's service accounts, oldest first, with their live tokens. */
  list(tenantId: string): ServiceAccount[] {
    const rows = this.db.prepare('SELECT * FROM service_accounts WHERE tenant_id = ? ORDER BY created_at, id').all(tenantId) as AccountRow[];
    return rows.map((row) => this.present(row));
  }

  /** One account of the workspace; 404 for an id of another workspace. */
  get(tenantId: string, accountId: string): ServiceAccount {
    return this.present(this.row(tenantId, accountId));
  }

  /** The name of an account (for the audit log's actors), whichever workspace it belongs to. */
  nameOf(accountId: string): string | undefined {
    return this.db.prepare('SELECT name FROM service_accounts WHERE id = ?').pluck().get(accountId) as string | undefined;
  }

  /** Creates an account with its first token. */
  create(tenantId: string, createdBy: string, fields: ServiceAccountFields, expiresInDays: number): { account: ServiceAccount; token: ServiceAccountToken & { token: string } } {
    const count = this.db.prepare('SELECT count(*) FROM service_accounts WHERE tenant_id = ?').pluck().get(tenantId) as number;
    if (count >= MAX_ACCOUNTS_PER_TENANT) throw conflict(`a workspace has at most ${MAX_ACCOUNTS_PER_TENANT} service accounts; delete or reuse one`);
    this.assertNameFree(tenantId, fields.name, null);
    this.assertWorkflows(tenantId, fields.workflowIds);
    const id = `sa_${randomBytes(9).toString('base64url')}`;
    this.db
      .prepare('INSERT INTO service_accounts (id, tenant_id, name, description, scopes, workflow_ids, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, tenantId, fields.name, fields.description, JSON.stringify(fields.scopes), fields.workflowIds && JSON.stringify(fields.workflowIds), createdBy, Date.now());
    const token = this.createToken(tenantId, id, createdBy, expiresInDays);
    return { account: this.get(tenantId, id), token };
  }

  /** Changes name, description, scopes or workflows; the account's tokens carry the new scopes at once. */
  update(tenantId: string, accountId: string, fields: Partial<ServiceAccountFields>): ServiceAccount {
    const row = this.row(tenantId, accountId);
    if (fields.name !== undefined) this.assertNameFree(tenantId, fields.name, accountId);
    if (fields.workflowIds !== undefined) this.assertWorkflows(tenantId, fields.workflowIds);
    this.db
      .prepare('UPDATE service_accounts SET name = ?, description = ?, scopes = ?, workflow_ids = ? WHERE id = ?')
      .run(
        fields.name ?? row.name,
        fields.description ?? row.description,
        fields.scopes === undefined ? row.scopes : JSON.stringify(fields.scopes),
        fields.workflowIds === undefined ? row.workflow_ids : fields.workflowIds && JSON.stringify(fields.workflowIds),
        accountId,
      );
    return this.get(tenantId, accountId);
  }

  /** Disables (every token stops working at once) or enables the account again. */
  setDisabled(tenantId: string, accountId: string, disabled: boolean): ServiceAccount {
    this.row(tenantId, accountId);
    this.db.prepare('UPDATE service_accounts SET disabled_at = ? WHERE id = ?').run(disabled ? Date.now() : null, accountId);
    return this.get(tenantId, accountId);
  }

  /** A new token for the account; its value is answered here only. */
  createToken(tenantId: string, accountId: string, createdBy: string, expiresInDays: number): ServiceAccountToken & { token: string } {
    this.row(tenantId, accountId);
    const live = this.db.prepare('SELECT count(*) FROM service_account_tokens WHERE account_id = ? AND revoked_at IS NULL').pluck().get(accountId) as number;
    if (live >= MAX_TOKENS_PER_ACCOUNT) throw conflict(`a service account has at most ${MAX_TOKENS_PER_ACCOUNT} tokens; revoke one first`);
    const { token, hash } = newToken('fgsa');
    const now = Date.now();
    const id = `sat_${randomBytes(9).toString('base64url')}`;
    this.db
      .prepare('INSERT INTO service_account_tokens (token_hash, id, account_id, hint, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(hash, id, accountId, token.slice(-4), createdBy, now, now + expiresInDays * DAY_MS);
    const row = this.db.prepare('SELECT * FROM service_account_tokens WHERE token_hash = ?').get(hash) as TokenRow;
    return { ...presentToken(row, now), token };
  }

  /** Revokes one token of the account; 404 when it has no such live token. */
  revokeToken(tenantId: string, accountId: string, tokenId: string): ServiceAccountToken {
    this.row(tenantId, accountId);
    const row = this.db.prepare('SELECT * FROM service_account_tokens WHERE id = ? AND account_id = ? AND revoked_at IS NULL').get(tokenId, accountId) as TokenRow | undefined;
    if (!row) throw notFound('the token');
    this.db.prepare('UPDATE service_account_tokens SET revoked_at = ? WHERE token_hash = ?').run(Date.now(), row.token_hash);
    return presentToken(row, Date.now());
  }

  private row(tenantId: string, accountId: string): AccountRow {
    const row = this.db.prepare('SELECT * FROM service_accounts WHERE id = ? AND tenant_id = ?').get(accountId, tenantId) as AccountRow | undefined;
    if (!row) throw notFound('the service account');
    return row;
  }

  private assertNameFree(tenantId: string, name: string, exceptId: string | null): void {
    const taken = this.db.prepare('SELECT id FROM service_accounts WHERE tenant_id = ? AND name = ? AND id != ?').pluck().get(tenantId, name, exceptId ?? '');
    if (taken !== undefined) throw conflict(`the workspace already has a service account named "${name}"`);
  }

  /** Every listed workflow must be one of the workspace's (archived ones included: they can be restored). */
  private assertWorkflows(tenantId: string, workflowIds: readonly string[] | null): void {
    if (workflowIds === null) return;
    const exists = this.db.prepare('SELECT 1 FROM workflows WHERE tenant_id = ? AND id = ?').pluck();
    workflowIds.forEach((id, index) => {
      if (exists.get(tenantId, id) === undefined) {
        throw invalid(`the workspace has no workflow with id "${id}"`, [{ path: `body.workflowIds.${index}`, message: 'no such workflow in this workspace' }]);
      }
    });
  }

  private present(row: AccountRow): ServiceAccount {
    const now = Date.now();
    const tokens = (this.db.prepare('SELECT * FROM service_account_tokens WHERE account_id = ? AND revoked_at IS NULL ORDER BY created_at, id').all(row.id) as TokenRow[]).map(
      (token) => presentToken(token, now),
    );
    const ids = row.workflow_ids === null ? null : (JSON.parse(row.workflow_ids) as string[]);
    const name = this.db.prepare('SELECT name FROM workflows WHERE tenant_id = ? AND id = ?').pluck();
    // Revoked tokens count too: the account was used even if the token that did it is gone.
    const lastUsed = this.db.prepare('SELECT max(last_used_at) FROM service_account_tokens WHERE account_id = ?').pluck().get(row.id) as number | null;
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      scopes: JSON.parse(row.scopes) as ServiceAccountScope[],
      workflows: ids && ids.map((id) => ({ id, name: (name.get(row.tenant_id, id) as string | undefined) ?? id })),
      disabled: row.disabled_at !== null,
      createdAt: isoTime(row.created_at),
      tokens,
      lastUsedAt: isoTime(lastUsed),
    };
  }
}

function presentToken(row: TokenRow, now: number): ServiceAccountToken {
  return {
    id: row.id,
    hint: row.hint,
    createdAt: isoTime(row.created_at),
    expiresAt: isoTime(row.expires_at),
    lastUsedAt: isoTime(row.last_used_at),
    status: row.expires_at <= now ? 'expired' : 'active',
  };
}
