import { z } from 'zod';

/** A webhook trigger of a workflow's active version; never its secret. */
export const webhookTriggerSchema = z.object({
  workflowId: z.string(),
  nodeId: z.string(),
  path: z.string(),
  /** The path on the server: `/hooks/<tenant slug>/<path>`. */
  url: z.string(),
});

/** The longest a webhook's previous secret keeps working after a rotation: seven days. */
export const MAX_SECRET_OVERLAP_MINUTES = 7 * 24 * 60;

/** A signing secret a sender issued itself (Shopify's app secret, a Stripe endpoint's whsec_…): long enough to resist guessing. */
export const webhookSecretSchema = z
  .string()
  .min(16, 'must be at least 16 characters: paste the whole secret the sender shows')
  .max(256)
  .regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces');

/** A webhook secret just issued: shown once; the previous one works until `previousValidUntil` (null: it stopped). */
export const issuedWebhookSecretSchema = z.object({ nodeId: z.string(), secret: z.string(), previousValidUntil: z.string().nullable() });
