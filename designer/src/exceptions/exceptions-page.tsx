import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { DateTime } from '../app/date-time.js';
import { useCan } from '../app/permissions.js';
import { useMe } from '../app/session.js';
import { useWorkspace } from '../app/workspace.js';
import { CustomerScopeSelect, useCustomerScope } from '../shared/customer-scope.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { useExceptions } from './api.js';
import { BulkAssign } from './bulk-assign.js';
import { ExceptionPanel } from './exception-panel.js';
import { exceptionFiltersQuery, exceptionsApiQuery, readExceptionFilters, type ExceptionFilters } from './exception-filters.js';
import './exceptions.css';

const STATES = [
  { value: 'unresolved', label: 'Needing work' },
  { value: 'open', label: 'Open' },
  { value: 'assigned', label: 'Assigned' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'dismissed', label: 'Dismissed' },
  { value: 'all', label: 'All' },
];
const SEVERITIES = ['critical', 'high', 'medium', 'low'];

/**
 * The Exceptions section, the remediation queue: what workflows and failed runs raised, highest
 * priority first (or newest first) — for a partner, across its customers — filtered by state,
 * severity, category, workflow and "assigned to me" (kept in the address), and beside it the chosen
 * exception to work. In the workspace's own queue, people who work exceptions select rows and
 * assign them together.
 */
export function ExceptionsPage() {
  const { tenant } = useWorkspace();
  const { me } = useMe();
  const [params, setParams] = useSearchParams();
  const filters = readExceptionFilters(params);
  const opened = params.get('open');
  const setFilters = (change: Partial<ExceptionFilters>) => setParams(exceptionFiltersQuery({ ...filters, ...change }), { replace: true });
  // The opened exception's workspace is kept beside it: a customer's stays open after it leaves the list (resolved).
  const openedIn = params.get('openIn');
  const open = (item: { id: string; tenantId: string } | null) => {
    const next = exceptionFiltersQuery(filters);
    if (item !== null) next.set('open', item.id);
    if (item !== null && item.tenantId !== tenant.id) next.set('openIn', item.tenantId);
    setParams(next, { replace: true });
  };
  const exceptions = useExceptions(tenant.id, exceptionsApiQuery(filters));
  const items = exceptions.data?.pages.flatMap((page) => page.items) ?? [];
  const { workspaceName } = useCustomerScope();
  const crossCustomer = filters.customer !== '';
  const filtered = filters.state !== 'unresolved' || filters.severity !== '' || filters.category !== '' || filters.workflowId !== '' || filters.mine !== '' || crossCustomer;
  // The bulk route works within one workspace: rows are selectable in the workspace's own queue.
  const selectable = useCan()('exception.manage') && !crossCustomer;
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const selected = items.filter((item) => picked.has(item.id)).map((item) => item.id);
  const allSelected = items.length > 0 && selected.length === items.length;
  const toggle = (id: string, on: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <section className="exceptions-page" aria-labelledby="exceptions-title">
      <h1 id="exceptions-title">Exceptions</h1>
      <form className="run-filters" aria-label="Filter exceptions" onSubmit={(event) => event.preventDefault()}>
        <CustomerScopeSelect noun="exceptions" value={filters.customer} onChange={(customer) => setFilters({ customer })} />
        <label>
          State
          <select value={filters.state} onChange={(event) => setFilters({ state: event.target.value })}>
            {STATES.map((state) => (
              <option key={state.value} value={state.value}>
                {state.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select value={filters.severity} onChange={(event) => setFilters({ severity: event.target.value })}>
            <option value="">Any severity</option>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </label>
        <label>
          Category
          <input type="text" value={filters.category} placeholder="Any category" onChange={(event) => setFilters({ category: event.target.value })} />
        </label>
        <label>
          Order
          <select value={filters.order} onChange={(event) => setFilters({ order: event.target.value })}>
            <option value="priority">Highest priority first</option>
            <option value="newest">Newest first</option>
          </select>
        </label>
        <label className="checkbox-field">
          <input type="checkbox" checked={filters.mine === '1'} onChange={(event) => setFilters({ mine: event.target.checked ? '1' : '' })} />
          Assigned to me
        </label>
        {filtered ? (
          <button type="button" className="button subtle" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            Clear filters
          </button>
        ) : null}
      </form>
      <div className="exceptions-layout">
        <div className="exceptions-list">
          {exceptions.isPending ? <LoadingState label="Loading exceptions…" /> : null}
          {exceptions.isError ? <ErrorState title="The exceptions could not be loaded" error={exceptions.error} onRetry={() => void exceptions.refetch()} /> : null}
          {exceptions.isSuccess && items.length === 0 ? (
            <EmptyState title={filtered ? 'No exception matches these filters' : 'Nothing needs work'}>
              <p>{filtered ? 'Change or clear the filters to see more.' : 'Exceptions appear here when a workflow raises one (Raise exception) or a run of an active version fails.'}</p>
            </EmptyState>
          ) : null}
          {selectable && items.length > 0 ? <BulkAssign tenantId={tenant.id} selected={selected} onDone={() => setPicked(new Set())} /> : null}
          {items.length > 0 ? (
            <table className="table exceptions-table">
              <caption className="sr-only">Exceptions, {filters.order === 'newest' ? 'newest first' : 'highest priority first'}</caption>
              <thead>
                <tr>
                  {selectable ? (
                    <th scope="col" className="select-cell">
                      <input
                        type="checkbox"
                        aria-label="Select all exceptions on this page"
                        checked={allSelected}
                        onChange={(event) => setPicked(new Set(event.target.checked ? items.map((item) => item.id) : []))}
                      />
                    </th>
                  ) : null}
                  <th scope="col">Exception</th>
                  <th scope="col">Priority</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Category</th>
                  <th scope="col">State</th>
                  {crossCustomer ? <th scope="col">Workspace</th> : null}
                  <th scope="col">Raised</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} aria-selected={item.id === opened} className={item.id === opened ? 'selected' : undefined}>
                    {selectable ? (
                      <td className="select-cell">
                        <input type="checkbox" aria-label={`Select ${item.key}: ${item.title}`} checked={picked.has(item.id)} onChange={(event) => toggle(item.id, event.target.checked)} />
                      </td>
                    ) : null}
                    <td>
                      <button type="button" className="link" onClick={() => open(item)}>
                        {item.key}: {item.title}
                      </button>
                      {item.overdue ? <strong className="overdue"> overdue</strong> : null}
                    </td>
                    <td>{item.priority}</td>
                    <td>
                      <span className={`severity-chip ${item.severity}`}>{item.severity}</span>
                    </td>
                    <td>{item.category}</td>
                    <td>
                      {item.state.replace('_', ' ')}
                      {item.assigneeId !== null && item.assigneeId === me?.user.id ? ' (you)' : ''}
                    </td>
                    {crossCustomer ? <td>{workspaceName(item.tenantId)}</td> : null}
                    <td>
                      <DateTime iso={item.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {exceptions.hasNextPage ? (
            <button type="button" className="button" disabled={exceptions.isFetchingNextPage} onClick={() => void exceptions.fetchNextPage()}>
              {exceptions.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          ) : null}
        </div>
        {opened !== null ? <ExceptionPanel key={opened} tenantId={openedIn ?? tenant.id} exceptionId={opened} onClose={() => open(null)} /> : null}
      </div>
    </section>
  );
}
