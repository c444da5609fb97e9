import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../runtime/engine/index.js';

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
  private readonly lastHash;
  private readonly insert;
  private readonly appendTransaction;

  constructor(private readonly db: Database.Database) {
    this.lastHash = db.prepare('SELECT hash FROM audit_log WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1').pluck();
    this.insert = db.prepare(`INSERT INTO audit_log (tenant_id, actor_id, action, target_type, target_id, before_digest, after_digest,
      details, created_at, prev_hash, hash) VALUES (@tenant_id, @actor_id, @action, @target_type, @target_id, @before_digest,
      @after_digest, @details, @created_at, @prev_hash, @hash)`);
    this.appendTransaction = db.transaction((record: AuditRecord): AuditEntry => {
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
        prev_hash: (this.lastHash.get(record.tenantId) as string | undefined) ?? GENESIS,
      };
      const hash = entryHash(row);
      const { lastInsertRowid } = this.insert.run({ ...row, hash });
      return toEntry({ ...row, hash, seq: Number(lastInsertRowid) });
    });
  }

  /** Appends an entry to the tenant's chain. */
  append(record: AuditRecord): AuditEntry {
    return this.appendTransaction(record);
  }

  /** A tenant's entries, oldest first, after the cursor. */
  list(tenantId: string, filter: AuditFilter): AuditEntry[] {
    const conditions = ['tenant_id = @tenantId', 'seq > @after'];
    if (filter.action) conditions.push('action = @action');
    if (filter.actorId) conditions.push('actor_id = @actorId');
    if (filter.targetId) conditions.push('target_id = @targetId');
    if (filter.from !== undefined) conditions.push('created_at >= @from');
    if (filter.to !== undefined) conditions.push('created_at < @to');
    const rows = this.db
      .prepare(`SELECT * FROM audit_log WHERE ${conditions.join(' AND ')} ORDER BY seq LIMIT @limit`)
      .all({ ...filter, tenantId, after: filter.after ?? 0 }) as AuditRow[];
    return rows.map(toEntry);
  }

  /**
   * Recomputes the tenant's chain; reports the first entry whose hash or link does not hold. A
   * verified chain reports its head (newest sequence number and hash): keep it elsewhere, and a later
   * verification that no longer reaches it shows entries were removed from the end.
   */
  verify(tenantId: string): AuditVerification {
    let previous = GENESIS;
    let entries = 0;
    let head: { seq: number; hash: string } | null = null;
    for (const row of this.db.prepare('SELECT * FROM audit_log WHERE tenant_id = ? ORDER BY seq').iterate(tenantId) as IterableIterator<AuditRow>) {
      entries++;
      if (row.prev_hash !== previous) return { ok: false, entries, brokenAt: row.seq, reason: 'the entry does not link to the one before it' };
      if (entryHash(row) !== row.hash) return { ok: false, entries, brokenAt: row.seq, reason: 'the entry was altered after it was written' };
      previous = row.hash;
      head = { seq: row.seq, hash: row.hash };
    }
    return { ok: true, entries, head };
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
