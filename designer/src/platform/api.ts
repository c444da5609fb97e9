import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/api-client.js';
import type { Invitation, Partner } from '../app/api-types.js';

const partnersKey = ['platform', 'partners'] as const;

/** Every partner of the installation (platform operators only). */
export function usePartners() {
  return useQuery({ queryKey: partnersKey, queryFn: () => api<Partner[]>('GET', '/api/v1/platform/partners') });
}

/** Creating, suspending and resuming partners and setting their sign-in host names; each refreshes the list. */
export function usePartnerActions() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: partnersKey });
  return {
    create: useMutation({
      mutationFn: (body: { name: string; slug: string; ownerEmail: string }) => api<{ partner: Partner; invitation: Invitation; delivery: 'sent' | 'failed' }>('POST', '/api/v1/platform/partners', body),
      onSuccess: refresh,
    }),
    suspend: useMutation({ mutationFn: (input: { id: string; reason: string }) => api<Partner>('POST', `/api/v1/platform/partners/${input.id}/suspend`, { reason: input.reason }), onSuccess: refresh }),
    resume: useMutation({ mutationFn: (id: string) => api<Partner>('POST', `/api/v1/platform/partners/${id}/resume`), onSuccess: refresh }),
    setHost: useMutation({ mutationFn: (input: { id: string; host: string | null }) => api<Partner>('PUT', `/api/v1/platform/partners/${input.id}/sign-in-host`, { host: input.host }), onSuccess: refresh }),
  };
}
