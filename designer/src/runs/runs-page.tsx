import { Link, useSearchParams } from 'react-router';
import type { RunSummary } from '../app/api-types.js';
import { DateTime } from '../app/date-time.js';
import { useWorkspace, workspacePath } from '../app/workspace.js';
import { StatusChip } from '../shared/run-trace/status-chip.js';
import { CustomerScopeSelect, useCustomerScope } from '../shared/customer-scope.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { useWorkflows } from '../workflows/api.js';
import { useRuns, useStatusCounts } from './api.js';
import { durationText } from './detail/run-path.js';
import { readRunFilters, runFiltersQuery, runsApiQuery, type RunFilters } from './run-filters.js';
import './runs.css';

const STATUSES: readonly RunSummary['status'][] = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];
const TRIGGERS: readonly { value: string; label: string }[] = [
  { value: 'manual', label: 'By hand' },
  { value: 'webhook', label: 'Webhook' },
  { value: 'schedule', label: 'Schedule' },
  { value: 'event', label: 'Platform event' },
  { value: 'signal', label: 'Signal' },
  { value: 'test', label: 'Test run' },
  { value: 'forEach', label: 'For each item' },
  { value: 'subworkflow', label: 'Sub-workflow' },
  { value: 'errorWorkflow', label: 'Error workflow' },
];
const triggerLabel = (type: string | null) => TRIGGERS.find((trigger) => trigger.value === type)?.label ?? type ?? '—';

/**
 * The Runs section: the workspace's runs newest first — for a partner, its customers' too — with
 * filters kept in the address, counts per status as filter buttons, "Load more" paging, and runs in
 * progress moving on by themselves (the list is read again every few seconds, never reloaded).
 */
export function RunsPage() {
  const { tenant } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const filters = readRunFilters(params);
  const setFilters = (change: Partial<RunFilters>) => setParams(runFiltersQuery({ ...filters, ...change }), { replace: true });
  const runs = useRuns(tenant.id, runsApiQuery(filters, true));
  const counts = useStatusCounts(tenant.id, runsApiQuery(filters, false));
  // One customer's runs are filtered by that customer's workflows; across all of them, by none.
  const workflows = useWorkflows(filters.customer === '' || filters.customer === 'all' ? tenant.id : filters.customer, '', '');
  const { workspaceName } = useCustomerScope();
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];
  const crossCustomer = filters.customer !== '';
  const filtered = Object.entries(filters).some(([key, value]) => key !== 'status' && value !== '');

  return (
    <section className="runs-page" aria-labelledby="runs-title">
      <h1 id="runs-title">Runs</h1>
      <form className="run-filters" aria-label="Filter runs" onSubmit={(event) => event.preventDefault()}>
        <CustomerScopeSelect noun="runs" value={filters.customer} onChange={(customer) => setFilters({ customer, workflowId: '', version: '' })} />
        <label>
          Workflow
          <select value={filters.workflowId} disabled={filters.customer === 'all'} onChange={(event) => setFilters({ workflowId: event.target.value, version: '' })}>
            <option value="">All workflows</option>
            {workflows.data?.map((workflow) => (
              <option key={workflow.id} value={workflow.id}>
                {workflow.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Version
          <input type="number" min={1} inputMode="numeric" value={filters.version} disabled={filters.workflowId === ''} onChange={(event) => setFilters({ version: event.target.value })} placeholder="Any" />
        </label>
        <label>
          Started by
          <select value={filters.trigger} onChange={(event) => setFilters({ trigger: event.target.value })}>
            <option value="">Any trigger</option>
            {TRIGGERS.map((trigger) => (
              <option key={trigger.value} value={trigger.value}>
                {trigger.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="datetime-local" value={filters.from} onChange={(event) => setFilters({ from: event.target.value })} />
        </label>
        <label>
          Until
          <input type="datetime-local" value={filters.to} onChange={(event) => setFilters({ to: event.target.value })} />
        </label>
        <label>
          Business key
          <input type="search" value={filters.businessKey} maxLength={200} placeholder="Order or invoice number" onChange={(event) => setFilters({ businessKey: event.target.value })} />
        </label>
        <label>
          Attribute
          <input type="search" value={filters.attribute} maxLength={300} placeholder="customer=ACME" title="A search attribute and its exact value, as name=value" onChange={(event) => setFilters({ attribute: event.target.value })} />
        </label>
        {filtered ? (
          <button type="button" className="button subtle" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            Clear filters
          </button>
        ) : null}
      </form>
      <div className="status-filters" role="group" aria-label="Status">
        <button type="button" className={filters.status === '' ? 'status-filter active' : 'status-filter'} aria-pressed={filters.status === ''} onClick={() => setFilters({ status: '' })}>
          All statuses
        </button>
        {STATUSES.map((status) => {
          const count = counts.data?.counts[status];
          const shown = count === undefined ? '' : count >= (counts.data?.cap ?? Infinity) ? ` ${count.toLocaleString('en-GB')}+` : ` ${count.toLocaleString('en-GB')}`;
          return (
            <button key={status} type="button" className={filters.status === status ? `status-filter active ${status}` : `status-filter ${status}`} aria-pressed={filters.status === status} onClick={() => setFilters({ status })}>
              {status}
              <span className="status-count">{shown}</span>
            </button>
          );
        })}
      </div>
      {runs.isPending ? <LoadingState label="Loading runs…" /> : null}
      {runs.isError ? <ErrorState title="The runs could not be loaded" error={runs.error} onRetry={() => void runs.refetch()} /> : null}
      {runs.isSuccess && items.length === 0 ? (
        <EmptyState title={filtered || filters.status !== '' ? 'No runs match these filters' : 'No runs yet'}>
          <p>{filtered || filters.status !== '' ? 'Change or clear the filters to see more.' : 'Runs appear here when a workflow’s active version is started: by hand, by a webhook or on its schedule.'}</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <table className="table runs-table">
          <caption className="sr-only">Runs, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Workflow</th>
              {crossCustomer ? <th scope="col">Workspace</th> : null}
              <th scope="col">Business key</th>
              <th scope="col">Started by</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {items.map((run) => (
              <tr key={run.id}>
                <td>
                  <StatusChip status={run.status} />
                </td>
                <td>
                  <Link to={workspacePath(run.tenantId, `runs/${run.id}`)}>
                    {run.workflowName ?? 'A workflow file'}
                    {run.workflowVersion === null ? ' (draft)' : ` v${run.workflowVersion}`}
                  </Link>
                </td>
                {crossCustomer ? <td>{workspaceName(run.tenantId)}</td> : null}
                <td>{run.businessKey ?? '—'}</td>
                <td>{triggerLabel(run.triggerType)}</td>
                <td>
                  <DateTime iso={run.createdAt} />
                </td>
                <td>{run.durationMs === null ? '—' : durationText(run.durationMs)}</td>
                <td className="run-error-cell">{run.error ? run.error.message : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {runs.hasNextPage ? (
        <button type="button" className="button" onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
          {runs.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
