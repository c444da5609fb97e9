import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api-client.js';
import type { IssuedWebhookSecret, WebhookTriggerSummary } from '../../app/api-types.js';

const triggersPath = (tenantId: string, workflowId: string) => `/api/v1/tenants/${encodeURIComponent(tenantId)}/workflows/${encodeURIComponent(workflowId)}/triggers`;

/** The webhooks of the workflow's active version (none while no version is active). */
export function useWebhookTriggers(tenantId: string, workflowId: string) {
  return useQuery({
    queryKey: ['webhook-triggers', tenantId, workflowId],
    queryFn: () => api<WebhookTriggerSummary[]>('GET', triggersPath(tenantId, workflowId)),
    enabled: tenantId !== '' && workflowId !== '',
  });
}

/** What a new webhook secret is: random unless `secret` (the sender's own); the previous one works `overlapMinutes` more. */
export interface SecretRequest {
  readonly nodeId: string;
  readonly overlapMinutes: number;
  readonly secret?: string;
}

/** Issues a new secret for a webhook trigger: the answer holds it, once, and until when the previous one works. */
export function useIssueWebhookSecret(tenantId: string, workflowId: string) {
  return useMutation({
    mutationFn: ({ nodeId, ...body }: SecretRequest) => api<IssuedWebhookSecret>('POST', `${triggersPath(tenantId, workflowId)}/${encodeURIComponent(nodeId)}/secret`, body),
  });
}
