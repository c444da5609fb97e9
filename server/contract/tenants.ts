import { z } from 'zod';

/** A partner's brand, shown to its own users and to its customers' users. */
export const brandingSchema = z.strictObject({
  productName: z.string().min(1).max(60),
  /** A data URL (PNG, SVG, WebP) so the logo is served with the app and no request leaves the host. */
  logoDataUrl: z
    .string()
    .max(200_000)
    .regex(/^data:image\/(png|svg\+xml|webp);base64,[A-Za-z0-9+/=]+$/, 'must be a base64 data URL of a PNG, SVG or WebP image')
    .nullable(),
  primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb'),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb'),
  supportEmail: z.email().nullable(),
  supportUrl: z.url({ protocol: /^https?$/ }).nullable(),
});
export type Branding = z.infer<typeof brandingSchema>;

/** Tenant rules; `requiredApprovals` is how many approvers must sign off a version. */
export const policySchema = z.strictObject({
  requiredApprovals: z.number().int().min(1).max(10),
  /** Days finished runs are kept before pruning. */
  retentionDays: z.number().int().min(1).max(3650),
  /** Partners only: the fewest approvals any of its customers may require; a customer can raise it, never lower it. */
  customerApprovalFloor: z.number().int().min(1).max(10).optional(),
});
export type TenantPolicy = z.infer<typeof policySchema>;
