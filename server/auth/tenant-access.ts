import type { SqlDatabase } from '../../runtime/store/index.js';
import { ROLES, type Role } from './permissions.js';

/** A tenant as the API shows it. */
export interface Tenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly kind: 'partner' | 'customer';
  readonly parentId: string | null;
}

/**
 * Where someone's roles in a tenant come from: a membership of the tenant itself (`member`), the
 * partner's staff acting in a customer tenant (`partner`, delegated administration), or `both`.
 */
export type Via = 'member' | 'partner' | 'both';

/** The caller's standing in a tenant: their effective roles, and how they got them. */
export interface TenantAccess {
  readonly tenant: Tenant;
  readonly roles: readonly Role[];
  readonly via: Via;
}

/**
 * Effective roles from a membership of the tenant (`own`) and, in a customer tenant, of its partner
 * (`delegated`): the union, in the order of {@link ROLES}, so a membership in the customer (say as
 * viewer) never takes away what the person holds there through the partner (say approver).
 */
export function effectiveRoles(own: readonly Role[], delegated: readonly Role[]): { roles: Role[]; via: Via } | undefined {
  if (own.length === 0 && delegated.length === 0) return undefined;
  const roles = ROLES.filter((role) => own.includes(role) || delegated.includes(role));
  return { roles, via: own.length === 0 ? 'partner' : delegated.length === 0 ? 'member' : 'both' };
}

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  kind: 'partner' | 'customer';
  parent_id: string | null;
}

export function toTenant(row: TenantRow): Tenant {
  return { id: row.id, slug: row.slug, name: row.name, kind: row.kind, parentId: row.parent_id };
}

/**
 * Resolves what a user may do in a tenant. Members get their roles; members of the partner that
 * owns a customer tenant act there with their partner roles too (see {@link effectiveRoles}).
 * Anyone else gets nothing — the tenant is then reported as not found, so its existence is not revealed.
 * Suspended partners and their customers give nothing either, whoever asks.
 */
export class TenantAccessResolver {
  constructor(private readonly sql: SqlDatabase) {}

  /** The tenant, unless it (or its partner) is suspended; for callers that are not people. */
  async tenant(tenantId: string): Promise<Tenant | undefined> {
    const row = await this.sql.get<TenantRow>(SELECT_TENANT, [tenantId]);
    return row && toTenant(row);
  }

  /**
   * What the user may do in the tenant, or undefined. Runs on every tenant request: one query for
   * the tenant with the user's membership of it and of its partner.
   */
  async resolve(userId: string, tenantId: string): Promise<TenantAccess | undefined> {
    const row = await this.sql.get<TenantRow & { own_roles: string | null; delegated_roles: string | null }>(SELECT_TENANT_WITH_ROLES, [userId, userId, tenantId]);
    if (!row) return undefined;
    const own = parseRoles(row.own_roles);
    const delegated = row.kind === 'customer' ? parseRoles(row.delegated_roles) : [];
    const effective = effectiveRoles(own, delegated);
    return effective && { tenant: toTenant(row), ...effective };
  }
}

// A suspended partner, and every customer of one, is out of reach as if it did not exist.
const REACHABLE = 't.suspended_at IS NULL AND NOT EXISTS (SELECT 1 FROM tenants p WHERE p.id = t.parent_id AND p.suspended_at IS NOT NULL)';

const SELECT_TENANT = `SELECT t.id, t.slug, t.name, t.kind, t.parent_id FROM tenants t WHERE t.id = ? AND ${REACHABLE}`;

const SELECT_TENANT_WITH_ROLES = `SELECT t.id, t.slug, t.name, t.kind, t.parent_id, own.roles AS own_roles, delegated.roles AS delegated_roles FROM tenants t
  LEFT JOIN memberships own ON own.user_id = ? AND own.tenant_id = t.id
  LEFT JOIN memberships delegated ON delegated.user_id = ? AND delegated.tenant_id = t.parent_id
  WHERE t.id = ? AND ${REACHABLE}`;

function parseRoles(json: string | null): Role[] {
  return json === null ? [] : (JSON.parse(json) as Role[]);
}
