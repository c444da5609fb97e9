import { z } from 'zod';
import { roleSchema, tenantSchema, viaSchema } from './common.js';
import { brandingSchema } from './tenants.js';

/** A person as the API shows them. */
export const userSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });

/** A workspace of the signed-in user: the tenant, their roles there and where they come from, its brand. */
export const workspaceSchema = z.object({ tenant: tenantSchema, roles: z.array(roleSchema), via: viaSchema, branding: brandingSchema });

/** GET /api/v1/me: the signed-in user, their workspaces and the CSRF token. */
export const meSchema = z.object({
  user: userSchema,
  /** Whether the user runs this installation (the Partners page). */
  platformOperator: z.boolean(),
  csrfToken: z.string().nullable(),
  workspaces: z.array(workspaceSchema),
  /**
   * Workspaces the user belongs to that are out of use: suspended by the platform operator, or a
   * customer of a suspended partner. Only their names, so the user is told why they cannot work.
   */
  suspendedWorkspaces: z.array(z.object({ id: z.string(), name: z.string() })),
});

/** One of a person's sessions: how and from where it signed in (never its token). */
export const sessionSchema = z.object({
  id: z.string(),
  method: z.enum(['password', 'sso']),
  userAgent: z.string().nullable(),
  address: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string(),
  current: z.boolean(),
});
