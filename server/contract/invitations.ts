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
