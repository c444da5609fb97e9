/** What the dashboard's figures cover: workspaces, optionally one workflow, and a time range. */
export interface InsightsScope {
  readonly tenantIds: readonly string[];
  readonly workflowId: string | undefined;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
}

/**
 * The SQL condition on a table's `tenant_id` (and `workflow_id`, when the scope names one), with
 * its parameters, so every query is scoped the same way. `alias` prefixes the columns.
 */
export function scopeCondition(scope: InsightsScope, alias = ''): { sql: string; params: string[] } {
  const prefix = alias === '' ? '' : `${alias}.`;
  const tenants = `${prefix}tenant_id IN (${scope.tenantIds.map(() => '?').join(', ')})`;
  if (scope.workflowId === undefined) return { sql: tenants, params: [...scope.tenantIds] };
  return { sql: `${tenants} AND ${prefix}workflow_id = ?`, params: [...scope.tenantIds, scope.workflowId] };
}
