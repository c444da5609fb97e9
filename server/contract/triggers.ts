import { z } from 'zod';

/** A webhook trigger of a workflow's active version; never its secret. */
export const webhookTriggerSchema = z.object({
  workflowId: z.string(),
  nodeId: z.string(),
  path: z.string(),
  /** The path on the server: `/hooks/<tenant slug>/<path>`. */
  url: z.string(),
});

/** A webhook secret just issued: shown once, the old one stops working. */
export const issuedWebhookSecretSchema = z.object({ nodeId: z.string(), secret: z.string() });
