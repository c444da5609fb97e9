import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { MAX_TOKENS_PER_ACCOUNT, type ServiceAccountScope, type serviceAccountSchema, type serviceAccountTokenSchema } from '../contract/service-accounts.js';
import type { SqlDatabase } from '../../runtime/store/index.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { conflict, invalid, notFound, type DomainError } from '../domain/domain-error.js';
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
 * creates them; the table holds their SHA-256 and last four characters. Names are kept as typed and
 * unique per workspace without case (`lower(name)`, as PostgreSQL's unique index has it). Writes
 * join the caller's transaction (routes wrap them in `audited()`).
 */
export class ServiceAccountService {
  constructor(private readonly sql: SqlDatabase) {}

  /** The caller behind an `fgsa_` token, if the token is live and its account enabled. */
  async authenticate(token: string): Promise<ServiceCaller | undefined> {
    const hash = hashToken(token);
    const row = await this.sql.get<{
      token_hash: string;
      token_id: string;
      expires_at: number;
      last_used_at: number | null;
      id: string;
      tenant_id: string;
      name: string;
      scopes: string;
      workflow_ids: string | null;
    }>(
      `SELECT t.token_hash, t.id AS token_id, t.expires_at, t.last_used_at, a.id, a.tenant_id, a.name, a.scopes, a.workflow_ids
       FROM service_account_tokens t JOIN service_accounts a ON a.id = t.account_id
       WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL`,
      [hash],
    );
    const now = Date.now();
    if (!row || row.expires_at <= now) return undefined;
    if (row.last_used_at === null || now - row.last_used_at >= TOUCH_INTERVAL_MS) await this.sql.run('UPDATE service_account_tokens SET last_used_at = ? WHERE token_hash = ?', [now, hash]);
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
  async list(tenantId: string): Promise<ServiceAccount[]> {
    const rows = await this.sql.all<AccountRow>('SELECT * FROM service_accounts WHERE tenant_id = ? ORDER BY created_at, id', [tenantId]);
    const accounts: ServiceAccount[] = [];
    for (const row of rows) accounts.push(await this.present(row));
    return accounts;
  }

  /** One account of the workspace; 404 for an id of another workspace. */
  async get(tenantId: string, accountId: string): Promise<ServiceAccount> {
    return this.present(await this.row(tenantId, accountId));
  }

  /** The name of an account (for the audit log's actors), whichever workspace it belongs to. */
  async nameOf(accountId: string): Promise<string | undefined> {
    return (await this.sql.get<{ name: string }>('SELECT name FROM service_accounts WHERE id = ?', [accountId]))?.name;
  }

  /**
   * Creates an account with its first token. The workspace's accounts are locked meanwhile, so
   * concurrent creates respect the limit; a name taken at the same moment is a conflict.
   */
  create(tenantId: string, createdBy: string, fields: ServiceAccountFields, expiresInDays: number): Promise<{ account: ServiceAccount; token: ServiceAccountToken & { token: string } }> {
    return this.sql.transaction(async () => {
      await this.sql.lock(`service-accounts:${tenantId}`);
      const { count } = (await this.sql.get<{ count: number }>('SELECT count(*) AS count FROM service_accounts WHERE tenant_id = ?', [tenantId]))!;
      if (count >= MAX_ACCOUNTS_PER_TENANT) throw conflict(`a workspace has at most ${MAX_ACCOUNTS_PER_TENANT} service accounts; delete or reuse one`);
      await this.assertNameFree(tenantId, fields.name, null);
      await this.assertWorkflows(tenantId, fields.workflowIds);
      const id = `sa_${randomBytes(9).toString('base64url')}`;
      await this.writeName(fields.name, () =>
        this.sql.run('INSERT INTO service_accounts (id, tenant_id, name, description, scopes, workflow_ids, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
          id,
          tenantId,
          fields.name,
          fields.description,
          JSON.stringify(fields.scopes),
          fields.workflowIds && JSON.stringify(fields.workflowIds),
          createdBy,
          Date.now(),
        ]),
      );
      const token = await this.createToken(tenantId, id, createdBy, expiresInDays);
      return { account: await this.get(tenantId, id), token };
    });
  }

  /** Changes name, description, scopes or workflows; the account's tokens carry the new scopes at once. */
  async update(tenantId: string, accountId: string, fields: Partial<ServiceAccountFields>): Promise<ServiceAccount> {
    const row = await this.row(tenantId, accountId);
    if (fields.name !== undefined) await this.assertNameFree(tenantId, fields.name, accountId);
    if (fields.workflowIds !== undefined) await this.assertWorkflows(tenantId, fields.workflowIds);
    const name = fields.name ?? row.name;
    await this.writeName(name, () =>
      this.sql.run('UPDATE service_accounts SET name = ?, description = ?, scopes = ?, workflow_ids = ? WHERE id = ?', [
        name,
        fields.description ?? row.description,
        fields.scopes === undefined ? row.scopes : JSON.stringify(fields.scopes),
        fields.workflowIds === undefined ? row.workflow_ids : fields.workflowIds && JSON.stringify(fields.workflowIds),
        accountId,
      ]),
    );
    return this.get(tenantId, accountId);
  }

  /** Disables (every token stops working at once) or enables the account again. */
  async setDisabled(tenantId: string, accountId: string, disabled: boolean): Promise<ServiceAccount> {
    await this.row(tenantId, accountId);
    await this.sql.run('UPDATE service_accounts SET disabled_at = ? WHERE id = ?', [disabled ? Date.now() : null, accountId]);
    return this.get(tenantId, accountId);
  }

  /** A new token for the account; its value is answered here only. The account is locked meanwhile, so concurrent creates respect the limit. */
  createToken(tenantId: string, accountId: string, createdBy: string, expiresInDays: number): Promise<ServiceAccountToken & { token: string }> {
    return this.sql.transaction(async () => {
      await this.row(tenantId, accountId);
      await this.sql.lock(`service-account-tokens:${accountId}`);
      const { live } = (await this.sql.get<{ live: number }>('SELECT count(*) AS live FROM service_account_tokens WHERE account_id = ? AND revoked_at IS NULL', [accountId]))!;
      if (live >= MAX_TOKENS_PER_ACCOUNT) throw conflict(`a service account has at most ${MAX_TOKENS_PER_ACCOUNT} tokens; revoke one first`);
      const { token, hash } = newToken('fgsa');
      const now = Date.now();
      const id = `sat_${randomBytes(9).toString('base64url')}`;
      const row = (await this.sql.get<TokenRow>(
        'INSERT INTO service_account_tokens (token_hash, id, account_id, hint, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *',
        [hash, id, accountId, token.slice(-4), createdBy, now, now + expiresInDays * DAY_MS],
      ))!;
      return { ...presentToken(row, now), token };
    });
  }

  /** Revokes one token of the account; 404 when it has no such live token. */
  async revokeToken(tenantId: string, accountId: string, tokenId: string): Promise<ServiceAccountToken> {
    await this.row(tenantId, accountId);
    const row = await this.sql.get<TokenRow>('SELECT * FROM service_account_tokens WHERE id = ? AND account_id = ? AND revoked_at IS NULL', [tokenId, accountId]);
    if (!row) throw notFound('the token');
    await this.sql.run('UPDATE service_account_tokens SET revoked_at = ? WHERE token_hash = ?', [Date.now(), row.token_hash]);
    return presentToken(row, Date.now());
  }

  private async row(tenantId: string, accountId: string): Promise<AccountRow> {
    const row = await this.sql.get<AccountRow>('SELECT * FROM service_accounts WHERE id = ? AND tenant_id = ?', [accountId, tenantId]);
    if (!row) throw notFound('the service account');
    return row;
  }

  private async assertNameFree(tenantId: string, name: string, exceptId: string | null): Promise<void> {
    const taken = await this.sql.get('SELECT id FROM service_accounts WHERE tenant_id = ? AND lower(name) = lower(?) AND id != ?', [tenantId, name, exceptId ?? '']);
    if (taken !== undefined) throw nameTaken(name);
  }

  /** Runs a write of the account's name: a name another request took at the same moment is the same conflict as one taken before. */
  private async writeName(name: string, write: () => Promise<number>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(name);
      throw error;
    }
  }

  /** Every listed workflow must be one of the workspace's (archived ones included: they can be restored). */
  private async assertWorkflows(tenantId: string, workflowIds: readonly string[] | null): Promise<void> {
    if (workflowIds === null) return;
    for (const [index, id] of workflowIds.entries()) {
      const exists = await this.sql.get('SELECT 1 AS found FROM workflows WHERE tenant_id = ? AND id = ?', [tenantId, id]);
      if (exists === undefined) {
        throw invalid(`the workspace has no workflow with id "${id}"`, [{ path: `body.workflowIds.${index}`, message: 'no such workflow in this workspace' }]);
      }
    }
  }

  private async present(row: AccountRow): Promise<ServiceAccount> {
    const now = Date.now();
    const tokenRows = await this.sql.all<TokenRow>('SELECT * FROM service_account_tokens WHERE account_id = ? AND revoked_at IS NULL ORDER BY created_at, id', [row.id]);
    const ids = row.workflow_ids === null ? null : (JSON.parse(row.workflow_ids) as string[]);
    let workflows: { id: string; name: string }[] | null = null;
    if (ids) {
      workflows = [];
      for (const id of ids) {
        const workflow = await this.sql.get<{ name: string }>('SELECT name FROM workflows WHERE tenant_id = ? AND id = ?', [row.tenant_id, id]);
        workflows.push({ id, name: workflow?.name ?? id });
      }
    }
    // Revoked tokens count too: the account was used even if the token that did it is gone.
    const { last_used: lastUsed } = (await this.sql.get<{ last_used: number | null }>('SELECT max(last_used_at) AS last_used FROM service_account_tokens WHERE account_id = ?', [row.id]))!;
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      scopes: JSON.parse(row.scopes) as ServiceAccountScope[],
      workflows,
      disabled: row.disabled_at !== null,
      createdAt: isoTime(row.created_at),
      tokens: tokenRows.map((token) => presentToken(token, now)),
      lastUsedAt: isoTime(lastUsed),
    };
  }
}

function nameTaken(name: string): DomainError {
  return conflict(`the workspace already has a service account named "${name}"`);
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
