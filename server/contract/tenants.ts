import { z } from 'zod';
import { rolesSchema, tenantSchema } from './common.js';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb');

/** A partner's brand as stored: everything but the logo, which is kept (sanitised) on its own. */
export const brandSchema = z.strictObject({
  productName: z.string().min(1).max(60),
  primaryColor: colour,
  accentColor: colour,
  supportEmail: z.email().max(320).nullable(),
  supportUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable(),
});
export type Brand = z.infer<typeof brandSchema>;

/**
 * A partner's brand as the API shows it, to its own users and to its customers' users: the logo
 * is a URL of this server (`/brand-logos/<tenant>/<digest>`), served with headers that keep an
 * image an image.
 */
export const brandingSchema = brandSchema.extend({ logoUrl: z.string().nullable() });
export type Branding = z.infer<typeof brandingSchema>;

/** Tenant rules; `requiredApprovals` is how many approvers must sign off a version. */
export const policySchema = z.strictObject({
  requiredApprovals: z.number().int().min(1).max(10),
  /** Days finished runs are kept before pruning. */
  retentionDays: z.number().int().min(1).max(3650),
  /** Partners only: the fewest approvals any of its customers may require; a customer can raise it, never lower it. */
  customerApprovalFloor: z.number().int().min(1).max(10).optional(),
  /** Whether someone other than a version's submitter must activate it (off when left out). */
  requireSeparateActivator: z.boolean().optional(),
});
export type TenantPolicy = z.infer<typeof policySchema>;

/** A tenant's policy as the API shows it: what it set, the floor its partner set, and what applies. */
export const policyViewSchema = policySchema.extend({ requireSeparateActivator: z.boolean(), approvalFloor: z.number(), effectiveRequiredApprovals: z.number() });

/** A member of a tenant and their roles there. */
export const memberSchema = z.object({ userId: z.string(), email: z.string(), name: z.string(), roles: rolesSchema });

/**
 * The partner's people who act in a customer's workspace with the roles they hold in the partner's
 * (GET .../partner-staff); for a partner's own workspace, `partner` is null and the list empty.
 */
export const partnerStaffSchema = z.object({ partner: z.object({ id: z.string(), name: z.string() }).nullable(), members: z.array(memberSchema) });

/** A customer at a glance, for its partner (GET .../customers/status). */
export const customerStatusSchema = z.object({ tenant: tenantSchema, activeWorkflows: z.number(), runsToday: z.number(), failuresToday: z.number(), members: z.number() });
