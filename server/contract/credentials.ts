import { z } from 'zod';
import { HostPatternError, parseHostPattern } from '../../runtime/egress/host-pattern.js';

/** A credential as the API shows it: never its values. */
const summarySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['apiKey', 'basic', 'bearer', 'oauth2ClientCredentials', 'shopify', 'webhookUrl']),
  createdBy: z.string(),
  createdAt: z.string(),
  rotatedAt: z.string().nullable(),
  allowedHosts: z.array(z.string()),
  allowDrafts: z.boolean(),
});
/** A credential with the workflows that name it (in the draft, the active version, or both). */
export const credentialSchema = summarySchema.extend({
  usedBy: z.array(z.object({ workflowId: z.string(), workflowName: z.string(), in: z.array(z.enum(['draft', 'active'])) })),
});

/** The kinds of credentials, with the fields each holds (all write-only). */
export const credentialSecretSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('apiKey'), name: z.string().min(1).max(200), value: z.string().min(1).max(4096), in: z.enum(['header', 'query']).default('header') }),
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1).max(500), password: z.string().min(1).max(4096) }),
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1).max(8192) }),
  z.strictObject({
    type: z.literal('oauth2ClientCredentials'),
    tokenUrl: z.url({ protocol: /^https?$/ }),
    clientId: z.string().min(1).max(500),
    clientSecret: z.string().min(1).max(4096),
    scope: z.string().max(1000).default(''),
  }),
  /** A Shopify custom app's Admin API access token, for the Shopify connector's operations. */
  z.strictObject({ type: z.literal('shopify'), accessToken: z.string().min(1).max(4096) }),
  /** An incoming-webhook address that is itself the secret (Slack, Microsoft Teams); its host must be an allowed host. */
  z.strictObject({ type: z.literal('webhookUrl'), url: z.url({ protocol: /^https?$/ }).max(2000) }),
]);
export type CredentialSecret = z.infer<typeof credentialSecretSchema>;

/** The most hosts one credential names. */
const MAX_CREDENTIAL_HOSTS = 50;

/**
 * The hosts a credential may be sent to: `host` or `host:port` patterns (a name, `*.suffix`, an IP
 * address or a CIDR network; any port when none is given), at least one, stored in canonical form.
 */
export const credentialHostsSchema = z
  .array(z.string().max(300))
  .min(1, 'name at least one host the credential may be sent to, e.g. "api.example.com"')
  .max(MAX_CREDENTIAL_HOSTS)
  .superRefine((hosts, ctx) => {
    hosts.forEach((host, index) => {
      try {
        parseHostPattern(host, { portRequired: false });
      } catch (error) {
        if (!(error instanceof HostPatternError)) throw error;
        ctx.addIssue({ code: 'custom', path: [index], message: `the host "${host}" ${error.message}` });
      }
    });
  })
  .transform((hosts) => [...new Set(hosts.map((host) => parseHostPattern(host, { portRequired: false }).text))]);

/** What creating a credential asks for: its name, its values and the hosts it may be sent to. */
export const newCredentialSchema = z.strictObject({ name: z.string().min(1).max(200), secret: credentialSecretSchema, allowedHosts: credentialHostsSchema });
