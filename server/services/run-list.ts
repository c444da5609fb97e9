import { RUN_STATUSES, type RunFilter, type RunStatus, type RunStore, type RunSummary } from '../../runtime/store/index.js';

/** A runs list's filters, for one workspace or several. */
export type RunListFilter = Omit<RunFilter, 'tenantId' | 'parentRunId'>;

/** Counts per status stop here: "10,000 or more" says enough and keeps counting bounded. */
export const STATUS_COUNT_CAP = 10_000;

/**
 * The runs list across one or more workspaces (a partner and its customers), newest first: each
 * workspace's page is read through its own index and the pages are merged, so a partner with many
 * customers never sorts all their runs.
 */
export class RunListService {
  constructor(private readonly store: RunStore) {}

  /** The newest `filter.limit` runs of `tenantIds` after the cursor, merged newest first. */
  async list(tenantIds: readonly string[], filter: RunListFilter): Promise<RunSummary[]> {
    const pages = await Promise.all(tenantIds.map((tenantId) => this.store.listRuns({ ...filter, tenantId })));
    return pages
      .flat()
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, filter.limit);
  }

  /** How many runs of `tenantIds` match the filter in each status, each up to {@link STATUS_COUNT_CAP}. */
  async countByStatus(tenantIds: readonly string[], filter: Omit<RunListFilter, 'status' | 'after' | 'limit'>): Promise<Record<RunStatus, number>> {
    const totals = Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as Record<RunStatus, number>;
    for (const tenantId of tenantIds) {
      const counts = await this.store.countRunsByStatus({ ...filter, tenantId }, STATUS_COUNT_CAP);
      for (const status of RUN_STATUSES) totals[status] = Math.min(STATUS_COUNT_CAP, totals[status] + counts[status]);
    }
    return totals;
  }
}
