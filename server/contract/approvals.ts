import { z } from 'zod';
import { tenantSchema } from './common.js';

const decisionSchema = z.object({ decision: z.enum(['approve', 'reject']), comment: z.string(), decidedAt: z.string() });
const itemBase = {
  tenant: tenantSchema,
  workflowId: z.string().nullable(),
  workflowName: z.string().nullable(),
  createdAt: z.string(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  approvals: z.object({ received: z.number(), required: z.number() }),
  yourDecision: decisionSchema.nullable(),
};
/** A version waiting for (or given) the user's sign-off. */
export const versionItemSchema = z.object({
  kind: z.literal('version'),
  ...itemBase,
  version: z.number(),
  status: z.enum(['pending', 'approved', 'rejected']),
  note: z.string(),
  authorId: z.string(),
  authorName: z.string(),
});
/** An approval-gate task waiting for (or given) the user's decision. */
export const taskItemSchema = z.object({
  kind: z.literal('task'),
  ...itemBase,
  taskId: z.string(),
  runId: z.string(),
  nodeId: z.string(),
  workflowVersion: z.number().nullable(),
  status: z.enum(['open', 'approved', 'rejected', 'timed_out', 'cancelled']),
  title: z.string(),
  instructions: z.string(),
  fields: z.record(z.string(), z.unknown()),
  escalatedAt: z.string().nullable(),
});
/** One item of the approvals inbox. */
export const inboxItemSchema = z.discriminatedUnion('kind', [versionItemSchema, taskItemSchema]);

/** GET /api/v1/me/approvals. */
export const approvalInboxSchema = z.object({
  view: z.enum(['waiting', 'history']),
  items: z.array(inboxItemSchema),
  /** How many items wait (all of them, not only those listed), and how many of those are overdue. */
  waiting: z.number(),
  overdue: z.number(),
  more: z.boolean(),
});
