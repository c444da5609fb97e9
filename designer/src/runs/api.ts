import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/api-client.js';
import type { ReplayStarted, RunDefinition, RunDetail, RunStatusCounts, RunSummary, Task } from '../app/api-types.js';

/** How often a run in progress is read again on its page. */
const POLL_INTERVAL_MS = 1000;

/** Statuses after which a run changes no more on its own. */
const FINISHED: ReadonlySet<RunDetail['status']> = new Set(['succeeded', 'failed', 'cancelled']);

/** Whether a run has finished (succeeded, failed or cancelled). */
export function isFinished(run: Pick<RunDetail, 'status'>): boolean {
  return FINISHED.has(run.status);
}

const runBase = (tenantId: string, runId: string) => `/api/v1/tenants/${encodeURIComponent(tenantId)}/runs/${encodeURIComponent(runId)}`;
const runKey = (tenantId: string, runId: string) => ['run', tenantId, runId] as const;

/** A run with its steps (the first 500), read again every second while it is in progress. */
export function useRun(tenantId: string, runId: string) {
  return useQuery({
    queryKey: runKey(tenantId, runId),
    queryFn: () => api<RunDetail>('GET', `${runBase(tenantId, runId)}?stepsLimit=500`),
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data) ? false : POLL_INTERVAL_MS),
  });
}

/** The definition a run executed (never changes). */
export function useRunDefinition(tenantId: string, runId: string) {
  return useQuery({
    queryKey: ['run-definition', tenantId, runId],
    queryFn: () => api<RunDefinition>('GET', `${runBase(tenantId, runId)}/definition`),
    staleTime: Infinity,
  });
}

/** The approval tasks a run raised, with their decisions; read again while the run is in progress. */
export function useRunTasks(tenantId: string, runId: string, live: boolean) {
  return useQuery({
    queryKey: ['run-tasks', tenantId, runId],
    queryFn: () => api<Task[]>('GET', `/api/v1/tenants/${encodeURIComponent(tenantId)}/tasks?runId=${encodeURIComponent(runId)}`),
    refetchInterval: live ? POLL_INTERVAL_MS : false,
  });
}

/** A body of a run whole (the detail cuts those over 256 KiB): the `href` a cut body names. */
export function fetchWholeBody(href: string): Promise<unknown> {
  return api<unknown>('GET', href);
}

/** Cancel, Retry from failed step, Replay with draft — each refreshes the run. */
export function useRunActions(tenantId: string, runId: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: runKey(tenantId, runId) });
  return {
    cancel: useMutation({ mutationFn: () => api('POST', `${runBase(tenantId, runId)}/cancel`), onSuccess: refresh }),
    retry: useMutation({ mutationFn: () => api('POST', `${runBase(tenantId, runId)}/retry`), onSuccess: refresh }),
    replay: useMutation({ mutationFn: () => api<ReplayStarted>('POST', `${runBase(tenantId, runId)}/replay`) }),
  };
}

/** Starts a run of a workflow's active version by hand. */
export function useStartRun(tenantId: string, workflowId: string) {
  return useMutation({
    mutationFn: (request: { input: unknown; params: Record<string, unknown> }) =>
      api<{ runId: string }>('POST', `/api/v1/tenants/${encodeURIComponent(tenantId)}/workflows/${encodeURIComponent(workflowId)}/runs`, request),
  });
}

/** How often the runs list is read again: new runs appear and runs in progress move on, with no reload. */
const LIST_INTERVAL_MS = 3_000;

/** The runs list for an API query, page by page ("Load more"), read again every few seconds while shown. */
export function useRuns(tenantId: string, query: URLSearchParams) {
  const text = query.toString();
  return useInfiniteQuery({
    queryKey: ['runs', tenantId, text],
    queryFn: ({ pageParam }) =>
      api<{ items: RunSummary[]; nextCursor: string | null }>('GET', `/api/v1/tenants/${encodeURIComponent(tenantId)}/runs?${text}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: LIST_INTERVAL_MS,
  });
}

/** How many runs match the list's filters in each status. */
export function useStatusCounts(tenantId: string, query: URLSearchParams) {
  const text = query.toString();
  return useQuery({
    queryKey: ['run-counts', tenantId, text],
    queryFn: () => api<RunStatusCounts>('GET', `/api/v1/tenants/${encodeURIComponent(tenantId)}/runs/status-counts?${text}`),
    refetchInterval: LIST_INTERVAL_MS,
  });
}
