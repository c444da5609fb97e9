/** The time ranges the dashboard offers, with the buckets of its runs-over-time chart. */
export const INSIGHT_RANGES = [
  { value: '24h', label: 'Last 24 hours', hours: 24, bucket: 'hour' },
  { value: '7d', label: 'Last 7 days', hours: 7 * 24, bucket: 'day' },
  { value: '30d', label: 'Last 30 days', hours: 30 * 24, bucket: 'day' },
  { value: '90d', label: 'Last 90 days', hours: 90 * 24, bucket: 'day' },
] as const;

/** One of the dashboard's time ranges. */
export type InsightRange = (typeof INSIGHT_RANGES)[number];

const DEFAULT_RANGE: InsightRange = INSIGHT_RANGES[1];
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** The dashboard's filters as the address keeps them. */
export interface InsightsFilters {
  /** A value of {@link INSIGHT_RANGES}. */
  readonly range: InsightRange['value'];
  /** A workflow's id ('' for all). */
  readonly workflowId: string;
  /** For a partner: '' (its own workspace), `all` (with every customer) or a customer's id. */
  readonly customer: string;
}

/** The range of a filter value (the default, 7 days, for anything unknown). */
export function rangeOf(value: string): InsightRange {
  return INSIGHT_RANGES.find((range) => range.value === value) ?? DEFAULT_RANGE;
}

/**
 * The filters in the address's search parameters. `defaultCustomer` is what an address without
 * `customer` means: `all` in a partner's workspace (its dashboard covers its customers), else ''.
 */
export function readInsightsFilters(params: URLSearchParams, defaultCustomer: string): InsightsFilters {
  return { range: rangeOf(params.get('range') ?? '').value, workflowId: params.get('workflowId') ?? '', customer: params.get('customer') ?? defaultCustomer };
}

/** The address's search parameters for the filters (defaults left out; the own workspace of a partner is `customer=`). */
export function insightsFiltersQuery(filters: InsightsFilters, defaultCustomer: string): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.range !== DEFAULT_RANGE.value) params.set('range', filters.range);
  if (filters.workflowId !== '') params.set('workflowId', filters.workflowId);
  if (filters.customer !== defaultCustomer) params.set('customer', filters.customer);
  return params;
}

/**
 * The time span of a range ending now. The end is rounded up to the next minute, so the span (and
 * the query asking for it) stays the same while the page re-renders within that minute.
 */
export function rangeSpan(range: InsightRange['value'], now: number): { from: Date; to: Date } {
  const to = Math.ceil(now / MINUTE_MS) * MINUTE_MS;
  return { from: new Date(to - rangeOf(range).hours * HOUR_MS), to: new Date(to) };
}

/** The API's query string (see server/contract/insights.ts) for the filters at `now`. */
export function insightsApiQuery(filters: InsightsFilters, now: number): string {
  const { from, to } = rangeSpan(filters.range, now);
  const params = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), bucket: rangeOf(filters.range).bucket });
  if (filters.workflowId !== '') params.set('workflowId', filters.workflowId);
  if (filters.customer === 'all') params.set('scope', 'customers');
  else if (filters.customer !== '') params.set('customerId', filters.customer);
  return params.toString();
}
