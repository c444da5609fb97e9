import type { SqlDatabase } from '../../runtime/store/index.js';

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
export async function customerStatus(sql: SqlDatabase, tenantId: string, since: number): Promise<CustomerStatus> {
  const workflows = await sql.get<{ count: number }>('SELECT count(*) AS count FROM workflows WHERE tenant_id = ? AND active_version IS NOT NULL AND archived_at IS NULL', [tenantId]);
  // trigger_type is the run store's column holding trigger_info's type (a generated column on both engines).
  const runs = await sql.get<{ total: number; failed: number }>(
    `SELECT count(*) AS total, coalesce(sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS failed FROM runs
     WHERE tenant_id = ? AND created_at >= ? AND coalesce(trigger_type, '') != 'test'`,
    [tenantId, since],
  );
  const members = await sql.get<{ count: number }>('SELECT count(*) AS count FROM memberships WHERE tenant_id = ?', [tenantId]);
  return { activeWorkflows: workflows!.count, runsToday: runs!.total, failuresToday: runs!.failed, members: members!.count };
}
