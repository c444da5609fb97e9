import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { ROLES, type Role } from '../auth/permissions.js';
import { effectiveRoles, toTenant, type Tenant, type Via } from '../auth/tenant-access.js';
import { conflict, notFound, invalid } from '../domain/domain-error.js';
import { z } from 'zod';
import { LogoRejected, parseLogo, type Logo } from './branding/logo.js';
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
  constructor(private readonly db: Database.Database) {}

  get(tenantId: string): Tenant | undefined {
    const row = this.row(tenantId);
    return row ? toTenant(row) : undefined;
  }

  /** Every tenant (for housekeeping such as retention). */
  all(): Tenant[] {
    return (this.db.prepare('SELECT * FROM tenants ORDER BY created_at').all() as TenantRow[]).map(toTenant);
  }

  bySlug(slug: string): Tenant | undefined {
    const row = this.db.prepare('SELECT * FROM tenants WHERE slug = ?').get(slug) as TenantRow | undefined;
    return row ? toTenant(row) : undefined;
  }

  /**
   * Creates a partner tenant (first-run setup, the platform operator, `flowgate admin
   * create-partner`, the demo), with a brand of its own when one is given. Synchronous, for audited().
   */
  createPartner(name: string, slug: string, branding?: Brand & { readonly logoDataUrl?: string | null }): Tenant {
    const input = branding && brandingInputSchema.parse(branding);
    const partner = this.insert({ name, slug, kind: 'partner', parentId: null, branding: null });
    if (input) this.setBranding(partner.id, input);
    return partner;
  }

  /** Creates a customer tenant under a partner. */
  createCustomer(partnerId: string, name: string, slug: string): Tenant {
    return this.insert({ name, slug, kind: 'customer', parentId: partnerId, branding: null });
  }

  /** Customer tenants of a partner. */
  customers(partnerId: string): Tenant[] {
    return (this.db.prepare("SELECT * FROM tenants WHERE parent_id = ? AND kind = 'customer' ORDER BY name").all(partnerId) as TenantRow[]).map(toTenant);
  }

  /**
   * Every tenant a user can act in: their memberships, plus the customers of partners they belong
   * to, with the same effective roles as access checks give them (see effectiveRoles). Suspended
   * partners and their customers are left out, as access checks leave them out.
   */
  workspaces(userId: string): Workspace[] {
    const rows = this.db
      .prepare(`SELECT t.*, m.roles FROM memberships m JOIN tenants t ON t.id = m.tenant_id WHERE m.user_id = ? AND ${ACTIVE_TENANT} ORDER BY t.kind DESC, t.name`)
      .all(userId) as (TenantRow & { roles: string })[];
    const found = new Map<string, { tenant: Tenant; own: Role[]; delegated: Role[] }>();
    for (const row of rows) found.set(row.id, { tenant: toTenant(row), own: JSON.parse(row.roles) as Role[], delegated: [] });
    for (const row of rows) {
      if (row.kind !== 'partner') continue;
      for (const customer of this.customers(row.id)) {
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
  suspendedWorkspaces(userId: string): { id: string; name: string }[] {
    return this.db
      .prepare(`SELECT t.id, t.name FROM memberships m JOIN tenants t ON t.id = m.tenant_id WHERE m.user_id = ? AND NOT (${ACTIVE_TENANT}) ORDER BY t.name`)
      .all(userId) as { id: string; name: string }[];
  }

  /** The brand users of this tenant see: its partner's (customers) or its own (partners). */
  branding(tenantId: string): Branding {
    const row = this.row(tenantId);
    if (!row) throw notFound('the tenant');
    const brandOwner = (row.kind === 'customer' && row.parent_id ? this.row(row.parent_id) : row) ?? row;
    const stored = brandOwner.branding ? brandSchema.safeParse(JSON.parse(brandOwner.branding)) : undefined;
    const digest = this.db.prepare('SELECT digest FROM brand_logos WHERE tenant_id = ?').pluck().get(brandOwner.id) as string | undefined;
    const brand = stored?.success ? stored.data : neutralBrand(brandOwner.name);
    return { ...brand, logoUrl: digest === undefined ? null : logoPath(brandOwner.id, digest) };
  }

  /**
   * Sets a partner's brand: a new logo replaces the old one, `null` removes it, and leaving it out
   * keeps it. Synchronous, for audited(); answers the brand as users see it now.
   */
  setBranding(partnerId: string, input: BrandingInput): Branding {
    const logo = input.logoDataUrl;
    const brand: Brand = { productName: input.productName, primaryColor: input.primaryColor, accentColor: input.accentColor, supportEmail: input.supportEmail, supportUrl: input.supportUrl };
    this.db.prepare('UPDATE tenants SET branding = ? WHERE id = ?').run(JSON.stringify(brand), partnerId);
    if (logo === null) this.db.prepare('DELETE FROM brand_logos WHERE tenant_id = ?').run(partnerId);
    if (logo) this.storeLogo(partnerId, logo);
    return this.branding(partnerId);
  }

  /** A partner's logo with this digest, for serving; undefined when it has another one or none. */
  logo(tenantId: string, digest: string): { contentType: string; data: Buffer } | undefined {
    return this.db.prepare('SELECT content_type AS contentType, data FROM brand_logos WHERE tenant_id = ? AND digest = ?').get(tenantId, digest) as
      | { contentType: string; data: Buffer }
      | undefined;
  }

  private storeLogo(partnerId: string, logo: Logo): void {
    this.db
      .prepare(
        'INSERT INTO brand_logos (tenant_id, content_type, data, digest, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data, digest = excluded.digest, updated_at = excluded.updated_at',
      )
      .run(partnerId, logo.contentType, logo.data, logo.digest, Date.now());
  }

  /**
   * The partner whose brand the sign-in page shows: the one with this slug, or whose sign-in host
   * name this is. Customers, suspended partners and unknown names give none (the page then shows
   * the neutral brand, the same for all three).
   */
  signInPartner(by: { slug?: string; host?: string }): Tenant | undefined {
    const row = (
      by.slug !== undefined
        ? this.db.prepare("SELECT * FROM tenants WHERE slug = ? AND kind = 'partner' AND suspended_at IS NULL").get(by.slug)
        : this.db.prepare("SELECT * FROM tenants WHERE sign_in_host = ? AND kind = 'partner' AND suspended_at IS NULL").get((by.host ?? '').toLowerCase())
    ) as TenantRow | undefined;
    return row ? toTenant(row) : undefined;
  }

  /** Whether the tenant, or the partner of a customer, is suspended. */
  suspended(tenantId: string): boolean {
    return this.db.prepare(`SELECT 1 FROM tenants t WHERE t.id = ? AND ${ACTIVE_TENANT}`).get(tenantId) === undefined;
  }

  policy(tenantId: string): TenantPolicy {
    const row = this.row(tenantId);
    const parsed = row ? policySchema.safeParse(JSON.parse(row.policy)) : undefined;
    return parsed?.success ? parsed.data : DEFAULT_POLICY;
  }

  /** The policy with the partner's floor and the number of approvals that applies. */
  policyView(tenantId: string): PolicyView {
    const policy = this.policy(tenantId);
    const approvalFloor = this.approvalFloor(tenantId);
    const own = this.row(tenantId)?.kind === 'partner' ? { ...policy, customerApprovalFloor: policy.customerApprovalFloor ?? 1 } : policy;
    return {
      ...own,
      requireSeparateActivator: policy.requireSeparateActivator ?? false,
      approvalFloor,
      effectiveRequiredApprovals: Math.max(policy.requiredApprovals, approvalFloor),
    };
  }

  /** Whether the tenant's policy wants someone other than a version's submitter to activate it. */
  requiresSeparateActivator(tenantId: string): boolean {
    return this.policy(tenantId).requireSeparateActivator ?? false;
  }

  /**
   * How many approvals a version of this tenant needs: its own policy, raised to its partner's floor
   * (a partner raising the floor takes effect at once for every customer).
   */
  effectiveRequiredApprovals(tenantId: string): number {
    return Math.max(this.policy(tenantId).requiredApprovals, this.approvalFloor(tenantId));
  }

  /** Sets the policy; a customer may not go below its partner's floor, nor set a floor of its own. */
  setPolicy(tenantId: string, policy: TenantPolicy): void {
    const row = this.row(tenantId);
    if (!row) throw notFound('the tenant');
    if (row.kind === 'customer' && policy.customerApprovalFloor !== undefined) {
      throw invalid('only a partner sets an approval floor for its customers', [{ path: 'body.customerApprovalFloor', message: 'not allowed for a customer tenant' }]);
    }
    const floor = this.approvalFloor(tenantId);
    if (policy.requiredApprovals < floor) {
      throw invalid(`your partner requires at least ${floor} approvals per version; choose ${floor} or more`, [
        { path: 'body.requiredApprovals', message: `must be at least ${floor}, the floor your partner set` },
      ]);
    }
    this.db.prepare('UPDATE tenants SET policy = ? WHERE id = ?').run(JSON.stringify(policy), tenantId);
  }

  /** The floor a customer's partner set for its approvals; 1 for partners and customers of partners without one. */
  private approvalFloor(tenantId: string): number {
    const row = this.row(tenantId);
    if (row?.kind !== 'customer' || row.parent_id === null) return 1;
    return this.policy(row.parent_id).customerApprovalFloor ?? 1;
  }

  members(tenantId: string): Member[] {
    const rows = this.db
      .prepare('SELECT u.id, u.email, u.name, m.roles FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = ? ORDER BY u.email')
      .all(tenantId) as { id: string; email: string; name: string; roles: string }[];
    return rows.map((row) => ({ userId: row.id, email: row.email, name: row.name, roles: JSON.parse(row.roles) as Role[] }));
  }

  /** The partner of a customer and its people, who act in the customer's workspace with their partner roles; none for a partner. */
  partnerStaff(tenantId: string): { partner: { id: string; name: string } | null; members: Member[] } {
    const row = this.row(tenantId);
    const partner = row?.kind === 'customer' && row.parent_id ? this.row(row.parent_id) : undefined;
    if (!partner) return { partner: null, members: [] };
    return { partner: { id: partner.id, name: partner.name }, members: this.members(partner.id) };
  }

  /** The roles of a membership of the tenant itself (not through its partner); empty when there is none. */
  membershipRoles(tenantId: string, userId: string): Role[] {
    const json = this.db.prepare('SELECT roles FROM memberships WHERE tenant_id = ? AND user_id = ?').pluck().get(tenantId, userId) as string | undefined;
    return json === undefined ? [] : (JSON.parse(json) as Role[]);
  }

  /**
   * Grants roles by a membership of the tenant: a new membership, or more roles on the one the
   * person has (never fewer: accepting an invitation adds what it grants). Synchronous, for audited().
   */
  grantMembership(tenantId: string, userId: string, roles: readonly Role[]): Role[] {
    const held = this.membershipRoles(tenantId, userId);
    const granted = ROLES.filter((role) => held.includes(role) || roles.includes(role));
    this.db
      .prepare('INSERT INTO memberships (user_id, tenant_id, roles, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, tenant_id) DO UPDATE SET roles = excluded.roles')
      .run(userId, tenantId, JSON.stringify(granted), Date.now());
    return granted;
  }

  /** Changes a member's roles; the last owner cannot give up ownership. */
  setRoles(tenantId: string, userId: string, roles: readonly Role[]): Member {
    const member = this.members(tenantId).find((candidate) => candidate.userId === userId);
    if (!member) throw notFound('the member');
    if (member.roles.includes('owner') && !roles.includes('owner')) this.keepAnOwner(tenantId, userId);
    const ordered = ROLES.filter((role) => roles.includes(role));
    this.db.prepare('UPDATE memberships SET roles = ? WHERE tenant_id = ? AND user_id = ?').run(JSON.stringify(ordered), tenantId, userId);
    return { ...member, roles: ordered };
  }

  removeMember(tenantId: string, userId: string): Member {
    const member = this.members(tenantId).find((candidate) => candidate.userId === userId);
    if (!member) throw notFound('the member');
    if (member.roles.includes('owner')) this.keepAnOwner(tenantId, userId);
    this.db.prepare('DELETE FROM memberships WHERE tenant_id = ? AND user_id = ?').run(tenantId, userId);
    return member;
  }

  private keepAnOwner(tenantId: string, leavingUserId: string): void {
    const owners = this.members(tenantId).filter((member) => member.roles.includes('owner') && member.userId !== leavingUserId);
    if (owners.length === 0) throw conflict('a tenant needs at least one owner');
  }

  private insert(tenant: { name: string; slug: string; kind: 'partner' | 'customer'; parentId: string | null; branding: Brand | null }): Tenant {
    if (this.bySlug(tenant.slug)) throw conflict(`the slug "${tenant.slug}" is taken`);
    const id = randomBytes(12).toString('base64url');
    this.db
      .prepare('INSERT INTO tenants (id, slug, name, kind, parent_id, branding, policy, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, tenant.slug, tenant.name, tenant.kind, tenant.parentId, tenant.branding ? JSON.stringify(tenant.branding) : null, JSON.stringify(DEFAULT_POLICY), Date.now());
    return this.get(id) as Tenant;
  }

  private row(tenantId: string): TenantRow | undefined {
    return this.db.prepare('SELECT * FROM tenants WHERE id = ?').get(tenantId) as TenantRow | undefined;
  }
}

/** A plain brand carrying the partner's own name, for a partner that set none. */
function neutralBrand(name: string): Brand {
  return { productName: name, primaryColor: '#334155', accentColor: '#0ea5e9', supportEmail: null, supportUrl: null };
}

/** Where a partner's logo is served (see server/http/brand-logo-route.ts). */
export function logoPath(tenantId: string, digest: string): string {
  return `/brand-logos/${encodeURIComponent(tenantId)}/${digest}`;
}
