import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../app/api-client.js';
import type { Member, RunDetail } from '../app/api-types.js';
import type { exceptionDetailSchema, exceptionSchema } from '../../../server/contract/exceptions.js';

/** An exception as the list shows it. */
export type ExceptionSummary = z.infer<typeof exceptionSchema>;
/** An exception with its notes and runs. */
export type ExceptionDetail = z.infer<typeof exceptionDetailSchema>;
/** What a person changes on an exception. */
export interface ExceptionChange {
  readonly state?: ExceptionSummary['state'];
  readonly assigneeId?: string | null;
  readonly category?: string;
  readonly severity?: ExceptionSummary['severity'];
  readonly note?: string;
}

/** How often the queue is read again, so exceptions raised meanwhile show up. */
const POLL_INTERVAL_MS = 5000;

const base = (tenantId: string) => `/api/v1/tenants/${encodeURIComponent(tenantId)}/exceptions`;
const listKey = (tenantId: string) => ['exceptions', tenantId] as const;
const detailKey = (tenantId: string, id: string) => ['exception', tenantId, id] as const;

/** The queue's exceptions for a query string (filters), newest first, a page at a time. */
export function useExceptions(tenantId: string, query: string) {
  return useInfiniteQuery({
    queryKey: [...listKey(tenantId), query],
    queryFn: ({ pageParam }) => api<{ items: ExceptionSummary[]; nextCursor: string | null }>('GET', `${base(tenantId)}?${query}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: POLL_INTERVAL_MS,
  });
}

/** One exception with its notes; `tenantId` is the workspace it belongs to. */
export function useException(tenantId: string, id: string | null) {
  return useQuery({ queryKey: detailKey(tenantId, id ?? ''), queryFn: () => api<ExceptionDetail>('GET', `${base(tenantId)}/${encodeURIComponent(id ?? '')}`), enabled: id !== null });
}

/** Changing an exception and adding notes; both refresh the queue and the exception. */
export function useExceptionActions() {
  const client = useQueryClient();
  const refresh = (detail: ExceptionDetail) => {
    client.setQueryData(detailKey(detail.tenantId, detail.id), detail);
    // Every queue that may list it: a partner's across customers as well as the customer's own.
    void client.invalidateQueries({ queryKey: ['exceptions'] });
  };
  return {
    change: useMutation({ mutationFn: ({ exception, change }: { exception: Pick<ExceptionSummary, 'id' | 'tenantId'>; change: ExceptionChange }) => api<ExceptionDetail>('PATCH', `${base(exception.tenantId)}/${encodeURIComponent(exception.id)}`, change), onSuccess: refresh }),
    note: useMutation({ mutationFn: ({ exception, text }: { exception: Pick<ExceptionSummary, 'id' | 'tenantId'>; text: string }) => api<ExceptionDetail>('POST', `${base(exception.tenantId)}/${encodeURIComponent(exception.id)}/notes`, { text }), onSuccess: refresh }),
  };
}

/** The same assignment of several exceptions of one workspace, all or none (POST .../exceptions/bulk). */
export interface BulkAssignment {
  readonly ids: readonly string[];
  /** `me`, a member's id. */
  readonly assigneeId: string;
}

/** Assigning several exceptions at once; refreshes the queue and the exceptions it changed. */
export function useBulkAssign(tenantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, assigneeId }: BulkAssignment) => api<{ items: ExceptionSummary[] }>('POST', `${base(tenantId)}/bulk`, { ids, change: { assigneeId } }),
    onSuccess: ({ items }) => {
      for (const item of items) void client.invalidateQueries({ queryKey: detailKey(item.tenantId, item.id) });
      void client.invalidateQueries({ queryKey: listKey(tenantId) });
    },
  });
}

/** The members of a workspace, to assign exceptions to; only asked for where the user may see them. */
export function useAssignableMembers(tenantId: string, enabled: boolean) {
  return useQuery({ queryKey: ['exception-assignees', tenantId], queryFn: () => api<Member[]>('GET', `/api/v1/tenants/${encodeURIComponent(tenantId)}/members`), enabled });
}

const runKey = (tenantId: string, runId: string) => ['exception-run', tenantId, runId] as const;

/** The run an exception concerns (its status and error), read again every 2 s while it is in progress. */
export function useLinkedRun(tenantId: string, runId: string) {
  return useQuery({
    queryKey: runKey(tenantId, runId),
    queryFn: () => api<RunDetail>('GET', `/api/v1/tenants/${encodeURIComponent(tenantId)}/runs/${encodeURIComponent(runId)}?stepsLimit=1`),
    refetchInterval: (query) => (query.state.data && ['succeeded', 'failed', 'cancelled'].includes(query.state.data.status) ? false : 2000),
  });
}

/** Runs a failed run again from the step that failed (POST .../runs/:runId/retry); the run is read again. */
export function useRerunFailedStep(tenantId: string, runId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<unknown>('POST', `/api/v1/tenants/${encodeURIComponent(tenantId)}/runs/${encodeURIComponent(runId)}/retry`),
    onSuccess: () => client.invalidateQueries({ queryKey: runKey(tenantId, runId) }),
  });
}
