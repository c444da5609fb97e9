import type Database from 'better-sqlite3';
import type { ExceptionSeverity } from '../exceptions/exception-model.js';
import { scopeCondition, type InsightsScope } from './insights-scope.js';

/** Exceptions raised in the range, counted by what the dashboard breaks them down by. */
export interface ExceptionCounts {
  readonly total: number;
  readonly open: number;
  readonly byCategory: { category: string; count: number }[];
  readonly bySeverity: { severity: ExceptionSeverity; count: number }[];
  /** Per workflow (exceptions of no workflow are left out). */
  readonly byWorkflow: { tenantId: string; workflowId: string; count: number }[];
  /** Per workspace: raised and still open. */
  readonly openByTenant: Map<string, number>;
}

interface GroupRow {
  tenantId: string;
  category: string;
  severity: ExceptionSeverity;
  workflowId: string | null;
  open: number;
  count: number;
}

/**
 * Exception volumes over a range, read in one pass of the covering index `exceptions_volumes`
 * (tenant, creation time, category, severity, workflow, state): "open" is any state but resolved
 * or dismissed.
 */
export function exceptionCounts(db: Database.Database, scope: InsightsScope): ExceptionCounts {
  const where = scopeCondition(scope);
  const rows = db
    .prepare(
      `SELECT tenant_id AS tenantId, category, severity, workflow_id AS workflowId, state NOT IN ('resolved', 'dismissed') AS open, COUNT(*) AS count
       FROM exceptions INDEXED BY exceptions_volumes
       WHERE ${where.sql} AND created_at >= ? AND created_at < ? GROUP BY 1, 2, 3, 4, 5`,
    )
    .all(...where.params, scope.from, scope.to) as GroupRow[];
  const byCategory = new Map<string, number>();
  const bySeverity = new Map<ExceptionSeverity, number>();
  const byWorkflow = new Map<string, { tenantId: string; workflowId: string; count: number }>();
  const openByTenant = new Map<string, number>();
  let total = 0;
  let open = 0;
  for (const row of rows) {
    total += row.count;
    byCategory.set(row.category, (byCategory.get(row.category) ?? 0) + row.count);
    bySeverity.set(row.severity, (bySeverity.get(row.severity) ?? 0) + row.count);
    if (row.workflowId !== null) {
      const key = `${row.tenantId}/${row.workflowId}`;
      const entry = byWorkflow.get(key) ?? { tenantId: row.tenantId, workflowId: row.workflowId, count: 0 };
      entry.count += row.count;
      byWorkflow.set(key, entry);
    }
    if (row.open) {
      open += row.count;
      openByTenant.set(row.tenantId, (openByTenant.get(row.tenantId) ?? 0) + row.count);
    }
  }
  const mostFirst = <T extends { count: number }>(entries: T[]) => entries.sort((a, b) => b.count - a.count);
  return {
    total,
    open,
    byCategory: mostFirst([...byCategory].map(([category, count]) => ({ category, count }))),
    bySeverity: mostFirst([...bySeverity].map(([severity, count]) => ({ severity, count }))),
    byWorkflow: mostFirst([...byWorkflow.values()]),
    openByTenant,
  };
}
