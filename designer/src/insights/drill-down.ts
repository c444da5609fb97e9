import { exceptionFiltersQuery } from '../exceptions/exception-filters.js';
import { runFiltersQuery, type RunFilters } from '../runs/run-filters.js';
import type { InsightsFilters } from './insights-filters.js';

/** Where the dashboard stands: the workspace it is opened in and its filters' time span. */
export interface DrillContext {
  readonly tenantId: string;
  readonly filters: InsightsFilters;
  readonly from: Date;
  readonly to: Date;
}

/** What a figure narrows the runs to, beyond the dashboard's filters. */
export interface RunsDrill {
  readonly status?: RunFilters['status'];
  /** The workspace of the figure's row (a customer's, in a partner's roll-up). */
  readonly rowTenantId?: string;
  readonly workflowId?: string;
  /** A bucket's span instead of the whole range. */
  readonly from?: Date;
  readonly to?: Date;
}

/** What a figure narrows the exceptions to. */
export interface ExceptionsDrill {
  readonly category?: string;
  readonly severity?: string;
  readonly rowTenantId?: string;
  readonly workflowId?: string;
  /** `unresolved` for the open ones; all states otherwise. */
  readonly state?: string;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** A time as the runs page's `datetime-local` filter holds it (the browser's time zone, to the minute). */
export function localMinute(time: Date): string {
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}T${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

/** The runs and exceptions pages' customer choice for a figure: its row's workspace, else the dashboard's. */
function customerOf(context: DrillContext, rowTenantId: string | undefined): string {
  if (rowTenantId === undefined) return context.filters.customer;
  return rowTenantId === context.tenantId ? '' : rowTenantId;
}

const page = (tenantId: string, section: string, query: URLSearchParams) => `/t/${encodeURIComponent(tenantId)}/${section}${query.size > 0 ? `?${query.toString()}` : ''}`;

/** The Runs page filtered to a figure's runs: its status, workflow, workspace and time span. */
export function runsHref(context: DrillContext, drill: RunsDrill = {}): string {
  const query = runFiltersQuery({
    workflowId: drill.workflowId ?? context.filters.workflowId,
    version: '',
    status: drill.status ?? '',
    trigger: '',
    from: localMinute(drill.from ?? context.from),
    to: localMinute(drill.to ?? context.to),
    customer: customerOf(context, drill.rowTenantId),
    businessKey: '',
    attribute: '',
  });
  return page(context.tenantId, 'runs', query);
}

/** The Exceptions page filtered to a figure's exceptions: category, severity, workflow and workspace. */
export function exceptionsHref(context: DrillContext, drill: ExceptionsDrill = {}): string {
  const query = exceptionFiltersQuery({
    state: drill.state ?? 'all',
    severity: drill.severity ?? '',
    category: drill.category ?? '',
    workflowId: drill.workflowId ?? context.filters.workflowId,
    mine: '',
    customer: customerOf(context, drill.rowTenantId),
    order: 'newest',
  });
  return page(context.tenantId, 'exceptions', query);
}

/** A run's own page, in the workspace it belongs to. */
export function runHref(tenantId: string, runId: string): string {
  return `/t/${encodeURIComponent(tenantId)}/runs/${encodeURIComponent(runId)}`;
}
