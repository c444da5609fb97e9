import { z } from 'zod';
import { isoTime } from '../http/iso-time.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import type { InboxItem } from '../services/approval-inbox.js';
import { tenantSchema } from './schemas.js';

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
const versionItemSchema = z.object({
  kind: z.literal('version'),
  ...itemBase,
  version: z.number(),
  status: z.enum(['pending', 'approved', 'rejected']),
  note: z.string(),
  authorId: z.string(),
  authorName: z.string(),
});
const taskItemSchema = z.object({
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
const itemSchema = z.discriminatedUnion('kind', [versionItemSchema, taskItemSchema]);

function presentItem(item: InboxItem): z.infer<typeof itemSchema> {
  const common = {
    tenant: item.tenant,
    workflowId: item.workflowId,
    workflowName: item.workflowName,
    createdAt: isoTime(item.createdAt),
    dueAt: isoTime(item.dueAt),
    overdue: item.overdue,
    approvals: item.approvals,
    yourDecision: item.yourDecision && { ...item.yourDecision, decidedAt: isoTime(item.yourDecision.decidedAt) },
  };
  if (item.kind === 'version') {
    return { kind: 'version', ...common, version: item.version, status: item.status, note: item.note, authorId: item.authorId, authorName: item.authorName };
  }
  return {
    kind: 'task',
    ...common,
    taskId: item.taskId,
    runId: item.runId,
    nodeId: item.nodeId,
    workflowVersion: item.workflowVersion,
    status: item.status,
    title: item.title,
    instructions: item.instructions,
    fields: item.fields,
    escalatedAt: isoTime(item.escalatedAt),
  };
}

/** The signed-in person's approvals inbox, across every workspace they belong to. */
export const approvalRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/me/approvals',
    summary:
      'What waits for your sign-off or decision in every workspace you belong to — versions to review and approval-gate tasks — overdue first (`view=waiting`), or what you decided, newest first (`view=history`)',
    tags: ['approvals'],
    access: { kind: 'user' },
    query: z.object({ view: z.enum(['waiting', 'history']).default('waiting'), limit: z.coerce.number().int().min(1).max(200).default(100) }),
    response: z.object({
      view: z.enum(['waiting', 'history']),
      items: z.array(itemSchema),
      /** How many items wait (all of them, not only those listed), and how many of those are overdue. */
      waiting: z.number(),
      overdue: z.number(),
      more: z.boolean(),
    }),
    handler: async ({ app, auth, query }) => {
      await app.store.flush();
      const person = { id: auth?.user.id ?? '', email: auth?.user.email.toLowerCase() ?? '' };
      const inbox = query.view === 'waiting' ? await app.inbox.waiting(person, query.limit, Date.now()) : await app.inbox.history(person, query.limit, Date.now());
      return { view: query.view, items: inbox.items.map(presentItem), waiting: inbox.waiting, overdue: inbox.overdue, more: inbox.more };
    },
  }),
];
