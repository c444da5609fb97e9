import { invalid } from '../domain/domain-error.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { requireWorkflowFilter } from '../http/service-access.js';
import { tenantParams } from '../contract/common.js';
import { MAX_RANGE_DAYS, insightsQuery, insightsSchema } from '../contract/insights.js';
import { DAY_MS } from '../insights/time-buckets.js';
import { listedTenants } from './listed-tenants.js';

/** The range a dashboard shows without `from`. */
const DEFAULT_RANGE_DAYS = 7;

/** The range asked for (epoch ms; the last 7 days by default), refused when empty or longer than the bucket allows. */
function insightsRange(query: { from?: string | undefined; to?: string | undefined; bucket: 'hour' | 'day' }, now: number): { from: number; to: number } {
  const to = query.to === undefined ? now : Date.parse(query.to);
  const from = query.from === undefined ? to - DEFAULT_RANGE_DAYS * DAY_MS : Date.parse(query.from);
  if (from >= to) throw invalid('the range is empty: from must come before to', [{ path: query.from === undefined ? 'query.to' : 'query.from', message: 'must be before to' }]);
  const maxDays = MAX_RANGE_DAYS[query.bucket];
  if (to - from > maxDays * DAY_MS) {
    throw invalid(`a dashboard by ${query.bucket} covers at most ${maxDays} days`, [{ path: query.from === undefined ? 'query.to' : 'query.from', message: `at most ${maxDays} days before to` }]);
  }
  return { from, to };
}

/** Insights: the dashboard's figures over a range, for a workspace or a partner's customers. */
export const insightsRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/insights',
    summary:
      "The Insights dashboard (last 7 days by default, by day or hour): runs over time, SLA adherence and breaches, durations, failures by node, exception volumes, the approval queue and retries; a partner's workspace covers its customers with `scope=customers` (or one with `customerId`)",
    tags: ['insights'],
    access: { kind: 'tenant', permission: 'run.read' },
    workflowScoped: true,
    params: tenantParams,
    query: insightsQuery,
    response: insightsSchema,
    errors: { 422: 'The range is empty or longer than the bucket allows' },
    handler: async (call) => {
      requireWorkflowFilter(call.service, call.query.workflowId);
      const range = insightsRange(call.query, Date.now());
      const tenantIds = await listedTenants(call, 'insights');
      await call.app.store.flush();
      return call.app.insights.insights({ tenantIds, workflowId: call.query.workflowId, bucket: call.query.bucket, ...range });
    },
  }),
];
