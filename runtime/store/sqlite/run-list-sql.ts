import type { RunFilter } from '../run-store.js';
import { RUN_SUMMARY_COLUMNS } from './rows.js';

/** A runs list's filter without its page size (the SQL of a page does not depend on it). */
export type RunPageFilter = Omit<RunFilter, 'limit'>;

/** The WHERE conditions of a filter, tenant included; parameters from {@link runParameters}. */
function runConditions(filter: Omit<RunPageFilter, 'status' | 'after'>): string[] {
  const conditions = ['tenant_id = @tenantId'];
  if (filter.workflowId !== undefined) conditions.push('workflow_id = @workflowId');
  if (filter.workflowVersion !== undefined) conditions.push('workflow_version = @workflowVersion');
  if (filter.triggerType !== undefined) conditions.push('trigger_type = @triggerType');
  if (filter.parentRunId !== undefined) conditions.push('parent_run_id = @parentRunId');
  if (filter.from !== undefined) conditions.push('created_at >= @from');
  if (filter.to !== undefined) conditions.push('created_at < @to');
  return conditions;
}

/** One page of run summaries, newest first (parameters `@limit` and the filter's). */
export function runPageSql(filter: RunPageFilter): string {
  const conditions = runConditions(filter);
  if (filter.status !== undefined) conditions.push('status = @status');
  // A row value, so SQLite seeks the index to the cursor instead of walking from the newest run.
  if (filter.after !== undefined) conditions.push('(created_at, id) < (@afterCreatedAt, @afterId)');
  return `SELECT ${RUN_SUMMARY_COLUMNS} FROM runs WHERE ${conditions.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT @limit`;
}

/** The runs of one status that match a filter, counted up to `@cap` (parameters `@status`, `@cap`). */
export function runStatusCountSql(filter: Omit<RunPageFilter, 'status' | 'after'>): string {
  return `SELECT count(*) FROM (SELECT 1 FROM runs WHERE ${[...runConditions(filter), 'status = @status'].join(' AND ')} LIMIT @cap)`;
}

/** Named parameters for these statements (the cursor split in two: better-sqlite3 binds no objects). */
export function runParameters(filter: Partial<RunFilter>): Record<string, unknown> {
  const { after, ...rest } = filter;
  return { ...rest, afterCreatedAt: after?.createdAt, afterId: after?.id };
}
