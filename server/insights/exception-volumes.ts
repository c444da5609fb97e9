import type Database from 'better-sqlite3';
import type { ExceptionSeverity } from '../exceptions/exception-model.js';
import { CLOSED_STATES, type ExceptionState } from '../exceptions/exception-model.js';
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

/** A dimension counted per workspace, with the index ordered (workspace, dimension, creation time). */
const DIMENSIONS = {
  category: 'exceptions_by_category',
  severity: 'exceptions_by_severity',
  workflow_id: 'exceptions_by_workflow',
  state: 'exceptions_by_state',
} as const;

interface DimensionRow {
  tenantId: string;
  value: string | null;
  count: number;
}

const mostFirst = <T extends { count: number }>(entries: T[]): T[] => entries.sort((a, b) => b.count - a.count);

function summed<K extends string>(rows: readonly DimensionRow[], name: (value: string) => K): Map<K, number> {
  const totals = new Map<K, number>();
  for (const row of rows) if (row.value !== null) totals.set(name(row.value), (totals.get(name(row.value)) ?? 0) + row.count);
  return totals;
}

/**
 * Exception volumes over a range: one count per dimension (category, severity, workflow, state),
 * each grouped in the order of its index (workspace, dimension, creation time), so SQLite streams the
 * groups, seeking the range in each, instead of sorting every exception of the range (a partner's
 * 100,000 took ~4× as long that way). "Open" is any state but resolved or dismissed.
 */
export function exceptionCounts(db: Database.Database, scope: InsightsScope): ExceptionCounts {
  const where = scopeCondition(scope);
  const count = (column: keyof typeof DIMENSIONS) =>
    db
      .prepare(
        `SELECT tenant_id AS tenantId, ${column} AS value, COUNT(*) AS count FROM exceptions INDEXED BY ${DIMENSIONS[column]}
         WHERE ${where.sql} AND created_at >= ? AND created_at < ? GROUP BY tenant_id, ${column}`,
      )
      .all(...where.params, scope.from, scope.to) as DimensionRow[];
  const states = count('state');
  const openByTenant = new Map<string, number>();
  for (const row of states) {
    if (!CLOSED_STATES.has(row.value as ExceptionState)) openByTenant.set(row.tenantId, (openByTenant.get(row.tenantId) ?? 0) + row.count);
  }
  return {
    total: states.reduce((sum, row) => sum + row.count, 0),
    open: [...openByTenant.values()].reduce((sum, value) => sum + value, 0),
    byCategory: mostFirst([...summed(count('category'), (value) => value)].map(([category, total]) => ({ category, count: total }))),
    bySeverity: mostFirst([...summed(count('severity'), (value) => value as ExceptionSeverity)].map(([severity, total]) => ({ severity, count: total }))),
    byWorkflow: mostFirst(count('workflow_id').flatMap((row) => (row.value === null ? [] : [{ tenantId: row.tenantId, workflowId: row.value, count: row.count }]))),
    openByTenant,
  };
}
