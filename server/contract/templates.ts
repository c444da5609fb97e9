import { z } from 'zod';
import { templateConnectorSchema, templateChangeSchema } from '../templates/template-manifest.js';

/** A template as the gallery lists it. */
export const templateSummarySchema = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  connectors: z.array(templateConnectorSchema),
  version: z.string(),
});

/** A template's page: the summary with its parameters, README, definition (for the preview), changelog and sample inputs. */
export const templateDetailSchema = templateSummarySchema.extend({
  parameters: z.record(z.string(), z.unknown()),
  readme: z.string(),
  definition: z.record(z.string(), z.unknown()),
  changelog: z.array(templateChangeSchema),
  samples: z.record(z.string(), z.unknown()),
});

/** What cloning asks for. */
export const cloneTemplateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  params: z.record(z.string(), z.unknown()).default({}),
  /** Connector key → the name or id of a credential of the workspace. */
  credentials: z.record(z.string(), z.string().min(1).max(200)).default({}),
});
