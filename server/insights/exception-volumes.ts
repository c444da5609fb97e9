import type { SqlDatabase } from '../../runtime/store/index.js';
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

interface KindRow {
  tenantId: string;
  category: string;
  severity: ExceptionSeverity;
  state: ExceptionState;
  count: number;
}

const mostFirst = <T extends { count: number }>(entries: T[]): T[] => entries.sort((a, b) => b.count - a.count);

function added<K>(totals: Map<K, number>, key: K, count: number): void {
  totals.set(key, (totals.get(key) ?? 0) + count);
}

/**
 * Exception volumes over a range in two passes: one over the index `exceptions_by_kind`
 * (workspace, category, severity, state, creation time) counting every combination of the three,
 * from which the counts per category, per severity, per state and per workspace are added up here;
 * one over `exceptions_by_workflow` (workspace, workflow, creation time). Both are grouped in the
 * order of their index, so SQLite streams the groups instead of sorting every exception of the
 * range (it is told the index; PostgreSQL's planner chooses its own). "Open" is any state but
 * resolved or dismissed.
 */
export async function exceptionCounts(sql: SqlDatabase, scope: InsightsScope): Promise<ExceptionCounts> {
  const where = scopeCondition(scope);
  const indexed = (index: string) => (sql.dialect === 'sqlite' ? ` INDEXED BY ${index}` : '');
  const kinds = await sql.all<KindRow>(
    `SELECT tenant_id AS "tenantId", category, severity, state, COUNT(*) AS count FROM exceptions${indexed('exceptions_by_kind')}
     WHERE ${where.sql} AND created_at >= ? AND created_at < ? GROUP BY tenant_id, category, severity, state`,
    [...where.params, scope.from, scope.to],
  );
  const workflows = await sql.all<{ tenantId: string; workflowId: string; count: number }>(
    `SELECT tenant_id AS "tenantId", workflow_id AS "workflowId", COUNT(*) AS count FROM exceptions${indexed('exceptions_by_workflow')}
     WHERE ${where.sql} AND created_at >= ? AND created_at < ? AND workflow_id IS NOT NULL GROUP BY tenant_id, workflow_id`,
    [...where.params, scope.from, scope.to],
  );
  const byCategory = new Map<string, number>();
  const bySeverity = new Map<ExceptionSeverity, number>();
  const openByTenant = new Map<string, number>();
  let total = 0;
  for (const row of kinds) {
    total += row.count;
    added(byCategory, row.category, row.count);
    added(bySeverity, row.severity, row.count);
    if (!CLOSED_STATES.has(row.state)) added(openByTenant, row.tenantId, row.count);
  }
  return {
    total,
    open: [...openByTenant.values()].reduce((sum, value) => sum + value, 0),
    byCategory: mostFirst([...byCategory].map(([category, count]) => ({ category, count }))),
    bySeverity: mostFirst([...bySeverity].map(([severity, count]) => ({ severity, count }))),
    byWorkflow: mostFirst(workflows),
    openByTenant,
  };
}
