import { createHash } from 'node:crypto';
import { canonicalJson } from '../../runtime/engine/index.js';
import type { SqlDatabase, SqlValue } from '../../runtime/store/index.js';

/** One change to record. `before`/`after` are stored only as digests, never as data. */
export interface AuditRecord {
  readonly tenantId: string;
  readonly actorId: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** Small, non-secret facts worth reading in the log (a version number, a reason). */
  readonly details?: Record<string, unknown>;
}

/** An entry as stored and listed. */
export interface AuditEntry {
  readonly seq: number;
  readonly tenantId: string;
  readonly actorId: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly beforeDigest: string | null;
  readonly afterDigest: string | null;
  readonly details: Record<string, unknown>;
  readonly createdAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** Filters for listing a tenant's log. */
export interface AuditFilter {
  readonly action?: string;
  readonly actorId?: string;
  readonly targetId?: string;
  readonly from?: number;
  readonly to?: number;
  /** Entries after this sequence number (cursor). */
  readonly after?: number;
  readonly limit: number;
}

/** The result of checking a tenant's chain. */
export type AuditVerification =
  | { readonly ok: true; readonly entries: number; readonly head: { readonly seq: number; readonly hash: string } | null }
  | { readonly ok: false; readonly entries: number; readonly brokenAt: number; readonly reason: string };

interface AuditRow {
  seq: number;
  tenant_id: string;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  before_digest: string | null;
  after_digest: string | null;
  details: string;
  created_at: number;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

/** Entries read per query while verifying a chain. */
const VERIFY_PAGE = 1000;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What an entry's hash covers: every field but the hash, including the previous entry's hash. */
function entryHash(row: Omit<AuditRow, 'seq' | 'hash'>): string {
  return sha256(
    canonicalJson({
      tenantId: row.tenant_id,
      actorId: row.actor_id,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      beforeDigest: row.before_digest,
      afterDigest: row.after_digest,
      details: JSON.parse(row.details) as unknown,
      createdAt: row.created_at,
      prevHash: row.prev_hash,
    }),
  );
}

/**
 * The append-only, hash-chained audit log: each tenant's entries form a chain in which every entry
 * holds the hash of the one before, so changing, removing or reordering any entry breaks the chain
 * from there on, and `verify` reports the first broken link.
 */
export class AuditLog {
  constructor(private readonly sql: SqlDatabase) {}

  /**
   * Appends an entry to the tenant's chain, in the caller's transaction if there is one. The
   * tenant's chain is locked meanwhile, so concurrent appends (from any process) link one after
   * another instead of forking the chain.
   */
  append(record: AuditRecord): Promise<AuditEntry> {
    return this.sql.transaction(async () => {
      await this.sql.lock(`audit:${record.tenantId}`);
      const last = await this.sql.get<{ hash: string }>('SELECT hash FROM audit_log WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1', [record.tenantId]);
      const row = {
        tenant_id: record.tenantId,
        actor_id: record.actorId,
        action: record.action,
        target_type: record.targetType,
        target_id: record.targetId,
        before_digest: record.before === undefined ? null : sha256(canonicalJson(record.before)),
        after_digest: record.after === undefined ? null : sha256(canonicalJson(record.after)),
        details: JSON.stringify(record.details ?? {}),
        created_at: Date.now(),
        prev_hash: last?.hash ?? GENESIS,
      };
      const hash = entryHash(row);
      const inserted = await this.sql.get<{ seq: number }>(
        `INSERT INTO audit_log (tenant_id, actor_id, action, target_type, target_id, before_digest, after_digest, details, created_at,
          prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
        [row.tenant_id, row.actor_id, row.action, row.target_type, row.target_id, row.before_digest, row.after_digest, row.details, row.created_at, row.prev_hash, hash],
      );
      return toEntry({ ...row, hash, seq: inserted!.seq });
    });
  }

  /** A tenant's entries, oldest first, after the cursor. */
  async list(tenantId: string, filter: AuditFilter): Promise<AuditEntry[]> {
    const conditions = ['tenant_id = ?', 'seq > ?'];
    const params: SqlValue[] = [tenantId, filter.after ?? 0];
    const optional: [string, SqlValue | undefined][] = [
      ['action = ?', filter.action],
      ['actor_id = ?', filter.actorId],
      ['target_id = ?', filter.targetId],
      ['created_at >= ?', filter.from],
      ['created_at < ?', filter.to],
    ];
    for (const [condition, value] of optional) {
      if (value === undefined || value === '') continue;
      conditions.push(condition);
      params.push(value);
    }
    const rows = await this.sql.all<AuditRow>(`SELECT * FROM audit_log WHERE ${conditions.join(' AND ')} ORDER BY seq LIMIT ?`, [...params, filter.limit]);
    return rows.map(toEntry);
  }

  /**
   * Recomputes the tenant's chain; reports the first entry whose hash or link does not hold. A
   * verified chain reports its head (newest sequence number and hash): keep it elsewhere, and a later
   * verification that no longer reaches it shows entries were removed from the end.
   */
  async verify(tenantId: string): Promise<AuditVerification> {
    let previous = GENESIS;
    let entries = 0;
    let head: { seq: number; hash: string } | null = null;
    // Page by sequence number so a long chain is never held in memory whole.
    for (let after = 0; ; ) {
      const page = await this.sql.all<AuditRow>('SELECT * FROM audit_log WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?', [tenantId, after, VERIFY_PAGE]);
      for (const row of page) {
        entries++;
        if (row.prev_hash !== previous) return { ok: false, entries, brokenAt: row.seq, reason: 'the entry does not link to the one before it' };
        if (entryHash(row) !== row.hash) return { ok: false, entries, brokenAt: row.seq, reason: 'the entry was altered after it was written' };
        previous = row.hash;
        head = { seq: row.seq, hash: row.hash };
      }
      if (page.length < VERIFY_PAGE) return { ok: true, entries, head };
      after = page[page.length - 1]!.seq;
    }
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    tenantId: row.tenant_id,
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    beforeDigest: row.before_digest,
    afterDigest: row.after_digest,
    details: JSON.parse(row.details) as Record<string, unknown>,
    createdAt: new Date(row.created_at).toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
