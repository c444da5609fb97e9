import { z } from 'zod';
import { isoTime } from '../domain/iso-time.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import type { InboxItem } from '../services/approval-inbox.js';
import type { inboxItemSchema as itemSchema } from '../contract/approvals.js';
import { approvalInboxSchema } from '../contract/approvals.js';


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
    response: approvalInboxSchema,
    handler: async ({ app, auth, query }) => {
      await app.store.flush();
      const person = { id: auth?.user.id ?? '' };
      const inbox = query.view === 'waiting' ? await app.inbox.waiting(person, query.limit, Date.now()) : await app.inbox.history(person, query.limit, Date.now());
      return { view: query.view, items: inbox.items.map(presentItem), waiting: inbox.waiting, overdue: inbox.overdue, more: inbox.more };
    },
  }),
];
