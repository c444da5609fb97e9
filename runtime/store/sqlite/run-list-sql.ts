import type { RunFilter } from '../run-store.js';
import { RUN_SUMMARY_COLUMNS } from './rows.js';

/** A runs list's filter without its page size (the SQL of a page does not depend on it). */
export type RunPageFilter = Omit<RunFilter, 'limit'>;

/**
 * The WHERE conditions of a filter, tenant included; parameters from {@link runParameters}.
 *
 * A business key is served by `runs_by_business_key` (tenant, key, newest first), in the list's
 * order. Attributes are exact matches, which few runs share (an order number, a customer code):
 * the first is read as a list of run ids from `run_search_attributes_by_value` (tenant, name,
 * value, run id) and its runs looked up by primary key, each further attribute a probe of the
 * attribute table's primary key (run id, name). The matches are then sorted, never the tenant's
 * other runs. The tenant is part of every attribute lookup, so another tenant's values never match.
 */
function runConditions(filter: Omit<RunPageFilter, 'status' | 'after'>): string[] {
  // With attributes, the unary + keeps SQLite off the tenant's indexes (it would walk the tenant's
  // runs newest first, testing each), so it starts from the attribute's few matches.
  const conditions = [filter.attributes?.length ? '+tenant_id = @tenantId' : 'tenant_id = @tenantId'];
  if (filter.workflowId !== undefined) conditions.push('workflow_id = @workflowId');
  if (filter.workflowVersion !== undefined) conditions.push('workflow_version = @workflowVersion');
  if (filter.triggerType !== undefined) conditions.push('trigger_type = @triggerType');
  if (filter.parentRunId !== undefined) conditions.push('parent_run_id = @parentRunId');
  if (filter.from !== undefined) conditions.push('created_at >= @from');
  if (filter.to !== undefined) conditions.push('created_at < @to');
  if (filter.businessKey !== undefined) conditions.push('business_key = @businessKey');
  filter.attributes?.forEach((_attribute, index) => {
    conditions.push(
      index === 0
        ? 'id IN (SELECT run_id FROM run_search_attributes WHERE tenant_id = @tenantId AND name = @attributeName0 AND value = @attributeValue0)'
        : `EXISTS (SELECT 1 FROM run_search_attributes a WHERE a.run_id = runs.id AND a.name = @attributeName${index} AND a.value = @attributeValue${index})`,
    );
  });
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

/** Named parameters for these statements (the cursor and attributes split up: better-sqlite3 binds no objects). */
export function runParameters(filter: Partial<RunFilter>): Record<string, unknown> {
  const { after, attributes, ...rest } = filter;
  const parameters: Record<string, unknown> = { ...rest, afterCreatedAt: after?.createdAt, afterId: after?.id };
  attributes?.forEach((attribute, index) => {
    parameters[`attributeName${index}`] = attribute.name;
    parameters[`attributeValue${index}`] = attribute.value;
  });
  return parameters;
}
