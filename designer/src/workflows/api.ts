import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/api-client.js';
import type { z } from 'zod';
import type { openedWorkflowSchema } from '../../../server/contract/templates.js';
import type { WorkflowDetail, WorkflowSummary } from '../app/api-types.js';

/** A workflow as the editor opens it: its detail and the template it was cloned from, if any. */
export type OpenedWorkflow = z.output<typeof openedWorkflowSchema>;

const base = (tenantId: string) => `/api/v1/tenants/${tenantId}/workflows`;

/** The query key of a tenant's workflow lists (every search and filter under it). */
export const workflowsKey = (tenantId: string) => ['workflows', tenantId] as const;

/** The query key of one workflow with its draft (the editor loads it). */
const workflowKey = (tenantId: string, workflowId: string) => ['workflow', tenantId, workflowId] as const;

/** Fetches a workflow with its current draft and revision. */
export function fetchDraft(tenantId: string, workflowId: string): Promise<OpenedWorkflow> {
  return api<OpenedWorkflow>('GET', `${base(tenantId)}/${workflowId}`);
}

/** The tenant's workflows, searched by name and filtered by status. */
export function useWorkflows(tenantId: string, search: string, status: string) {
  const query = new URLSearchParams();
  if (search) query.set('search', search);
  if (status) query.set('status', status);
  return useQuery({
    queryKey: [...workflowsKey(tenantId), search, status],
    queryFn: () => api<WorkflowSummary[]>('GET', `${base(tenantId)}?${query.toString()}`),
  });
}

/**
 * One workflow with its draft, as the editor opens it. Never refetched while open (the editor's
 * store owns the draft from then on) and forgotten when the editor closes (`gcTime: 0`), so every
 * opening starts from the server's current draft — also when someone else saved meanwhile.
 */
export function useWorkflowDetail(tenantId: string, workflowId: string) {
  return useQuery({ queryKey: workflowKey(tenantId, workflowId), queryFn: () => fetchDraft(tenantId, workflowId), staleTime: Infinity, gcTime: 0 });
}

/** Create, import, archive, restore — each refreshes the list. */
export function useWorkflowActions(tenantId: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: workflowsKey(tenantId) });
  return {
    create: useMutation({ mutationFn: (name: string) => api<WorkflowDetail>('POST', base(tenantId), { name }), onSuccess: refresh }),
    importDocument: useMutation({
      mutationFn: (document: Record<string, unknown>) => api<WorkflowDetail>('POST', `${base(tenantId)}/import`, document),
      onSuccess: refresh,
    }),
    archive: useMutation({ mutationFn: (id: string) => api('POST', `${base(tenantId)}/${id}/archive`), onSuccess: refresh }),
    restore: useMutation({ mutationFn: (id: string) => api('POST', `${base(tenantId)}/${id}/unarchive`), onSuccess: refresh }),
  };
}

/** Downloads a workflow as its exported JSON document. */
export async function exportWorkflow(tenantId: string, workflow: WorkflowSummary): Promise<void> {
  const document = await api<Record<string, unknown>>('GET', `${base(tenantId)}/${workflow.id}/export`);
  const url = URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' }));
  const link = Object.assign(window.document.createElement('a'), { href: url, download: `${workflow.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.flowgate.json` });
  link.click();
  URL.revokeObjectURL(url);
}
