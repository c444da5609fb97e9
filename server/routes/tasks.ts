import { z } from 'zod';
import { DecisionTokenError } from '../../runtime/engine/index.js';
import type { TaskRecord } from '../../runtime/store/index.js';
import { allows } from '../auth/permissions.js';
import type { AppContext } from '../context.js';
import { DomainError, conflict, forbidden, notFound, invalid } from '../domain/domain-error.js';
import { audit, auditEntry } from '../http/audit.js';
import { defineRoute, type RouteCall, type RouteDefinition } from '../http/route.js';
import type { PersonView } from '../identity/people.js';
import { awaitsDecisionFrom, mayDecide } from '../services/task-eligibility.js';
import { capped, payloadHref } from './run-views.js';
import { idSchema, tenantParams } from '../contract/common.js';
import { decisionLinkSchema, taskSchema } from '../contract/tasks.js';
import { isoTime } from '../domain/iso-time.js';

const taskParams = tenantParams.extend({ taskId: idSchema });
const decisionBody = z.object({ decision: z.enum(['approve', 'reject']), comment: z.string().max(5000).default('') });
const taskDecisionBody = decisionBody.extend({
  asTest: z
    .boolean()
    .default(false)
    .describe("A test decision on a test run of a draft you started: the gate's approvers and N of M do not apply, the task closes with it"),
});

async function presentTask(app: AppContext, task: TaskRecord): Promise<z.infer<typeof taskSchema>> {
  const decisions: z.infer<typeof taskSchema>['decisions'][number][] = [];
  for (const decision of task.decisions) {
    const actor = await app.people.person(decision.actorId);
    decisions.push({ actorId: decision.actorId, actorName: actor?.name ?? null, actorEmail: actor?.email ?? null, decision: decision.decision, comment: decision.comment, decidedAt: isoTime(decision.decidedAt) });
  }
  return {
    id: task.id,
    runId: task.runId,
    nodeId: task.nodeId,
    status: task.status,
    title: task.title,
    instructions: task.instructions,
    fields: task.fields,
    policy: { ...task.policy, roles: [...task.policy.roles], users: [...task.policy.users] },
    dueAt: isoTime(task.dueAt),
    escalatedAt: isoTime(task.escalatedAt),
    createdAt: isoTime(task.createdAt),
    closedAt: isoTime(task.closedAt),
    decisions,
  };
}

/** Tasks as the API shows them, in their order. */
async function presentTasks(app: AppContext, tasks: readonly TaskRecord[]): Promise<z.infer<typeof taskSchema>[]> {
  const presented: z.infer<typeof taskSchema>[] = [];
  for (const task of tasks) presented.push(await presentTask(app, task));
  return presented;
}

/** The task if it is in the tenant (404 otherwise, whoever owns it). */
async function tenantTask(app: AppContext, taskId: string, tenantId: string): Promise<TaskRecord> {
  await app.store.flush();
  const task = await app.store.getTask(taskId);
  if (!task || task.tenantId !== tenantId) throw notFound('the task');
  return task;
}

/** Human tasks from approval gates: inbox, detail with run context, decisions, decision links. */
export const taskRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/tasks',
    summary:
      "Tasks of the tenant, of one run with `runId`; `inbox=true` lists the open ones you may decide and have not decided (never those of a run you started, unless its gate allows that, nor those of test runs of drafts)",
    tags: ['tasks'],
    access: { kind: 'tenant', permission: 'task.read' },
    params: tenantParams,
    query: z.object({
      status: z.enum(['open', 'approved', 'rejected', 'timed_out', 'cancelled']).optional(),
      inbox: z.enum(['true', 'false']).optional(),
      runId: idSchema.optional(),
    }),
    response: z.array(taskSchema),
    handler: async ({ app, tenant, auth, query }) => {
      await app.store.flush();
      const inbox = query.inbox === 'true';
      const tasks = await app.store.listTasks({ tenantId: tenant.tenant.id, status: inbox ? 'open' : query.status, runId: query.runId });
      if (!inbox) return presentTasks(app, tasks);
      const person = { id: auth?.user.id ?? '', roles: tenant.roles };
      const mine = tasks.filter((task) => awaitsDecisionFrom(task, person));
      const drafts = new Set((await app.store.getRunSummaries(mine.map((task) => task.runId))).filter((run) => run.draft).map((run) => run.id));
      return presentTasks(app, mine.filter((task) => !drafts.has(task.runId)));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/tasks/:taskId',
    summary: "A task with its run's context (workflow, input, trigger)",
    tags: ['tasks'],
    access: { kind: 'tenant', permission: 'task.read' },
    params: taskParams,
    response: taskSchema.extend({
      run: z.object({
        id: z.string(),
        workflowId: z.string().nullable(),
        workflowVersion: z.number().nullable(),
        status: z.string(),
        input: z.unknown(),
        /** Who started the run: a user id, or a system or service-account actor. */
        initiatedBy: z.string().nullable(),
        /** The initiator's name, when a person started the run. */
        initiatedByName: z.string().nullable(),
      }),
    }),
    handler: async (call) => {
      const task = await tenantTask(call.app, call.params.taskId, call.tenant.tenant.id);
      const run = await call.app.store.getRun(task.runId);
      if (!run) throw notFound('the run of the task');
      return {
        ...(await presentTask(call.app, task)),
        run: {
          id: run.id,
          workflowId: run.workflowId,
          workflowVersion: run.workflowVersion,
          status: run.status,
          input: capped(run.input, payloadHref(run.tenantId, run.id, 'input')),
          initiatedBy: run.initiatedBy,
          initiatedByName: await call.app.people.nameOf(run.initiatedBy),
        },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/tasks/:taskId/decide',
    summary: 'Approve or reject a task you may decide; the run resumes once the policy is met (`asTest`: decide a gate of your own test run of a draft)',
    tags: ['tasks'],
    access: { kind: 'tenant', permission: 'task.read' },
    params: taskParams,
    body: taskDecisionBody,
    response: taskSchema,
    handler: async (call) => {
      const task = await tenantTask(call.app, call.params.taskId, call.tenant.tenant.id);
      const decided = await call.app.engine.decide(
        task.id,
        { decision: call.body.decision, actor: { id: call.auth?.user.id ?? '', roles: [...call.tenant.roles] }, comment: call.body.comment, asTest: call.body.asTest },
        (after) =>
          call.app.audit.append(
            auditEntry(call, `task.${call.body.decision}`, { type: 'task', id: task.id }, { details: { runId: task.runId, status: after.status, ...(call.body.asTest ? { test: true } : {}) } }),
          ),
      );
      return presentTask(call.app, decided);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/tasks/:taskId/links',
    summary:
      'Mail a signed, expiring, single-use decision link to an approver of the task (by user id or e-mail); the link is never in the answer. ' +
      'Only someone who may decide the task sends its links (403 otherwise); refused (422) for an approver who may not decide it, such as the run\'s initiator',
    tags: ['tasks'],
    access: { kind: 'tenant', permission: 'task.read' },
    status: 201,
    params: taskParams,
    errors: { 502: 'The link could not be mailed' },
    body: z
      .object({
        approverId: idSchema.optional(),
        approverEmail: z.email().max(320).optional(),
        expiresInMinutes: z.number().int().min(1).max(10_080).default(1440),
      })
      .superRefine((body, ctx) => {
        if ((body.approverId === undefined) === (body.approverEmail === undefined)) {
          ctx.addIssue({ code: 'custom', path: ['approverId'], message: 'name the approver by approverId (their user id) or approverEmail, one of the two' });
        }
      }),
    response: z.object({ sentTo: z.string(), approverId: z.string(), expiresAt: z.string() }),
    handler: async (call) => {
      const task = await tenantTask(call.app, call.params.taskId, call.tenant.tenant.id);
      if (!mayDecide(task, { id: call.auth?.user.id ?? '', roles: call.tenant.roles })) {
        throw forbidden('only someone who may decide this task can send its decision links');
      }
      if (task.status !== 'open') throw conflict(`the task is already ${task.status}`);
      const approver = await linkRecipient(call.app, call.body);
      const path = call.body.approverId === undefined ? 'body.approverEmail' : 'body.approverId';
      const refusal = await call.app.decisionLinks.refusal(task, approver.person, approver.named);
      if (refusal !== undefined || !approver.person) throw invalid(refusal ?? '', [{ path, message: refusal ?? '' }]);
      let expiresAt: number;
      try {
        expiresAt = await call.app.decisionLinks.send(task, approver.person, call.body.expiresInMinutes * 60_000);
      } catch (error) {
        call.app.logger.error({ err: error, taskId: task.id }, 'a decision link could not be mailed');
        throw new DomainError('dependency-failed', 'MAIL_FAILED', 'the decision link could not be mailed; try again once mail works');
      }
      await audit(call, 'task.link.create', { type: 'task', id: task.id }, { details: { approver: approver.person.id } });
      return { sentTo: approver.person.email, approverId: approver.person.id, expiresAt: isoTime(expiresAt) ?? '' };
    },
  }),
];

/** The person a link is asked for, by user id or e-mail; `named` is what the request said, for refusals. */
async function linkRecipient(app: AppContext, body: { approverId?: string; approverEmail?: string }): Promise<{ person: PersonView | undefined; named: string }> {
  if (body.approverId !== undefined) return { person: await app.people.person(body.approverId), named: body.approverId };
  const email = (body.approverEmail ?? '').toLowerCase();
  const user = await app.sessions.userByEmail(email);
  return { person: user && (await app.people.person(user.id)), named: email };
}

/** Verifies a decision link token, mapping refusals to 401/410. */
function claimsOf(call: RouteCall<{ token: string }, unknown, unknown>) {
  try {
    return call.app.engine.verifyDecisionLink(call.params.token);
  } catch (error) {
    if (error instanceof DecisionTokenError) {
      throw error.reason === 'expired' ? new DomainError('gone', 'LINK_EXPIRED', error.message) : new DomainError('unauthenticated', 'INVALID_LINK', error.message);
    }
    throw error;
  }
}

const tokenParams = z.object({ token: z.string().min(10).max(4000) });

/**
 * The link's approver, who must still have access to the task's tenant: a link decides as its
 * person, with their roles of now, never as whoever holds it. Links name their approver by user id;
 * those mailed before people were identified by id name them by e-mail, for the week they last.
 */
async function linkApprover(app: AppContext, claims: { approverId: string; tenantId: string }) {
  const user = (await app.sessions.userById(claims.approverId)) ?? (claims.approverId.includes('@') ? await app.sessions.userByEmail(claims.approverId) : undefined);
  const access = user && (await app.access.resolve(user.id, claims.tenantId));
  if (!user || !access || !allows(access.roles, 'task.read')) throw forbidden('the approver of this link no longer has access to the tenant');
  return { user, access };
}

/** Signed decision links from notifications: the link itself authenticates, for one approver and one task. */
export const decisionRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/decisions/:token',
    summary: 'What a decision link lets its approver decide, under the brand of the task\'s workspace',
    tags: ['tasks'],
    access: { kind: 'public' },
    params: tokenParams,
    errors: { 410: 'The link has expired' },
    response: decisionLinkSchema,
    handler: async (call) => {
      const claims = claimsOf(call);
      const { user, access } = await linkApprover(call.app, claims);
      const task = await tenantTask(call.app, claims.taskId, claims.tenantId);
      return {
        approver: user.email,
        approverId: user.id,
        expiresAt: new Date(claims.expiresAt).toISOString(),
        tenant: access.tenant,
        branding: await call.app.tenants.branding(claims.tenantId),
        task: await presentTask(call.app, task),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/decisions/:token',
    summary: 'Decide through a decision link (once per link), as its approver and with the checks of a direct decision',
    tags: ['tasks'],
    access: { kind: 'public' },
    params: tokenParams,
    errors: { 410: 'The link has expired' },
    body: decisionBody,
    response: taskSchema,
    handler: async (call) => {
      const claims = claimsOf(call);
      const { user, access } = await linkApprover(call.app, claims);
      const decided = await call.app.engine.decide(
        claims.taskId,
        { decision: call.body.decision, actor: { id: user.id, roles: [...access.roles] }, comment: call.body.comment, tokenId: claims.tokenId },
        (after) =>
          call.app.audit.append({
            tenantId: claims.tenantId,
            actorId: user.id,
            action: `task.${call.body.decision}`,
            targetType: 'task',
            targetId: claims.taskId,
            details: { runId: claims.runId, via: 'link', status: after.status },
          }),
      );
      return presentTask(call.app, decided);
    },
  }),
];
