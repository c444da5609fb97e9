import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/api-client.js';
import type { SsoConnectionInput, SsoSettings } from '../app/api-types.js';
import { settingsKeys } from '../settings/api.js';

const ssoPath = (tenantId: string) => `/api/v1/tenants/${encodeURIComponent(tenantId)}/sso`;
const ssoKey = (tenantId: string) => ['settings', tenantId, 'sso'] as const;

/** A partner's single sign-on connection and the redirect URI to register at the provider. */
export function useSsoSettings(tenantId: string) {
  return useQuery({ queryKey: ssoKey(tenantId), queryFn: () => api<SsoSettings>('GET', ssoPath(tenantId)) });
}

/** Saves or removes the connection; the page and the audit log refresh. */
export function useSsoChanges(tenantId: string) {
  const client = useQueryClient();
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ssoKey(tenantId) });
    await client.invalidateQueries({ queryKey: settingsKeys.audit(tenantId) });
  };
  return {
    save: useMutation({ mutationFn: (body: SsoConnectionInput) => api<SsoSettings>('PUT', ssoPath(tenantId), body), onSuccess: refresh }),
    remove: useMutation({ mutationFn: () => api<{ ok: true }>('DELETE', ssoPath(tenantId)), onSuccess: refresh }),
  };
}

/** Starts signing in through a partner's identity provider: answers where to send the browser. */
export function startSso(partner: string, returnTo: string) {
  return api<{ authorizationUrl: string }>('POST', '/api/v1/auth/sso/start', { partner, returnTo });
}

/** Finishes the sign-in with the query string the provider sent the browser back with. */
export function completeSso(search: string) {
  return api<{ returnTo: string }>('POST', '/api/v1/auth/sso/callback', { search });
}
