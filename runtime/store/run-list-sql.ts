import type { RunFilter, RunStatus } from './run-store.js';
import { runSummaryColumns, type SqlStatement } from './rows.js';
import type { SqlDialect, SqlValue } from './sql/sql-database.js';

/** A runs list's filter without its page size (the SQL of a page does not depend on it). */
export type RunPageFilter = Omit<RunFilter, 'limit'>;

/** The filter of a status count: a page's without status, cursor or size. */
export type RunCountFilter = Omit<RunPageFilter, 'status' | 'after'>;

/** WHERE conditions, ANDed, and the values their placeholders take in order. */
class Conditions {
  readonly sql: string[] = [];
  readonly params: SqlValue[] = [];

  add(condition: string, ...params: SqlValue[]): void {
    this.sql.push(condition);
    this.params.push(...params);
  }

  toString(): string {
    return this.sql.join(' AND ');
  }
}

/**
 * The WHERE conditions of a filter, tenant included.
 *
 * A business key is served by `runs_by_business_key` (tenant, key, newest first), in the list's
 * order. Attributes are exact matches, which few runs share (an order number, a customer code):
 * the first is read as a list of run ids from `run_search_attributes_by_value` (tenant, name,
 * value, run id) and its runs looked up by primary key, each further attribute a probe of the
 * attribute table's primary key (run id, name). The matches are then sorted, never the tenant's
 * other runs. The tenant is part of every attribute lookup, so another tenant's values never match.
 */
function runConditions(filter: RunCountFilter, dialect: SqlDialect): Conditions {
  const conditions = new Conditions();
  // With attributes, SQLite's unary + keeps it off the tenant's indexes (it would walk the tenant's
  // runs newest first, testing each), so it starts from the attribute's few matches. PostgreSQL
  // has no such hint and plans by its statistics.
  const hinted = dialect === 'sqlite' && filter.attributes?.length;
  conditions.add(hinted ? '+tenant_id = ?' : 'tenant_id = ?', filter.tenantId);
  if (filter.workflowId !== undefined) conditions.add('workflow_id = ?', filter.workflowId);
  if (filter.workflowVersion !== undefined) conditions.add('workflow_version = ?', filter.workflowVersion);
  if (filter.triggerType !== undefined) conditions.add('trigger_type = ?', filter.triggerType);
  if (filter.parentRunId !== undefined) conditions.add('parent_run_id = ?', filter.parentRunId);
  if (filter.from !== undefined) conditions.add('created_at >= ?', filter.from);
  if (filter.to !== undefined) conditions.add('created_at < ?', filter.to);
  if (filter.businessKey !== undefined) conditions.add('business_key = ?', filter.businessKey);
  filter.attributes?.forEach((attribute, index) => {
    if (index === 0) {
      conditions.add(
        'id IN (SELECT run_id FROM run_search_attributes WHERE tenant_id = ? AND name = ? AND value = ?)',
        filter.tenantId,
        attribute.name,
        attribute.value,
      );
    } else {
      conditions.add(
        'EXISTS (SELECT 1 FROM run_search_attributes a WHERE a.run_id = runs.id AND a.name = ? AND a.value = ?)',
        attribute.name,
        attribute.value,
      );
    }
  });
  return conditions;
}

/** One page of run summaries, newest first, at most `limit`. */
export function runPageQuery(filter: RunPageFilter, limit: number, dialect: SqlDialect): SqlStatement {
  const conditions = runConditions(filter, dialect);
  if (filter.status !== undefined) conditions.add('status = ?', filter.status);
  // A row value, so the database seeks the index to the cursor instead of walking from the newest run.
  if (filter.after !== undefined) conditions.add('(created_at, id) < (?, ?)', filter.after.createdAt, filter.after.id);
  return {
    sql: `SELECT ${runSummaryColumns(dialect)} FROM runs WHERE ${conditions.toString()} ORDER BY created_at DESC, id DESC LIMIT ?`,
    params: [...conditions.params, limit],
  };
}

/** The runs of one status that match a filter, counted up to `cap`, as the column `count`. */
export function runStatusCountQuery(filter: RunCountFilter, status: RunStatus, cap: number, dialect: SqlDialect): SqlStatement {
  const conditions = runConditions(filter, dialect);
  conditions.add('status = ?', status);
  return {
    sql: `SELECT count(*) AS count FROM (SELECT 1 FROM runs WHERE ${conditions.toString()} LIMIT ?) AS capped`,
    params: [...conditions.params, cap],
  };
}
