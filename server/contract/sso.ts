import { z } from 'zod';
import { roleSchema } from './common.js';

/** Host names an identity provider may be reached at over plain http: this machine only. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether plain http is allowed for this issuer (a provider on this machine, never over a network). */
export function isLoopbackIssuer(issuer: URL): boolean {
  return issuer.protocol === 'http:' && LOOPBACK_HOSTS.has(issuer.hostname);
}

/**
 * The identity provider's issuer: an https URL (http only on this machine, e.g. a provider for
 * tests), without user info, query or fragment, and without a trailing slash (as issuers are compared).
 */
export const issuerSchema = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .superRefine((value, ctx) => {
    // Zod runs refinements after a failed format check too: a value that is no URL is reported by it.
    if (!URL.canParse(value)) return;
    const url = new URL(value);
    if (url.protocol === 'http:' && !isLoopbackIssuer(url)) {
      ctx.addIssue({ code: 'custom', message: 'must be an https URL (plain http only for a provider on this machine, 127.0.0.1 or localhost)' });
    }
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
      ctx.addIssue({ code: 'custom', message: 'must be the issuer URL alone, without user name, password, query or fragment' });
    }
  })
  .transform((value) => value.replace(/\/+$/, ''));

/** One rule of the mapping: members of `group` get `roles` in the tenant (the partner or one of its customers). */
export const groupMappingSchema = z.strictObject({
  group: z.string().min(1).max(200),
  tenantId: z.string().min(1).max(100),
  roles: z.array(roleSchema).min(1).max(roleSchema.options.length),
});
export type GroupMapping = z.infer<typeof groupMappingSchema>;

/** A partner's OpenID Connect connection as an owner sets it (`clientSecret` may be left out to keep the stored one). */
export const ssoConnectionInputSchema = z.strictObject({
  issuer: issuerSchema,
  clientId: z.string().min(1).max(500),
  clientSecret: z.string().min(1).max(4096).optional(),
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/, 'must be one OAuth scope (printable characters, no spaces or quotes)'))
    .min(1)
    .max(20)
    .refine((scopes) => scopes.includes('openid'), 'must include "openid"')
    .default(['openid', 'email', 'profile']),
  groupsClaim: z
    .string()
    .regex(/^[A-Za-z0-9_:./-]{1,100}$/, 'must be a claim name such as "groups" (letters, digits and _ : . / -)')
    .default('groups'),
  mappings: z.array(groupMappingSchema).max(200).default([]),
  enabled: z.boolean().default(true),
  mandatory: z.boolean().default(false),
});
export type SsoConnectionInput = z.infer<typeof ssoConnectionInputSchema>;

/** A partner's connection as owners see it (never its client secret). */
export const ssoConnectionSchema = z.object({
  issuer: z.string(),
  clientId: z.string(),
  clientSecretSet: z.literal(true),
  scopes: z.array(z.string()),
  groupsClaim: z.string(),
  mappings: z.array(groupMappingSchema),
  enabled: z.boolean(),
  mandatory: z.boolean(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  linkedPeople: z.number(),
});
/** The single sign-on settings page: the connection, and the redirect URI to register. */
export const ssoSettingsSchema = z.object({
  /** Null until an owner sets up a connection. */
  connection: ssoConnectionSchema.nullable(),
  /** The address to register at the identity provider as the client's redirect URI. */
  redirectUri: z.string(),
});
