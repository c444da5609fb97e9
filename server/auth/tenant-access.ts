import type Database from 'better-sqlite3';
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
  private readonly selectTenant;
  private readonly selectRoles;

  constructor(db: Database.Database) {
    // A suspended partner, and every customer of one, is out of reach as if it did not exist.
    this.selectTenant = db.prepare(`SELECT t.id, t.slug, t.name, t.kind, t.parent_id FROM tenants t
      WHERE t.id = ? AND t.suspended_at IS NULL AND NOT EXISTS (SELECT 1 FROM tenants p WHERE p.id = t.parent_id AND p.suspended_at IS NOT NULL)`);
    this.selectRoles = db.prepare('SELECT roles FROM memberships WHERE user_id = ? AND tenant_id = ?').pluck();
  }

  /** The tenant, unless it (or its partner) is suspended; for callers that are not people. */
  tenant(tenantId: string): Tenant | undefined {
    const row = this.selectTenant.get(tenantId) as TenantRow | undefined;
    return row && toTenant(row);
  }

  resolve(userId: string, tenantId: string): TenantAccess | undefined {
    const row = this.selectTenant.get(tenantId) as TenantRow | undefined;
    if (!row) return undefined;
    const own = this.roles(userId, row.id);
    const delegated = row.kind === 'customer' && row.parent_id ? this.roles(userId, row.parent_id) : [];
    const effective = effectiveRoles(own, delegated);
    return effective && { tenant: toTenant(row), ...effective };
  }

  private roles(userId: string, tenantId: string): Role[] {
    const json = this.selectRoles.get(userId, tenantId) as string | undefined;
    return json === undefined ? [] : (JSON.parse(json) as Role[]);
  }
}
