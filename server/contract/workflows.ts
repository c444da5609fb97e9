import { z } from 'zod';
import { jsonObjectSchema } from './common.js';

/** A problem of a draft, its path as text. */
export const problemSchema = z.object({ code: z.string(), path: z.string(), message: z.string(), nodeId: z.string().optional(), edgeId: z.string().optional() });
/** A workflow in lists (GET .../workflows). */
export const workflowSummarySchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  description: z.string(),
  revision: z.number(),
  activeVersion: z.number().nullable(),
  latestVersion: z.number().nullable(),
  pendingVersions: z.number(),
  archived: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
/** A workflow with its draft and the draft's problems. */
export const workflowDetailSchema = workflowSummarySchema.extend({ draft: jsonObjectSchema, problems: z.array(problemSchema) });
