/** The queue's filters as the address keeps them (empty: not filtered). */
export interface ExceptionFilters {
  /** A state, `unresolved` (the default: what still needs work) or `all`. */
  readonly state: string;
  readonly severity: string;
  /** A category (`payment-mismatch`). */
  readonly category: string;
  /** A workflow's id: only what its runs raised. */
  readonly workflowId: string;
  /** `1`: only those assigned to me. */
  readonly mine: string;
  /** For a partner: '' (its own), `all` (with every customer) or a customer's id. */
  readonly customer: string;
  /** `priority` (the queue's order, the default: highest first, then oldest) or `newest`. */
  readonly order: string;
}

/** The filters in the address's search parameters. */
export function readExceptionFilters(params: URLSearchParams): ExceptionFilters {
  return {
    state: params.get('state') ?? 'unresolved',
    severity: params.get('severity') ?? '',
    category: params.get('category') ?? '',
    workflowId: params.get('workflowId') ?? '',
    mine: params.get('mine') ?? '',
    customer: params.get('customer') ?? '',
    order: params.get('order') === 'newest' ? 'newest' : 'priority',
  };
}

/** The address's search parameters for the filters (defaults left out). */
export function exceptionFiltersQuery(filters: ExceptionFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.state !== 'unresolved') params.set('state', filters.state);
  for (const key of ['severity', 'category', 'workflowId', 'mine', 'customer'] as const) if (filters[key] !== '') params.set(key, filters[key]);
  if (filters.order === 'newest') params.set('order', 'newest');
  return params;
}

/** How a category reads (nodes/flow.raiseException/spec.ts). */
const CATEGORY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The API's query string for the filters. */
export function exceptionsApiQuery(filters: ExceptionFilters): string {
  const params = new URLSearchParams();
  if (filters.state !== 'all') params.set('state', filters.state);
  if (filters.severity !== '') params.set('severity', filters.severity);
  // A category being typed is asked for once it is whole ("payment-" is not yet a category).
  if (CATEGORY.test(filters.category)) params.set('category', filters.category);
  if (filters.workflowId !== '') params.set('workflowId', filters.workflowId);
  if (filters.mine === '1') params.set('assignee', 'me');
  if (filters.customer === 'all') params.set('scope', 'customers');
  else if (filters.customer !== '') params.set('customerId', filters.customer);
  params.set('order', filters.order);
  return params.toString();
}
