import { useSearchParams } from 'react-router';
import { useWorkspace } from '../app/workspace.js';
import { CustomerScopeSelect } from '../shared/customer-scope.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { useWorkflows } from '../workflows/api.js';
import { useInsights } from './api.js';
import { ApprovalQueue } from './approval-queue.js';
import { CustomerRollupTable } from './customer-rollup-table.js';
import type { DrillContext } from './drill-down.js';
import { DurationsChart } from './durations-chart.js';
import { ExceptionsByCategory } from './exceptions-by-category.js';
import { ExceptionsBySeverity } from './exceptions-by-severity.js';
import { FailuresByNode } from './failures-by-node.js';
import { HeadlineFigures } from './headline-figures.js';
import { INSIGHT_RANGES, insightsApiQuery, insightsFiltersQuery, rangeOf, rangeSpan, readInsightsFilters, type InsightsFilters } from './insights-filters.js';
import { RunsOverTimeChart } from './runs-over-time-chart.js';
import { SlaAdherence } from './sla-adherence.js';
import { SlaBreachesTable } from './sla-breaches-table.js';
import { useMinuteClock } from './use-minute-clock.js';
import './insights.css';

/**
 * The Insights section: how the workspace's workflows fare — for a partner, across its customers —
 * over a time range: runs by outcome, SLA adherence, durations, failing steps, exceptions, the
 * approval queue and retries. Filters live in the address; every figure leads to the runs or
 * exceptions it counts, and every table exports as CSV.
 */
export function InsightsPage() {
  const { tenant } = useWorkspace();
  const partner = tenant.kind === 'partner';
  const defaultCustomer = partner ? 'all' : '';
  const [params, setParams] = useSearchParams();
  const filters = readInsightsFilters(params, defaultCustomer);
  const setFilters = (change: Partial<InsightsFilters>) => setParams(insightsFiltersQuery({ ...filters, ...change }, defaultCustomer), { replace: true });
  const now = useMinuteClock();
  const insights = useInsights(tenant.id, insightsApiQuery(filters, now));
  // One customer's dashboard is narrowed by that customer's workflows; across all of them, by none.
  const workflows = useWorkflows(filters.customer === '' || filters.customer === 'all' ? tenant.id : filters.customer, '', '');
  const context: DrillContext = { tenantId: tenant.id, filters, ...rangeSpan(filters.range, now) };
  const range = rangeOf(filters.range);
  const data = insights.data;
  const finished = data ? data.runsOverTime.reduce((sum, bucket) => sum + bucket.succeeded + bucket.failed + bucket.cancelled, 0) : 0;
  const empty = data !== undefined && finished === 0 && data.exceptions.total === 0 && data.approvals.waiting === 0;

  return (
    <section className="insights-page" aria-labelledby="insights-title" aria-busy={insights.isFetching}>
      <h1 id="insights-title">Insights</h1>
      <form className="run-filters" aria-label="Filter insights" onSubmit={(event) => event.preventDefault()}>
        <label>
          Time range
          <select value={filters.range} onChange={(event) => setFilters({ range: rangeOf(event.target.value).value })}>
            {INSIGHT_RANGES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <CustomerScopeSelect noun="figures" value={filters.customer} onChange={(customer) => setFilters({ customer, workflowId: '' })} />
        <label>
          Workflow
          <select value={filters.workflowId} disabled={filters.customer === 'all'} onChange={(event) => setFilters({ workflowId: event.target.value })}>
            <option value="">All workflows</option>
            {workflows.data?.map((workflow) => (
              <option key={workflow.id} value={workflow.id}>
                {workflow.name}
              </option>
            ))}
          </select>
        </label>
        {insights.isPlaceholderData ? (
          <p className="insight-updating" role="status">
            Updating…
          </p>
        ) : null}
      </form>
      {insights.isPending ? <LoadingState label="Loading insights…" /> : null}
      {insights.isError ? <ErrorState title="The insights could not be loaded" error={insights.error} onRetry={() => void insights.refetch()} /> : null}
      {empty ? (
        <EmptyState title={`No runs in the ${range.label.toLowerCase()}`}>
          <p>Figures appear here as runs of active versions finish. Choose a longer time range{filters.workflowId !== '' ? ' or all workflows' : ''}{partner && filters.customer !== 'all' ? ' or all customers' : ''} above to look further.</p>
        </EmptyState>
      ) : null}
      {data && !empty ? (
        <>
          <HeadlineFigures insights={data} context={context} />
          <div className="insight-grid">
            <RunsOverTimeChart insights={data} context={context} />
            {partner && filters.customer === 'all' ? <CustomerRollupTable insights={data} context={context} /> : null}
            <SlaAdherence insights={data} context={context} />
            <SlaBreachesTable insights={data} />
            <DurationsChart insights={data} context={context} />
            <FailuresByNode insights={data} context={context} />
            <ExceptionsByCategory insights={data} context={context} />
            <ExceptionsBySeverity insights={data} context={context} />
            <ApprovalQueue insights={data} tenantId={tenant.id} />
          </div>
        </>
      ) : null}
    </section>
  );
}
