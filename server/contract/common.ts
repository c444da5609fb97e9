import { z } from 'zod';
import { ROLES } from '../../runtime/definition/roles.js';

/**
 * Shared pieces of the API's request and response schemas. Browser-safe (zod only): the server
 * validates and documents with them, the designer takes its types from them.
 */
export const idSchema = z.string().min(1).max(100);
export const tenantParams = z.object({ tenantId: idSchema });
/** A tenant's slug: its name in webhook addresses and sign-in links. */
export const slugSchema = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and inner dashes');
export const roleSchema = z.enum(ROLES);
export const rolesSchema = z.array(roleSchema).min(1).max(5);
export const okSchema = z.object({ ok: z.literal(true) });
/** Where someone's roles in a tenant come from (see TenantAccess). */
export const viaSchema = z.enum(['member', 'partner', 'both']);

export const tenantSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: z.enum(['partner', 'customer']),
  parentId: z.string().nullable(),
});

/** A JSON object (workflow definitions, inputs) as documents describe it. */
export const jsonObjectSchema = z.record(z.string(), z.unknown());
