import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../app/api-client.js';
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
