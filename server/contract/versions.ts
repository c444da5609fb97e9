import { z } from 'zod';
import { jsonObjectSchema } from './common.js';

/** An immutable version of a workflow, with its reviews and the approvals it needs now. */
export const versionSchema = z.object({
  workflowId: z.string(),
  version: z.number(),
  status: z.enum(['pending', 'approved', 'rejected']),
  note: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  definitionHash: z.string(),
  active: z.boolean(),
  requiredApprovals: z.number(),
  reviews: z.array(
    z.object({ reviewerId: z.string(), reviewerName: z.string(), decision: z.enum(['approve', 'reject']), comment: z.string(), createdAt: z.string() }),
  ),
});

/** A version with its definition (GET .../versions/:version). */
export const versionDetailSchema = versionSchema.extend({ definition: jsonObjectSchema });

/** An activation; a rollback when it went back to an earlier version (GET .../activations). */
export const activationSchema = z.object({
  version: z.number(),
  previousVersion: z.number().nullable(),
  reason: z.string(),
  actorId: z.string(),
  actorName: z.string(),
  createdAt: z.string(),
});

/** Unfinished runs per version (GET .../runs-in-flight). */
export const runsInFlightSchema = z.object({ total: z.number(), versions: z.array(z.object({ version: z.number(), count: z.number() })) });

const nodeRef = z.object({ id: z.string(), type: z.string(), name: z.string() });
const edge = z.object({ id: z.string(), source: z.string(), sourcePort: z.string(), target: z.string(), targetPort: z.string() });
/** What changed between two definitions (GET .../diff). */
export const workflowDiffSchema = z.object({
  nodes: z.object({
    added: z.array(nodeRef),
    removed: z.array(nodeRef),
    changed: z.array(z.object({ id: z.string(), name: z.string(), fields: z.array(z.string()), configKeys: z.array(z.string()) })),
  }),
  edges: z.object({ added: z.array(edge), removed: z.array(edge), changed: z.array(z.object({ id: z.string(), before: edge, after: edge })) }),
  definition: z.array(z.string()),
});
