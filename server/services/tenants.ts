import { randomBytes } from 'node:crypto';
import { ROLES, type Role } from '../auth/permissions.js';
import { effectiveRoles, toTenant, type Tenant, type Via } from '../auth/tenant-access.js';
import { conflict, notFound, invalid } from '../domain/domain-error.js';
import { z } from 'zod';
import { LogoRejected, parseLogo, type Logo } from './branding/logo.js';
import type { SqlDatabase } from '../../runtime/store/index.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { brandSchema, policySchema, type Brand, type Branding, type TenantPolicy } from '../contract/tenants.js';

/**
 * A brand to set: `logoDataUrl` is a new logo (a base64 data URL of a PNG, JPEG or SVG up to
 * 256 KB; an SVG is sanitised), `null` removes the logo, and leaving it out keeps the current one.
 * `logoUrl` is accepted and ignored, so a brand read with GET can be changed and sent back as it is.
 */
export const brandingInputSchema = brandSchema.extend({
  logoUrl: z.string().max(2000).nullable().optional(),
  logoDataUrl: z
    .string()
    .max(400_000, 'the logo may be at most 256 KB')
    .nullable()
    .optional()
    .transform((value, ctx) => {
      if (typeof value !== 'string') return value;
      try {
        return parseLogo(value);
      } catch (error) {
        if (!(error instanceof LogoRejected)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    }),
});
export type BrandingInput = z.infer<typeof brandingInputSchema>;

/** A tenant's policy as the API shows it: what it set, the floor its partner set, and what applies. */
export interface PolicyView extends TenantPolicy {
  readonly requireSeparateActivator: boolean;
  /** The fewest approvals this tenant may require: its partner's floor (1 for partners). */
  readonly approvalFloor: number;
  /** What sign-off needs now: the larger of the tenant's own number and the floor. */
  readonly effectiveRequiredApprovals: number;
}

const DEFAULT_POLICY: TenantPolicy = { requiredApprovals: 1, retentionDays: 30 };

/** A member of a tenant with their roles. */
export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

/** A tenant the user can act in, with their effective roles there. */
export interface Workspace {
  readonly tenant: Tenant;
  readonly roles: readonly Role[];
  readonly via: Via;
}

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  kind: 'partner' | 'customer';
  parent_id: string | null;
  branding: string | null;
  policy: string;
  suspended_at: number | null;
  suspension_reason: string | null;
  sign_in_host: string | null;
  created_at: number;
}

/** Whether a tenant is out of use: suspended itself, or a customer of a suspended partner. */
const ACTIVE_TENANT = 't.suspended_at IS NULL AND NOT EXISTS (SELECT 1 FROM tenants p WHERE p.id = t.parent_id AND p.suspended_at IS NOT NULL)';

/** Tenants (the partner → customer tree), their members, branding and policy. */
export class TenantService {
  constructor(private readonly sql: SqlDatabase) {}

  async get(tenantId: string): Promise<Tenant | undefined> {
    const row = await this.row(tenantId);
    return row ? toTenant(row) : undefined;
  }

  /** Every tenant (for housekeeping such as retention). */
  async all(): Promise<Tenant[]> {
    return (await this.sql.all<TenantRow>('SELECT * FROM tenants ORDER BY created_at')).map(toTenant);
  }

  async bySlug(slug: string): Promise<Tenant | undefined> {
    const row = await this.sql.get<TenantRow>('SELECT * FROM tenants WHERE slug = ?', [slug]);
    return row ? toTenant(row) : undefined;
  }

  /**
   * Creates a partner tenant (first-run setup, the platform operator, `flowgate admin
   * create-partner`, the demo), with a brand of its own when one is given, in one transaction (the
   * caller's, under audited()). A slug already taken, even by a request racing this one, is a conflict.
   */
  createPartner(name: string, slug: string, branding?: Brand & { readonly logoDataUrl?: string | null }): Promise<Tenant> {
    const input = branding && brandingInputSchema.parse(branding);
    return this.sql.transaction(async () => {
      const partner = await this.insert({ name, slug, kind: 'partner', parentId: null, branding: null });
      if (input) await this.setBranding(partner.id, input);
      return partner;
    });
  }

  /** Creates a customer tenant under a partner; a slug already taken is a conflict. */
  createCustomer(partnerId: string, name: string, slug: string): Promise<Tenant> {
    return this.insert({ name, slug, kind: 'customer', parentId: partnerId, branding: null });
  }

  /** Customer tenants of a partner. */
  async customers(partnerId: string): Promise<Tenant[]> {
    return (await this.sql.all<TenantRow>("SELECT * FROM tenants WHERE parent_id = ? AND kind = 'customer' ORDER BY name", [partnerId])).map(toTenant);
  }

  /**
   * Every tenant a user can act in: their memberships, plus the customers of partners they belong
   * to, with the same effective roles as access checks give them (see effectiveRoles). Suspended
   * partners and their customers are left out, as access checks leave them out.
   */
  async workspaces(userId: string): Promise<Workspace[]> {
    const rows = await this.sql.all<TenantRow & { roles: string }>(
      `SELECT t.*, m.roles FROM memberships m JOIN tenants t ON t.id = m.tenant_id WHERE m.user_id = ? AND ${ACTIVE_TENANT} ORDER BY t.kind DESC, t.name`,
      [userId],
    );
    const found = new Map<string, { tenant: Tenant; own: Role[]; delegated: Role[] }>();
    for (const row of rows) found.set(row.id, { tenant: toTenant(row), own: JSON.parse(row.roles) as Role[], delegated: [] });
    for (const row of rows) {
      if (row.kind !== 'partner') continue;
      for (const customer of await this.customers(row.id)) {
        const entry = found.get(customer.id) ?? { tenant: customer, own: [], delegated: [] };
        entry.delegated = JSON.parse(row.roles) as Role[];
        found.set(customer.id, entry);
      }
    }
    return [...found.values()].flatMap(({ tenant, own, delegated }) => {
      const effective = effectiveRoles(own, delegated);
      return effective ? [{ tenant, ...effective }] : [];
    });
  }

  /** The tenants a user belongs to that are out of use (suspended, or under a suspended partner). */
  suspendedWorkspaces(userId: string): Promise<{ id: string; name: string }[]> {
    return this.sql.all<{ id: string; name: string }>(
      `SELECT t.id, t.name FROM memberships m JOIN tenants t ON t.id = m.tenant_id WHERE m.user_id = ? AND NOT (${ACTIVE_TENANT}) ORDER BY t.name`,
      [userId],
    );
  }

  /** The brand users of this tenant see: its partner's (customers) or its own (partners). */
  async branding(tenantId: string): Promise<Branding> {
    const row = await this.row(tenantId);
    if (!row) throw notFound('the tenant');
    const brandOwner = (row.kind === 'customer' && row.parent_id ? await this.row(row.parent_id) : row) ?? row;
    const stored = brandOwner.branding ? brandSchema.safeParse(JSON.parse(brandOwner.branding)) : undefined;
    const logo = await this.sql.get<{ digest: string }>('SELECT digest FROM brand_logos WHERE tenant_id = ?', [brandOwner.id]);
    const brand = stored?.success ? stored.data : neutralBrand(brandOwner.name);
    return { ...brand, logoUrl: logo === undefined ? null : logoPath(brandOwner.id, logo.digest) };
  }

  /**
   * Sets a partner's brand: a new logo replaces the old one, `null` removes it, and leaving it out
   * keeps it. In one transaction (the caller's, under audited()); answers the brand as users see it now.
   */
  setBranding(partnerId: string, input: BrandingInput): Promise<Branding> {
    const logo = input.logoDataUrl;
    const brand: Brand = { productName: input.productName, primaryColor: input.primaryColor, accentColor: input.accentColor, supportEmail: input.supportEmail, supportUrl: input.supportUrl };
    return this.sql.transaction(async () => {
      await this.sql.run('UPDATE tenants SET branding = ? WHERE id = ?', [JSON.stringify(brand), partnerId]);
      if (logo === null) await this.sql.run('DELETE FROM brand_logos WHERE tenant_id = ?', [partnerId]);
      if (logo) await this.storeLogo(partnerId, logo);
      return this.branding(partnerId);
    });
  }

  /** A partner's logo with this digest, for serving; undefined when it has another one or none. */
  async logo(tenantId: string, digest: string): Promise<{ contentType: string; data: Buffer } | undefined> {
    const row = await this.sql.get<{ contentType: string; data: Uint8Array }>('SELECT content_type AS "contentType", data FROM brand_logos WHERE tenant_id = ? AND digest = ?', [tenantId, digest]);
    return row && { contentType: row.contentType, data: Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data) };
  }

  private async storeLogo(partnerId: string, logo: Logo): Promise<void> {
    await this.sql.run(
      'INSERT INTO brand_logos (tenant_id, content_type, data, digest, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data, digest = excluded.digest, updated_at = excluded.updated_at',
      [partnerId, logo.contentType, logo.data, logo.digest, Date.now()],
    );
  }

  /**
   * The partner whose brand the sign-in page shows: the one with this slug, or whose sign-in host
   * name this is. Customers, suspended partners and unknown names give none (the page then shows
   * the neutral brand, the same for all three).
   */
  async signInPartner(by: { slug?: string; host?: string }): Promise<Tenant | undefined> {
    const row =
      by.slug !== undefined
        ? await this.sql.get<TenantRow>("SELECT * FROM tenants WHERE slug = ? AND kind = 'partner' AND suspended_at IS NULL", [by.slug])
        : await this.sql.get<TenantRow>("SELECT * FROM tenants WHERE sign_in_host = ? AND kind = 'partner' AND suspended_at IS NULL", [(by.host ?? '').toLowerCase()]);
    return row ? toTenant(row) : undefined;
  }

  /** Whether the tenant, or the partner of a customer, is suspended. */
  async suspended(tenantId: string): Promise<boolean> {
    return (await this.sql.get(`SELECT 1 AS active FROM tenants t WHERE t.id = ? AND ${ACTIVE_TENANT}`, [tenantId])) === undefined;
  }

  async policy(tenantId: string): Promise<TenantPolicy> {
    const row = await this.row(tenantId);
    const parsed = row ? policySchema.safeParse(JSON.parse(row.policy)) : undefined;
    return parsed?.success ? parsed.data : DEFAULT_POLICY;
  }

  /** The policy with the partner's floor and the number of approvals that applies. */
  async policyView(tenantId: string): Promise<PolicyView> {
    const policy = await this.policy(tenantId);
    const approvalFloor = await this.approvalFloor(tenantId);
    const own = (await this.row(tenantId))?.kind === 'partner' ? { ...policy, customerApprovalFloor: policy.customerApprovalFloor ?? 1 } : policy;
    return {
      ...own,
      requireSeparateActivator: policy.requireSeparateActivator ?? false,
      approvalFloor,
      effectiveRequiredApprovals: Math.max(policy.requiredApprovals, approvalFloor),
    };
  }

  /** Whether the tenant's policy wants someone other than a version's submitter to activate it. */
  async requiresSeparateActivator(tenantId: string): Promise<boolean> {
    return (await this.policy(tenantId)).requireSeparateActivator ?? false;
  }

  /**
   * How many approvals a version of this tenant needs: its own policy, raised to its partner's floor
   * (a partner raising the floor takes effect at once for every customer).
   */
  async effectiveRequiredApprovals(tenantId: string): Promise<number> {
    return Math.max((await this.policy(tenantId)).requiredApprovals, await this.approvalFloor(tenantId));
  }

  /**
   * Sets the policy; a customer may not go below its partner's floor, nor set a floor of its own.
   * The partner's policies are locked meanwhile (the partner's own and its customers' take the same
   * lock), so a floor raised at the same moment cannot slip under a customer's check.
   */
  setPolicy(tenantId: string, policy: TenantPolicy): Promise<void> {
    return this.sql.transaction(async () => {
      const row = await this.row(tenantId);
      if (!row) throw notFound('the tenant');
      await this.sql.lock(`policy:${row.kind === 'customer' && row.parent_id !== null ? row.parent_id : row.id}`);
      if (row.kind === 'customer' && policy.customerApprovalFloor !== undefined) {
        throw invalid('only a partner sets an approval floor for its customers', [{ path: 'body.customerApprovalFloor', message: 'not allowed for a customer tenant' }]);
      }
      const floor = await this.approvalFloor(tenantId);
      if (policy.requiredApprovals < floor) {
        throw invalid(`your partner requires at least ${floor} approvals per version; choose ${floor} or more`, [
          { path: 'body.requiredApprovals', message: `must be at least ${floor}, the floor your partner set` },
        ]);
      }
      await this.sql.run('UPDATE tenants SET policy = ? WHERE id = ?', [JSON.stringify(policy), tenantId]);
    });
  }

  /** The floor a customer's partner set for its approvals; 1 for partners and customers of partners without one. */
  private async approvalFloor(tenantId: string): Promise<number> {
    const row = await this.row(tenantId);
    if (row?.kind !== 'customer' || row.parent_id === null) return 1;
    return (await this.policy(row.parent_id)).customerApprovalFloor ?? 1;
  }

  /** The tenant's members, by e-mail (e-mails are stored in lower case). */
  async members(tenantId: string): Promise<Member[]> {
    const rows = await this.sql.all<{ id: string; email: string; name: string; roles: string }>(
      'SELECT u.id, u.email, u.name, m.roles FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = ? ORDER BY lower(u.email)',
      [tenantId],
    );
    return rows.map((row) => ({ userId: row.id, email: row.email, name: row.name, roles: JSON.parse(row.roles) as Role[] }));
  }

  /** The partner of a customer and its people, who act in the customer's workspace with their partner roles; none for a partner. */
  async partnerStaff(tenantId: string): Promise<{ partner: { id: string; name: string } | null; members: Member[] }> {
    const row = await this.row(tenantId);
    const partner = row?.kind === 'customer' && row.parent_id ? await this.row(row.parent_id) : undefined;
    if (!partner) return { partner: null, members: [] };
    return { partner: { id: partner.id, name: partner.name }, members: await this.members(partner.id) };
  }

  /** The roles of a membership of the tenant itself (not through its partner); empty when there is none. */
  async membershipRoles(tenantId: string, userId: string): Promise<Role[]> {
    const row = await this.sql.get<{ roles: string }>('SELECT roles FROM memberships WHERE tenant_id = ? AND user_id = ?', [tenantId, userId]);
    return row === undefined ? [] : (JSON.parse(row.roles) as Role[]);
  }

  /**
   * Grants roles by a membership of the tenant: a new membership, or more roles on the one the
   * person has (never fewer: accepting an invitation adds what it grants). The tenant's memberships
   * are locked meanwhile, so two grants at once add up instead of one overwriting the other.
   */
  grantMembership(tenantId: string, userId: string, roles: readonly Role[]): Promise<Role[]> {
    return this.sql.transaction(async () => {
      await this.sql.lock(`members:${tenantId}`);
      const held = await this.membershipRoles(tenantId, userId);
      const granted = ROLES.filter((role) => held.includes(role) || roles.includes(role));
      await this.sql.run(
        'INSERT INTO memberships (user_id, tenant_id, roles, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, tenant_id) DO UPDATE SET roles = excluded.roles',
        [userId, tenantId, JSON.stringify(granted), Date.now()],
      );
      return granted;
    });
  }

  /** Changes a member's roles; the last owner cannot give up ownership (the memberships are locked meanwhile). */
  setRoles(tenantId: string, userId: string, roles: readonly Role[]): Promise<Member> {
    return this.sql.transaction(async () => {
      await this.sql.lock(`members:${tenantId}`);
      const members = await this.members(tenantId);
      const member = members.find((candidate) => candidate.userId === userId);
      if (!member) throw notFound('the member');
      if (member.roles.includes('owner') && !roles.includes('owner')) keepAnOwner(members, userId);
      const ordered = ROLES.filter((role) => roles.includes(role));
      await this.sql.run('UPDATE memberships SET roles = ? WHERE tenant_id = ? AND user_id = ?', [JSON.stringify(ordered), tenantId, userId]);
      return { ...member, roles: ordered };
    });
  }

  /** Removes a member; the last owner cannot leave (the memberships are locked meanwhile). */
  removeMember(tenantId: string, userId: string): Promise<Member> {
    return this.sql.transaction(async () => {
      await this.sql.lock(`members:${tenantId}`);
      const members = await this.members(tenantId);
      const member = members.find((candidate) => candidate.userId === userId);
      if (!member) throw notFound('the member');
      if (member.roles.includes('owner')) keepAnOwner(members, userId);
      await this.sql.run('DELETE FROM memberships WHERE tenant_id = ? AND user_id = ?', [tenantId, userId]);
      return member;
    });
  }

  /** Inserts a tenant; the unique index on the slug decides between two requests for the same one. */
  private async insert(tenant: { name: string; slug: string; kind: 'partner' | 'customer'; parentId: string | null; branding: Brand | null }): Promise<Tenant> {
    const id = randomBytes(12).toString('base64url');
    try {
      await this.sql.run('INSERT INTO tenants (id, slug, name, kind, parent_id, branding, policy, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        id,
        tenant.slug,
        tenant.name,
        tenant.kind,
        tenant.parentId,
        tenant.branding ? JSON.stringify(tenant.branding) : null,
        JSON.stringify(DEFAULT_POLICY),
        Date.now(),
      ]);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`the slug "${tenant.slug}" is taken`);
      throw error;
    }
    return (await this.get(id)) as Tenant;
  }

  private row(tenantId: string): Promise<TenantRow | undefined> {
    return this.sql.get<TenantRow>('SELECT * FROM tenants WHERE id = ?', [tenantId]);
  }
}

/** Throws unless someone other than the leaving member stays an owner. */
function keepAnOwner(members: readonly Member[], leavingUserId: string): void {
  const owners = members.filter((member) => member.roles.includes('owner') && member.userId !== leavingUserId);
  if (owners.length === 0) throw conflict('a tenant needs at least one owner');
}

/** A plain brand carrying the partner's own name, for a partner that set none. */
function neutralBrand(name: string): Brand {
  return { productName: name, primaryColor: '#334155', accentColor: '#0ea5e9', supportEmail: null, supportUrl: null };
}

/** Where a partner's logo is served (see server/http/brand-logo-route.ts). */
export function logoPath(tenantId: string, digest: string): string {
  return `/brand-logos/${encodeURIComponent(tenantId)}/${digest}`;
}
