import { z } from 'zod';
import { rolesSchema, tenantSchema } from './common.js';
import { brandingSchema } from './tenants.js';

/** What an invitation link grants (GET /api/v1/invitations/:token), shown before it is accepted. */
export const invitationLinkSchema = z.object({
  email: z.string(),
  roles: rolesSchema,
  expiresAt: z.string(),
  tenant: tenantSchema,
  branding: brandingSchema,
  invitedBy: z.string(),
  account: z.enum(['new', 'existing']),
});

/** An invitation as owners see it: never its token or link, which only the invited address receives. */
export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  roles: rolesSchema,
  status: z.enum(['pending', 'expired', 'accepted', 'revoked']),
  createdAt: z.string(),
  expiresAt: z.string(),
});

/** Whether the invitation's mail went out (to the SMTP server, or into the outbox). */
export const deliverySchema = z.enum(['sent', 'failed']);

/** An owner's password reset link for a member (mailed to them only; never in the answer). */
export const memberPasswordResetSchema = z.object({ email: z.string(), expiresAt: z.string(), delivery: deliverySchema });
