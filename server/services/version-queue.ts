import type { SqlDatabase } from '../../runtime/store/index.js';

/** A version as a reviewer's queue or history shows it. */
export interface QueuedVersion {
  readonly tenantId: string;
  readonly workflowId: string;
  readonly workflowName: string;
  readonly version: number;
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly note: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly createdAt: number;
  readonly approvals: number;
  /** The reviewer's own decision (history only). */
  readonly review: { readonly decision: 'approve' | 'reject'; readonly comment: string; readonly createdAt: number } | null;
}

interface QueuedRow {
  tenant_id: string;
  workflow_id: string;
  workflow_name: string;
  version: number;
  status: QueuedVersion['status'];
  note: string;
  author_id: string;
  author_name: string | null;
  created_at: number;
  approvals: number;
  review_decision?: 'approve' | 'reject';
  review_comment?: string;
  review_created_at?: number;
}

const COLUMNS = `v.tenant_id, v.workflow_id, w.name AS workflow_name, v.version, v.status, v.note, v.author_id, u.name AS author_name, v.created_at,
  (SELECT COUNT(*) FROM version_reviews a WHERE a.workflow_id = v.workflow_id AND a.version = v.version AND a.decision = 'approve') AS approvals`;

const FROM = `FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id LEFT JOIN users u ON u.id = v.author_id`;

/** `?, ?, ?` for a list of parameters. */
const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

function toQueued(row: QueuedRow): QueuedVersion {
  return {
    tenantId: row.tenant_id,
    workflowId: row.workflow_id,
    workflowName: row.workflow_name,
    version: row.version,
    status: row.status,
    note: row.note,
    authorId: row.author_id,
    authorName: row.author_name ?? row.author_id,
    createdAt: row.created_at,
    approvals: row.approvals,
    review:
      row.review_decision === undefined
        ? null
        : { decision: row.review_decision, comment: row.review_comment ?? '', createdAt: row.review_created_at ?? row.created_at },
  };
}

/**
 * The versions a reviewer is asked to sign off, and those they have signed off, across tenants.
 * The server's rules, as queries: a version waits for someone who did not author it and has not
 * reviewed it yet; archived workflows ask nobody.
 */
export class VersionQueue {
  constructor(private readonly sql: SqlDatabase) {}

  /** Pending versions in `tenantIds` that `userId` did not write and has not reviewed, oldest first, at most `limit`. */
  async awaiting(tenantIds: readonly string[], userId: string, limit: number): Promise<QueuedVersion[]> {
    if (tenantIds.length === 0) return [];
    const rows = await this.sql.all<QueuedRow>(
      `SELECT ${COLUMNS} ${FROM}
       WHERE v.tenant_id IN (${placeholders(tenantIds.length)}) AND v.status = 'pending' AND w.archived_at IS NULL AND v.author_id != ?
         AND NOT EXISTS (SELECT 1 FROM version_reviews r WHERE r.workflow_id = v.workflow_id AND r.version = v.version AND r.reviewer_id = ?)
       ORDER BY v.created_at, v.workflow_id, v.version LIMIT ?`,
      [...tenantIds, userId, userId, limit],
    );
    return rows.map(toQueued);
  }

  /** Versions in `tenantIds` that `userId` approved or rejected, newest decision first, at most `limit`. */
  async reviewedBy(tenantIds: readonly string[], userId: string, limit: number): Promise<QueuedVersion[]> {
    if (tenantIds.length === 0) return [];
    const rows = await this.sql.all<QueuedRow>(
      `SELECT ${COLUMNS}, r.decision AS review_decision, r.comment AS review_comment, r.created_at AS review_created_at
       ${FROM} JOIN version_reviews r ON r.workflow_id = v.workflow_id AND r.version = v.version AND r.reviewer_id = ?
       WHERE v.tenant_id IN (${placeholders(tenantIds.length)})
       ORDER BY r.created_at DESC LIMIT ?`,
      [userId, ...tenantIds, limit],
    );
    return rows.map(toQueued);
  }

  /** The names of workflows by id (tasks name their workflow through their run). */
  async workflowNames(workflowIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const unique = [...new Set(workflowIds)];
    for (let start = 0; start < unique.length; start += 500) {
      const chunk = unique.slice(start, start + 500);
      const rows = await this.sql.all<{ id: string; name: string }>(`SELECT id, name FROM workflows WHERE id IN (${placeholders(chunk.length)})`, chunk);
      for (const row of rows) names.set(row.id, row.name);
    }
    return names;
  }
}
