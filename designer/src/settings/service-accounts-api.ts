import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/api-client.js';
import type { CreatedServiceAccount, CreatedServiceAccountToken, ServiceAccount, ServiceAccountInput, ServiceAccountToken } from '../app/api-types.js';
import { settingsKeys } from './api.js';

const path = (tenantId: string) => `/api/v1/tenants/${encodeURIComponent(tenantId)}/service-accounts`;

/** Query key of a workspace's service accounts. */
export const serviceAccountsKey = (tenantId: string) => ['settings', tenantId, 'service-accounts'] as const;

/** The workspace's service accounts with their tokens (never their values). */
export function useServiceAccounts(tenantId: string) {
  return useQuery({ queryKey: serviceAccountsKey(tenantId), queryFn: () => api<ServiceAccount[]>('GET', path(tenantId)) });
}

/** Creating and changing accounts, creating and revoking tokens, disabling and enabling accounts; each refreshes the list and the audit log. */
export function useServiceAccountActions(tenantId: string) {
  const client = useQueryClient();
  const refresh = async () => {
    await Promise.all([client.invalidateQueries({ queryKey: serviceAccountsKey(tenantId) }), client.invalidateQueries({ queryKey: settingsKeys.audit(tenantId) })]);
  };
  const change = <Input, Output>(fn: (input: Input) => Promise<Output>) => ({ mutationFn: fn, onSuccess: refresh });
  return {
    create: useMutation(change((body: ServiceAccountInput) => api<CreatedServiceAccount>('POST', path(tenantId), body))),
    update: useMutation(change((input: { accountId: string; changes: Omit<ServiceAccountInput, 'expiresInDays'> }) => api<ServiceAccount>('PATCH', `${path(tenantId)}/${input.accountId}`, input.changes))),
    createToken: useMutation(change((input: { accountId: string; expiresInDays: number }) => api<CreatedServiceAccountToken>('POST', `${path(tenantId)}/${input.accountId}/tokens`, { expiresInDays: input.expiresInDays }))),
    revokeToken: useMutation(change((input: { accountId: string; tokenId: string }) => api<ServiceAccountToken>('DELETE', `${path(tenantId)}/${input.accountId}/tokens/${input.tokenId}`))),
    setDisabled: useMutation(change((input: { accountId: string; disabled: boolean }) => api<ServiceAccount>('POST', `${path(tenantId)}/${input.accountId}/${input.disabled ? 'disable' : 'enable'}`))),
  };
}
