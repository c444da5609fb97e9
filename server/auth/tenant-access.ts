import type Database from 'better-sqlite3';
import type { Role } from './permissions.js';

/** A tenant as the API shows it. */
export interface Tenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly kind: 'partner' | 'customer';
  readonly parentId: string | null;
}

/** The caller's standing in a tenant: their effective roles, and how they got them. */
export interface TenantAccess {
  readonly tenant: Tenant;
  readonly roles: readonly Role[];
  /** `member` of the tenant itself, or `partner` staff acting in a customer tenant (delegated administration). */
  readonly via: 'member' | 'partner';
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
 * owns a customer tenant act there with their partner roles. Anyone else gets nothing — the
 * tenant is then reported as not found, so its existence is not revealed.
 */
export class TenantAccessResolver {
  private readonly selectTenant;
  private readonly selectRoles;

  constructor(db: Database.Database) {
    this.selectTenant = db.prepare('SELECT id, slug, name, kind, parent_id FROM tenants WHERE id = ?');
    this.selectRoles = db.prepare('SELECT roles FROM memberships WHERE user_id = ? AND tenant_id = ?').pluck();
  }

  resolve(userId: string, tenantId: string): TenantAccess | undefined {
    const row = this.selectTenant.get(tenantId) as TenantRow | undefined;
    if (!row) return undefined;
    const own = this.roles(userId, row.id);
    if (own.length > 0) return { tenant: toTenant(row), roles: own, via: 'member' };
    if (row.kind === 'customer' && row.parent_id) {
      const delegated = this.roles(userId, row.parent_id);
      if (delegated.length > 0) return { tenant: toTenant(row), roles: delegated, via: 'partner' };
    }
    return undefined;
  }

  private roles(userId: string, tenantId: string): Role[] {
    const json = this.selectRoles.get(userId, tenantId) as string | undefined;
    return json === undefined ? [] : (JSON.parse(json) as Role[]);
  }
}
