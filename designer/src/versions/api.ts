import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/api-client.js';
import type { Activation, RunsInFlight, VersionDetail, WorkflowDetail, WorkflowVersion } from '../app/api-types.js';
import { workflowsKey } from '../workflows/api.js';

const base = (tenantId: string, workflowId: string) => `/api/v1/tenants/${tenantId}/workflows/${workflowId}`;

/** Everything about one workflow's versions (lists, activations, runs in flight), invalidated together after a change. */
const governanceKey = (tenantId: string, workflowId: string) => ['governance', tenantId, workflowId] as const;

/** One version's definition: versions never change, so it is fetched once. */
const versionKey = (tenantId: string, workflowId: string, version: number) => ['version', tenantId, workflowId, version] as const;

/** The draft as a comparison reads it (not the editor's own copy, which its store owns). */
export const draftKey = (tenantId: string, workflowId: string) => ['governance', tenantId, workflowId, 'draft'] as const;

/** The workflow's versions, newest first. */
export function useVersions(tenantId: string, workflowId: string) {
  return useQuery({
    queryKey: [...governanceKey(tenantId, workflowId), 'versions'],
    queryFn: () => api<WorkflowVersion[]>('GET', `${base(tenantId, workflowId)}/versions`),
  });
}

/** Its activations (rollbacks included), newest first. */
export function useActivations(tenantId: string, workflowId: string) {
  return useQuery({
    queryKey: [...governanceKey(tenantId, workflowId), 'activations'],
    queryFn: () => api<Activation[]>('GET', `${base(tenantId, workflowId)}/activations`),
  });
}

/** A version with its definition. */
export function useVersionDetail(tenantId: string, workflowId: string, version: number | null) {
  return useQuery({
    queryKey: versionKey(tenantId, workflowId, version ?? 0),
    queryFn: () => api<VersionDetail>('GET', `${base(tenantId, workflowId)}/versions/${version ?? 0}`),
    enabled: version !== null,
    staleTime: Infinity,
  });
}

/** The saved draft, as a comparison shows it. */
export function useDraft(tenantId: string, workflowId: string, enabled = true) {
  return useQuery({ queryKey: draftKey(tenantId, workflowId), queryFn: () => api<WorkflowDetail>('GET', base(tenantId, workflowId)), enabled });
}

/** How many runs of each version are unfinished (a rollback lets them finish on theirs). */
export function useRunsInFlight(tenantId: string, workflowId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...governanceKey(tenantId, workflowId), 'runs-in-flight'],
    queryFn: () => api<RunsInFlight>('GET', `${base(tenantId, workflowId)}/runs-in-flight`),
    enabled,
    staleTime: 0,
  });
}

/**
 * Submit, review, activate (and roll back), restore: each refreshes the workflow's versions, its
 * lists and the approvals inbox, which they all change.
 */
export function useVersionActions(tenantId: string, workflowId: string) {
  const client = useQueryClient();
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: governanceKey(tenantId, workflowId) }),
      client.invalidateQueries({ queryKey: workflowsKey(tenantId) }),
      client.invalidateQueries({ queryKey: ['approvals'] }),
    ]);
  return {
    submit: useMutation({
      mutationFn: (note: string) => api<WorkflowVersion>('POST', `${base(tenantId, workflowId)}/versions`, { note }),
      onSuccess: refresh,
    }),
    review: useMutation({
      mutationFn: ({ version, decision, comment }: { version: number; decision: 'approve' | 'reject'; comment: string }) =>
        api<WorkflowVersion>('POST', `${base(tenantId, workflowId)}/versions/${version}/${decision}`, { comment }),
      onSuccess: refresh,
    }),
    activate: useMutation({
      mutationFn: ({ version, reason }: { version: number; reason: string }) =>
        api<{ version: number; previousVersion: number | null; rollback: boolean }>('POST', `${base(tenantId, workflowId)}/activate`, { version, reason }),
      onSuccess: refresh,
    }),
    restore: useMutation({
      mutationFn: (version: number) => api<{ revision: number; draft: Record<string, unknown> }>('POST', `${base(tenantId, workflowId)}/versions/${version}/restore`),
      onSuccess: refresh,
    }),
  };
}
