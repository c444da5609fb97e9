import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { Role } from '../../../runtime/definition/roles.js';
import { api } from '../app/api-client.js';
import type {
  AuditPage,
  AuditVerification,
  Branding,
  BrandingInput,
  Credential,
  CredentialSecret,
  CustomerStatus,
  Invitation,
  Member,
  MemberPasswordReset,
  PartnerStaff,
  Policy,
  Tenant,
} from '../app/api-types.js';

const base = (tenantId: string) => `/api/v1/tenants/${encodeURIComponent(tenantId)}`;

/** Query keys of the settings pages, per workspace. */
export const settingsKeys = {
  customers: (tenantId: string) => ['settings', tenantId, 'customers'] as const,
  members: (tenantId: string) => ['settings', tenantId, 'members'] as const,
  partnerStaff: (tenantId: string) => ['settings', tenantId, 'partner-staff'] as const,
  invitations: (tenantId: string) => ['settings', tenantId, 'invitations'] as const,
  branding: (tenantId: string) => ['settings', tenantId, 'branding'] as const,
  credentials: (tenantId: string) => ['settings', tenantId, 'credentials'] as const,
  audit: (tenantId: string) => ['settings', tenantId, 'audit'] as const,
  policy: (tenantId: string) => ['settings', tenantId, 'policy'] as const,
};

/** A mutation that refreshes the queries it makes stale once it succeeded. */
function useChange<Input, Output>(fn: (input: Input) => Promise<Output>, stale: readonly QueryKey[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all(stale.map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });
}

/** The start of the user's day, for "today" in the customers' status. */
function startOfToday(): string {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

/** A partner's customers with their status at a glance; refreshed every 30 seconds while shown. */
export function useCustomers(tenantId: string) {
  return useQuery({
    queryKey: settingsKeys.customers(tenantId),
    queryFn: () => api<CustomerStatus[]>('GET', `${base(tenantId)}/customers/status?since=${encodeURIComponent(startOfToday())}`),
    refetchInterval: 30_000,
  });
}

/** Creates a customer workspace; the user's workspaces (the switcher) include it at once. */
export function useCreateCustomer(tenantId: string) {
  return useChange((body: { name: string; slug: string }) => api<Tenant>('POST', `${base(tenantId)}/customers`, body), [settingsKeys.customers(tenantId), ['me']]);
}

export function useMembers(tenantId: string) {
  return useQuery({ queryKey: settingsKeys.members(tenantId), queryFn: () => api<Member[]>('GET', `${base(tenantId)}/members`) });
}

/** The partner's people who act in a customer's workspace (none for a partner). */
export function usePartnerStaff(tenantId: string, enabled: boolean) {
  return useQuery({ queryKey: settingsKeys.partnerStaff(tenantId), queryFn: () => api<PartnerStaff>('GET', `${base(tenantId)}/partner-staff`), enabled });
}

/** Pending and expired invitations (owners only: others do not ask). */
export function useInvitations(tenantId: string, enabled: boolean) {
  return useQuery({ queryKey: settingsKeys.invitations(tenantId), queryFn: () => api<Invitation[]>('GET', `${base(tenantId)}/invitations`), enabled });
}

/** Inviting, re-sending, revoking, changing roles and removing members. */
export function useMemberActions(tenantId: string) {
  const stale = [settingsKeys.members(tenantId), settingsKeys.invitations(tenantId), settingsKeys.audit(tenantId)];
  return {
    invite: useChange(
      (body: { email: string; roles: Role[] }) => api<{ invitation: Invitation; delivery: 'sent' | 'failed' }>('POST', `${base(tenantId)}/members`, body),
      stale,
    ),
    resend: useChange((id: string) => api<{ invitation: Invitation; delivery: 'sent' | 'failed' }>('POST', `${base(tenantId)}/invitations/${id}/resend`), stale),
    revoke: useChange((id: string) => api<Invitation>('DELETE', `${base(tenantId)}/invitations/${id}`), stale),
    setRoles: useChange((input: { userId: string; roles: Role[] }) => api<Member>('PUT', `${base(tenantId)}/members/${input.userId}`, { roles: input.roles }), [...stale, ['me']]),
    remove: useChange((userId: string) => api<Member>('DELETE', `${base(tenantId)}/members/${userId}`), stale),
    resetPassword: useChange((userId: string) => api<MemberPasswordReset>('POST', `${base(tenantId)}/members/${userId}/password-reset`), [settingsKeys.audit(tenantId)]),
  };
}

export function useBranding(tenantId: string) {
  return useQuery({ queryKey: settingsKeys.branding(tenantId), queryFn: () => api<Branding>('GET', `${base(tenantId)}/branding`) });
}

/** Saves the brand; the shell (through `me`) shows it at once, customers on their next page load. */
export function useSaveBranding(tenantId: string) {
  return useChange((body: BrandingInput) => api<Branding>('PUT', `${base(tenantId)}/branding`, body), [settingsKeys.branding(tenantId), ['me']]);
}

export function useCredentials(tenantId: string) {
  return useQuery({ queryKey: settingsKeys.credentials(tenantId), queryFn: () => api<Credential[]>('GET', `${base(tenantId)}/credentials`) });
}

/** Creating, rotating, re-binding and deleting credentials. */
export function useCredentialActions(tenantId: string) {
  const stale = [settingsKeys.credentials(tenantId), settingsKeys.audit(tenantId)];
  const path = `${base(tenantId)}/credentials`;
  return {
    create: useChange((body: { name: string; secret: CredentialSecret; allowedHosts: string[] }) => api<Credential>('POST', path, body), stale),
    rotate: useChange((input: { id: string; secret: CredentialSecret }) => api<Credential>('PUT', `${path}/${input.id}`, { secret: input.secret }), stale),
    setHosts: useChange((input: { id: string; allowedHosts: string[] }) => api<Credential>('PUT', `${path}/${input.id}/allowed-hosts`, { allowedHosts: input.allowedHosts }), stale),
    setAllowDrafts: useChange((input: { id: string; allowDrafts: boolean }) => api<Credential>('PUT', `${path}/${input.id}/allow-drafts`, { allowDrafts: input.allowDrafts }), stale),
    remove: useChange((id: string) => api<Credential>('DELETE', `${path}/${id}`), stale),
  };
}

/** Filters of the audit log, as the page keeps them in its address. */
export interface AuditFilter {
  action: string;
  actorId: string;
  targetId: string;
  from: string;
  to: string;
}

/** One page of the audit log (oldest first within the filter, `after` the cursor). */
export function useAudit(tenantId: string, filter: AuditFilter, after: number) {
  const query = new URLSearchParams({ limit: '50' });
  for (const [key, value] of Object.entries(filter) as [keyof AuditFilter, string][]) {
    // The time fields hold the browser's local time (datetime-local); the API takes ISO times.
    if (value) query.set(key, key === 'from' || key === 'to' ? new Date(value).toISOString() : value);
  }
  if (after > 0) query.set('after', String(after));
  return useQuery({ queryKey: [...settingsKeys.audit(tenantId), filter, after], queryFn: () => api<AuditPage>('GET', `${base(tenantId)}/audit?${query.toString()}`) });
}

/** Recomputes the audit chain. */
export function useAuditVerification(tenantId: string) {
  return useQuery({ queryKey: [...settingsKeys.audit(tenantId), 'verify'], queryFn: () => api<AuditVerification>('GET', `${base(tenantId)}/audit/verify`) });
}

export function usePolicy(tenantId: string) {
  return useQuery({ queryKey: settingsKeys.policy(tenantId), queryFn: () => api<Policy>('GET', `${base(tenantId)}/policy`) });
}

export function useSavePolicy(tenantId: string) {
  return useChange(
    (body: { requiredApprovals: number; retentionDays: number; customerApprovalFloor?: number; requireSeparateActivator: boolean }) => api<Policy>('PUT', `${base(tenantId)}/policy`, body),
    [settingsKeys.policy(tenantId), settingsKeys.audit(tenantId)],
  );
}
