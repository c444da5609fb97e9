import { z } from 'zod';
import { tenantSchema } from './common.js';
import { brandingSchema } from './tenants.js';

/** A human task of an approval gate. */
export const taskSchema = z.object({
  id: z.string(),
  runId: z.string(),
  nodeId: z.string(),
  status: z.enum(['open', 'approved', 'rejected', 'timed_out', 'cancelled']),
  title: z.string(),
  instructions: z.string(),
  fields: z.record(z.string(), z.unknown()),
  policy: z.object({ roles: z.array(z.string()), users: z.array(z.string()), requiredApprovals: z.number(), vetoOnReject: z.boolean(), allowInitiator: z.boolean() }),
  dueAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  decisions: z.array(
    z.object({
      /** The user id of who decided; `actorName` and `actorEmail` only show them (null once the account is gone). */
      actorId: z.string(),
      actorName: z.string().nullable(),
      actorEmail: z.string().nullable(),
      decision: z.enum(['approve', 'reject']),
      comment: z.string(),
      decidedAt: z.string(),
    }),
  ),
});

/** An approval task as its decision link shows it (GET /api/v1/decisions/:token), to its approver only. */
export const decisionLinkSchema = z.object({
  /** The e-mail address of the person the link decides as (shown); `approverId` identifies them. */
  approver: z.string(),
  approverId: z.string(),
  expiresAt: z.string(),
  tenant: tenantSchema,
  branding: brandingSchema,
  task: taskSchema,
});
