import { ROLES, type Role } from '../auth/permissions.js';
import type { TenantService } from '../services/tenants.js';
import type { GroupMapping } from '../contract/sso.js';

/** The groups a provider's claim lists: an array of names, or one name. */
export function groupsOf(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  return Array.isArray(claim) ? claim.filter((group): group is string => typeof group === 'string') : [];
}

/**
 * The roles the person's groups give in each tenant the mapping names: the union of the rules
 * whose group they are in, in the order of the role list. A tenant the mapping names but none of
 * their groups reaches maps to no roles.
 */
export function rolesFromGroups(mappings: readonly GroupMapping[], groups: readonly string[]): Map<string, Role[]> {
  const member = new Set(groups);
  const granted = new Map<string, Set<Role>>();
  for (const mapping of mappings) {
    const roles = granted.get(mapping.tenantId) ?? new Set<Role>();
    if (member.has(mapping.group)) for (const role of mapping.roles) roles.add(role);
    granted.set(mapping.tenantId, roles);
  }
  return new Map([...granted].map(([tenantId, roles]) => [tenantId, ROLES.filter((role) => roles.has(role))]));
}

/** A membership a sign-in changed. */
export interface MembershipChange {
  readonly tenantId: string;
  readonly before: readonly Role[];
  readonly after: readonly Role[];
  /** The last owner of the tenant keeps ownership whatever the groups say. */
  readonly keptOwner: boolean;
}

/**
 * Makes the person's memberships in the tenants the mapping names what their groups give now: the
 * identity provider is the source of truth there (roles granted by hand in those tenants are
 * replaced; other tenants are left alone). Someone who lost every role there leaves the tenant,
 * except the last owner, who stays owner. Inside the sign-in's transaction.
 */
export async function syncMemberships(tenants: TenantService, userId: string, roles: ReadonlyMap<string, readonly Role[]>): Promise<MembershipChange[]> {
  const changes: MembershipChange[] = [];
  for (const [tenantId, wanted] of roles) {
    const before = await tenants.membershipRoles(tenantId, userId);
    const lastOwner =
      before.includes('owner') && !wanted.includes('owner') && !(await tenants.members(tenantId)).some((member) => member.userId !== userId && member.roles.includes('owner'));
    const after = lastOwner ? ROLES.filter((role) => role === 'owner' || wanted.includes(role)) : [...wanted];
    if (sameRoles(before, after)) continue;
    if (after.length === 0) await tenants.removeMember(tenantId, userId);
    else if (before.length === 0) await tenants.grantMembership(tenantId, userId, after);
    else await tenants.setRoles(tenantId, userId, after);
    changes.push({ tenantId, before, after, keptOwner: lastOwner });
  }
  return changes;
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}
