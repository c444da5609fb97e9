import type Database from 'better-sqlite3';

/** A customer's state at a glance, for its partner. */
export interface CustomerStatus {
  readonly activeWorkflows: number;
  /** Runs started since `since` (test runs of drafts left out). */
  readonly runsToday: number;
  /** Of those, the ones that failed. */
  readonly failuresToday: number;
  readonly members: number;
}

/**
 * Counts for one customer tenant. Runs are counted straight from the run store's table in the same
 * database (its `runs_by_tenant` index covers the time range), so a partner's overview costs one
 * indexed range per customer, not a page of runs.
 */
export function customerStatus(db: Database.Database, tenantId: string, since: number): CustomerStatus {
  const activeWorkflows = db.prepare('SELECT count(*) FROM workflows WHERE tenant_id = ? AND active_version IS NOT NULL AND archived_at IS NULL').pluck().get(tenantId) as number;
  const runs = db
    .prepare(
      `SELECT count(*) AS total, coalesce(sum(status = 'failed'), 0) AS failed FROM runs
       WHERE tenant_id = ? AND created_at >= ? AND coalesce(CASE WHEN json_valid(trigger_info) THEN json_extract(trigger_info, '$.type') END, '') != 'test'`,
    )
    .get(tenantId, since) as { total: number; failed: number };
  const members = db.prepare('SELECT count(*) FROM memberships WHERE tenant_id = ?').pluck().get(tenantId) as number;
  return { activeWorkflows, runsToday: runs.total, failuresToday: runs.failed, members };
}
