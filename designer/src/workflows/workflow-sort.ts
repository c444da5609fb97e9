import type { WorkflowSummary } from '../app/api-types.js';

/** The columns the workflow list sorts by. */
export type WorkflowSortKey = 'name' | 'status' | 'updated';

/** A sort: a column and a direction. */
export interface WorkflowSort {
  readonly key: WorkflowSortKey;
  readonly direction: 'asc' | 'desc';
}

/** What the list shows first: the most recently changed workflow (the server's order too). */
export const DEFAULT_SORT: WorkflowSort = { key: 'updated', direction: 'desc' };

/** The direction a column starts in when first chosen: names A to Z, statuses live first, newest first. */
const FIRST_DIRECTION: Record<WorkflowSortKey, 'asc' | 'desc'> = { name: 'asc', status: 'asc', updated: 'desc' };

/** A sort from the address (`?sort=name&dir=asc`); anything unknown is the default. */
export function readSort(sort: string | null, direction: string | null): WorkflowSort {
  if (sort !== 'name' && sort !== 'status' && sort !== 'updated') return DEFAULT_SORT;
  return { key: sort, direction: direction === 'asc' || direction === 'desc' ? direction : FIRST_DIRECTION[sort] };
}

/** The sort after choosing a column: the other direction for the current one, the column's first direction for another. */
export function nextSort(current: WorkflowSort, key: WorkflowSortKey): WorkflowSort {
  if (current.key !== key) return { key, direction: FIRST_DIRECTION[key] };
  return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
}

/** A workflow's status as the list sorts it: live (an active version), waiting for sign-off, draft, archived. */
export function statusRank(workflow: WorkflowSummary): number {
  if (workflow.archived) return 3;
  if (workflow.activeVersion !== null) return 0;
  if (workflow.pendingVersions > 0) return 1;
  return 2;
}

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * The workflows in the chosen order; ties by name, then by id, so the order never jumps between
 * refreshes. Names compare as people read them: without case, "Flow 2" before "Flow 10".
 */
export function sortWorkflows(workflows: readonly WorkflowSummary[], sort: WorkflowSort): WorkflowSummary[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const primary = (a: WorkflowSummary, b: WorkflowSummary): number => {
    if (sort.key === 'name') return byName.compare(a.name, b.name);
    if (sort.key === 'status') return statusRank(a) - statusRank(b);
    return Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
  };
  return [...workflows].sort((a, b) => sign * primary(a, b) || byName.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
