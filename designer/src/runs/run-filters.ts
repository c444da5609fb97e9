import { SEARCH_ATTRIBUTE_NAME } from '../../../runtime/definition/search-attributes.js';
import type { RunSummary } from '../app/api-types.js';

/** The runs list's filters, as the address keeps them (so a filtered list can be shared and reloaded). */
export interface RunFilters {
  readonly workflowId: string;
  readonly version: string;
  readonly status: '' | RunSummary['status'];
  readonly trigger: string;
  /** `datetime-local` values, in the browser's time zone. */
  readonly from: string;
  readonly to: string;
  /** For a partner's workspace: '' its own runs, 'all' its and its customers', or one customer's id. */
  readonly customer: string;
  /** Runs with exactly this business key. */
  readonly businessKey: string;
  /** Runs with this search attribute, as `name=value` (exact). */
  readonly attribute: string;
}

const KEYS = ['workflowId', 'version', 'status', 'trigger', 'from', 'to', 'customer', 'businessKey', 'attribute'] as const;

const STATUSES: readonly RunFilters['status'][] = ['', 'queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];

/** The filters in an address's query (unknown values are dropped). */
export function readRunFilters(params: URLSearchParams): RunFilters {
  const value = (key: (typeof KEYS)[number]) => params.get(key) ?? '';
  const status = STATUSES.find((candidate) => candidate === value('status')) ?? '';
  return { workflowId: value('workflowId'), version: /^\d+$/.test(value('version')) ? value('version') : '', status, trigger: value('trigger'), from: value('from'), to: value('to'), customer: value('customer'),
    businessKey: value('businessKey'),
    attribute: value('attribute'),
  };
}

/** The address query of some filters (empty ones left out). */
export function runFiltersQuery(filters: RunFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key] !== '') params.set(key, filters[key]);
  return params;
}

/** A `datetime-local` value as an ISO instant, or undefined when empty or unreadable. */
function instant(local: string): string | undefined {
  if (local === '') return undefined;
  const time = new Date(local).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The API's query for the filters: the list's (with status) or the status counts' (without). */
export function runsApiQuery(filters: RunFilters, withStatus: boolean): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.workflowId !== '') params.set('workflowId', filters.workflowId);
  if (filters.version !== '') params.set('version', filters.version);
  if (withStatus && filters.status !== '') params.set('status', filters.status);
  if (filters.trigger !== '') params.set('trigger', filters.trigger);
  const from = instant(filters.from);
  const to = instant(filters.to);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (filters.businessKey.trim() !== '') params.set('businessKey', filters.businessKey.trim());
  const attribute = attributeFilter(filters.attribute);
  if (attribute) params.set(`attr.${attribute.name}`, attribute.value);
  if (filters.customer === 'all') params.set('scope', 'customers');
  else if (filters.customer !== '') params.set('customerId', filters.customer);
  return params;
}

/** An attribute filter typed as `name=value`, or undefined until it has both and the name is one an attribute can have. */
export function attributeFilter(text: string): { name: string; value: string } | undefined {
  const separator = text.indexOf('=');
  if (separator < 1) return undefined;
  const name = text.slice(0, separator).trim();
  const value = text.slice(separator + 1).trim();
  return !SEARCH_ATTRIBUTE_NAME.test(name) || value === '' ? undefined : { name, value };
}
