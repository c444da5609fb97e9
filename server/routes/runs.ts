import { z } from 'zod';
import type { StartRunRequest } from '../../runtime/engine/index.js';
import type { RunRecord } from '../../runtime/store/index.js';
import { notFound, unprocessable } from '../http/api-error.js';
import { audited, auditEntry } from '../http/audit.js';
import { IDEMPOTENCY_ERRORS, idempotencyHeaders, routeOnce } from '../http/idempotency.js';
import { decodeCursor, encodeCursor } from '../http/pagination.js';
import { defineRoute, type RouteCall, type RouteDefinition } from '../http/route.js';
import { idSchema, jsonObjectSchema, tenantParams } from './schemas.js';
import { workflowParams } from './workflows.js';
import { isoTime } from '../http/iso-time.js';

const runParams = tenantParams.extend({ runId: idSchema });
const statusSchema = z.enum(['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled']);
const failureSchema = z.object({
  message: z.string(),
  code: z.string(),
  nodeId: z.string().optional(),
  attempt: z.number().optional(),
  details: z.unknown().optional(),
  retryable: z.boolean().optional(),
  retryAfterMs: z.number().optional(),
});
const runSchema = z.object({
  id: z.string(),
  workflowId: z.string().nullable(),
  workflowVersion: z.number().nullable(),
  status: statusSchema,
  triggerNodeId: z.string(),
  input: z.unknown(),
  output: z.unknown(),
  error: failureSchema.nullable(),
  stepCount: z.number(),
  initiatedBy: z.string().nullable(),
  parentRunId: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
const stepSchema = z.object({
  nodeId: z.string(),
  iteration: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'skipped', 'waiting']),
  attempt: z.number(),
  ports: z.array(z.string()),
  input: z.unknown(),
  output: z.unknown(),
  error: failureSchema.nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
const startBody = z.object({ input: z.unknown().optional(), params: jsonObjectSchema.optional() });

function presentRun(run: RunRecord): z.infer<typeof runSchema> {
  return {
    id: run.id,
    workflowId: run.workflowId,
    workflowVersion: run.workflowVersion,
    status: run.status,
    triggerNodeId: run.triggerNodeId,
    input: run.input,
    output: run.output,
    error: run.error,
    stepCount: run.stepCount,
    initiatedBy: run.initiatedBy,
    parentRunId: run.parentRunId,
    createdAt: isoTime(run.createdAt),
    finishedAt: isoTime(run.finishedAt),
  };
}

/** The run, if it belongs to the route's tenant; otherwise 404 like any unknown id. */
async function tenantRun(call: RouteCall<{ runId: string }, unknown, unknown>): Promise<RunRecord> {
  await call.app.store.flush();
  const run = await call.app.store.getRun(call.params.runId);
  if (!run || run.tenantId !== call.tenant.tenant.id) throw notFound('the run');
  return run;
}

/** Who started a run, as approval gates compare it (separation of duties). */
function initiator(call: RouteCall<unknown, unknown, unknown>): string {
  return call.auth?.user.email.toLowerCase() ?? 'anonymous';
}

/**
 * Starts a run once per `Idempotency-Key` (per workflow and kind of start): its audit entry and the
 * key commit in the transaction that creates the run; a retry answers the same run id.
 */
function startOnce(
  call: RouteCall<{ workflowId: string }, unknown, unknown, z.infer<typeof idempotencyHeaders>>,
  action: 'run.start' | 'run.test',
  request: StartRunRequest,
  details: Record<string, unknown>,
): Promise<{ runId: string }> {
  const scope = `${action === 'run.start' ? 'runs' : 'test-runs'}:${call.params.workflowId}`;
  return routeOnce(call, scope, async (remember) => {
    const handle = await call.app.engine.start(request, {
      together: (run) => {
        call.app.audit.append(auditEntry(call, action, { type: 'run', id: run.id }, { details }));
        remember({ status: 201, runId: run.id, body: { runId: run.id } });
      },
    });
    return { runId: handle.runId };
  });
}

/** Runs: start (active version or a test of the draft), list, inspect, cancel, retry; signals. */
export const runRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/runs',
    summary: "Start a run of the workflow's active version",
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.start' },
    status: 201,
    params: workflowParams,
    body: startBody,
    headers: idempotencyHeaders,
    errors: IDEMPOTENCY_ERRORS,
    response: z.object({ runId: z.string() }),
    handler: async (call) => {
      const tenantId = call.tenant.tenant.id;
      call.app.workflows.assertExists(tenantId, call.params.workflowId);
      const active = call.app.workflows.active(tenantId, call.params.workflowId);
      if (!active) throw unprocessable('the workflow has no active version; approve and activate one first');
      return startOnce(
        call,
        'run.start',
        {
          definition: active.definition,
          tenantId,
          workflowId: call.params.workflowId,
          workflowVersion: active.version,
          input: call.body.input,
          params: call.body.params,
          initiatedBy: initiator(call),
          trigger: { type: 'manual', by: initiator(call) },
        },
        { workflowId: call.params.workflowId, version: active.version },
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/test-runs',
    summary: 'Start a test run of the draft (it must be valid)',
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.test' },
    status: 201,
    params: workflowParams,
    body: startBody,
    headers: idempotencyHeaders,
    errors: IDEMPOTENCY_ERRORS,
    response: z.object({ runId: z.string() }),
    handler: async (call) => {
      const tenantId = call.tenant.tenant.id;
      const detail = call.app.workflows.draft(tenantId, call.params.workflowId);
      return startOnce(
        call,
        'run.test',
        {
          definition: detail.draft,
          tenantId,
          workflowId: call.params.workflowId,
          workflowVersion: null,
          input: call.body.input,
          params: call.body.params,
          initiatedBy: initiator(call),
          trigger: { type: 'test', by: initiator(call), revision: detail.revision },
        },
        { workflowId: call.params.workflowId, revision: detail.revision },
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/runs',
    summary: 'List runs, newest first, by workflow, status and time range, with cursor pagination',
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.read' },
    params: tenantParams,
    query: z.object({
      workflowId: z.string().max(100).optional(),
      status: statusSchema.optional(),
      from: z.iso.datetime().optional(),
      to: z.iso.datetime().optional(),
      cursor: z.string().max(300).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: z.object({ items: z.array(runSchema), nextCursor: z.string().nullable() }),
    handler: async ({ app, tenant, query }) => {
      await app.store.flush();
      const runs = await app.store.listRuns({
        tenantId: tenant.tenant.id,
        workflowId: query.workflowId,
        status: query.status,
        from: query.from === undefined ? undefined : Date.parse(query.from),
        to: query.to === undefined ? undefined : Date.parse(query.to),
        after: decodeCursor(query.cursor),
        limit: query.limit,
      });
      const last = runs.length === query.limit ? runs[runs.length - 1] : undefined;
      return { items: runs.map(presentRun), nextCursor: last ? encodeCursor(last.createdAt, last.id) : null };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/runs/:runId',
    summary: 'A run with its full step trace and child runs',
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.read' },
    params: runParams,
    response: runSchema.extend({
      steps: z.array(stepSchema),
      children: z.array(z.object({ nodeId: z.string(), index: z.number(), runId: z.string(), status: statusSchema })),
    }),
    handler: async (call) => {
      const trace = await call.app.engine.trace(call.params.runId);
      if (!trace || trace.run.tenantId !== call.tenant.tenant.id) throw notFound('the run');
      return {
        ...presentRun(trace.run),
        steps: trace.steps.map((step) => ({ ...step, startedAt: isoTime(step.startedAt), finishedAt: isoTime(step.finishedAt), ports: [...step.ports] })),
        children: [...trace.children],
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/runs/:runId/cancel',
    summary: 'Cancel a running or waiting run',
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.manage' },
    params: runParams,
    response: runSchema,
    handler: async (call) => {
      await tenantRun(call);
      const run = await call.app.engine.cancel(call.params.runId, () => call.app.audit.append(auditEntry(call, 'run.cancel', { type: 'run', id: call.params.runId })));
      return presentRun(run);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/runs/:runId/retry',
    summary: 'Retry a failed run from the step that failed',
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.manage' },
    params: runParams,
    response: runSchema,
    handler: async (call) => {
      await tenantRun(call);
      await call.app.engine.retry(call.params.runId, () => call.app.audit.append(auditEntry(call, 'run.retry', { type: 'run', id: call.params.runId })));
      return presentRun(await tenantRun(call));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/signals',
    summary: 'Deliver an event to the runs of this tenant waiting for its correlation key',
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.manage' },
    params: tenantParams,
    body: z.object({ correlationKey: z.string().min(1).max(500), payload: z.unknown().optional() }),
    headers: idempotencyHeaders,
    errors: IDEMPOTENCY_ERRORS,
    response: z.object({ resumed: z.number() }),
    handler: (call) =>
      routeOnce(call, 'signals', async (remember) => {
        const target = { type: 'signal', id: call.body.correlationKey };
        const resumed = await call.app.engine.signal(call.tenant.tenant.id, call.body.correlationKey, call.body.payload ?? null, (runId) =>
          call.app.audit.append(auditEntry(call, 'signal.send', target, { details: { runId } })),
        );
        // Each resumption committed with its own entry; the key follows them (a crash in between
        // lets a retry deliver to whatever still waits). A signal nobody waited for changed
        // nothing: its entry says so.
        const answer = { resumed };
        const recordAnswer = () => remember({ status: 200, runId: null, body: answer });
        if (resumed === 0) audited(call, 'signal.send', target, recordAnswer, () => ({ details: { resumed } }));
        else recordAnswer();
        return answer;
      }),
  }),
];
