import { z } from 'zod';

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
