import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/api-client.js';
import type { RunDefinition, RunDetail, RunStatusCounts, RunSummary, Task } from '../app/api-types.js';

const base = (tenantId: string) => `/api/v1/tenants/${encodeURIComponent(tenantId)}`;

/** How often a list or a run with something in progress is read again (no reload; the page stays where it is). */
const LIVE_INTERVAL_MS = 3_000;

const inProgress = (status: RunSummary['status']) => status === 'queued' || status === 'running' || status === 'waiting';

/** The runs list for an API query, page by page ("Load more"), read again every few seconds while shown. */
export function useRuns(tenantId: string, query: URLSearchParams) {
  const text = query.toString();
  return useInfiniteQuery({
    queryKey: ['runs', tenantId, text],
    queryFn: ({ pageParam }) => api<{ items: RunSummary[]; nextCursor: string | null }>('GET', `${base(tenantId)}/runs?${text}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // New runs appear and runs in progress move on without a reload.
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

/** How many runs match the filters in each status. */
export function useStatusCounts(tenantId: string, query: URLSearchParams) {
  const text = query.toString();
  return useQuery({
    queryKey: ['run-counts', tenantId, text],
    queryFn: () => api<RunStatusCounts>('GET', `${base(tenantId)}/runs/status-counts?${text}`),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

/** A run with its steps (up to 500), read again while it is in progress. */
export function useRun(tenantId: string, runId: string) {
  return useQuery({
    queryKey: ['run', tenantId, runId],
    queryFn: () => api<RunDetail>('GET', `${base(tenantId)}/runs/${encodeURIComponent(runId)}?stepsLimit=500`),
    refetchInterval: (query) => (query.state.data && !inProgress(query.state.data.status) ? false : LIVE_INTERVAL_MS / 3),
  });
}

/** The definition a run executed. */
export function useRunDefinition(tenantId: string, runId: string) {
  return useQuery({
    queryKey: ['run-definition', tenantId, runId],
    queryFn: () => api<RunDefinition>('GET', `${base(tenantId)}/runs/${encodeURIComponent(runId)}/definition`),
    staleTime: Infinity,
  });
}

/** The approval tasks a run raised, with their decisions. */
export function useRunTasks(tenantId: string, runId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['run-tasks', tenantId, runId],
    queryFn: () => api<Task[]>('GET', `${base(tenantId)}/tasks?runId=${encodeURIComponent(runId)}`),
    enabled,
  });
}

/** Cancel and Retry from the failed step; both refresh the run and the lists. */
export function useRunActions(tenantId: string, runId: string) {
  const client = useQueryClient();
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['run', tenantId, runId] }), client.invalidateQueries({ queryKey: ['runs', tenantId] })]);
  return {
    cancel: useMutation({ mutationFn: () => api<unknown>('POST', `${base(tenantId)}/runs/${encodeURIComponent(runId)}/cancel`), onSuccess: refresh }),
    retry: useMutation({ mutationFn: () => api<unknown>('POST', `${base(tenantId)}/runs/${encodeURIComponent(runId)}/retry`), onSuccess: refresh }),
  };
}

/** What starts a run by hand: the active version (`runs`) or the draft as a test (`test-runs`). */
export interface StartRun {
  readonly workflowId: string;
  readonly kind: 'runs' | 'test-runs';
  readonly input: unknown;
  readonly params: Record<string, unknown>;
}

/** Starts a run; answers its id. */
export function useStartRun(tenantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ workflowId, kind, input, params }: StartRun) => api<{ runId: string }>('POST', `${base(tenantId)}/workflows/${encodeURIComponent(workflowId)}/${kind}`, { input, params }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['runs', tenantId] }),
  });
}
