import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/api-client.js';
import type { ApprovalInbox, Task } from '../app/api-types.js';

/** Every view of the inbox (and its count in the navigation); decisions anywhere invalidate it. */
const approvalsKey = ['approvals'] as const;

/** How often the count in the navigation is read again while the app is open. */
const REFRESH_MS = 60_000;

/** The signed-in user's approvals inbox across their workspaces: what waits (overdue first), or their history. */
export function useApprovalInbox(view: ApprovalInbox['view']) {
  return useQuery({
    queryKey: [...approvalsKey, view],
    queryFn: () => api<ApprovalInbox>('GET', `/api/v1/me/approvals?view=${view}`),
    refetchInterval: view === 'waiting' ? REFRESH_MS : false,
  });
}

/** Decides an approval-gate task (in the task's own tenant); `asTest` for the gate of one's own test run. */
export function useDecideTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ tenantId, taskId, decision, comment, asTest = false }: { tenantId: string; taskId: string; decision: 'approve' | 'reject'; comment: string; asTest?: boolean }) =>
      api<Task>('POST', `/api/v1/tenants/${encodeURIComponent(tenantId)}/tasks/${encodeURIComponent(taskId)}/decide`, { decision, comment, asTest }),
    onSuccess: () => client.invalidateQueries({ queryKey: approvalsKey }),
  });
}
