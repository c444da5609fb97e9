import { z } from 'zod';
import { MAX_SEARCH_VALUE_CHARS } from '../../runtime/definition/index.js';
import type { StartRunRequest } from '../../runtime/engine/index.js';
import type { RunRecord } from '../../runtime/store/index.js';
import { notFound, invalid } from '../domain/domain-error.js';
import { audited, auditEntry } from '../http/audit.js';
import { IDEMPOTENCY_ERRORS, idempotencyHeaders, routeOnce } from '../http/idempotency.js';
import { decodeCursor, encodeCursor } from '../http/pagination.js';
import { defineRoute, requirePermission, type RouteCall, type RouteDefinition } from '../http/route.js';
import { BODY_CAP_BYTES, PAGE_BUDGET_BYTES, PREVIEW_CHARS, presentRun, presentStep, presentSummary } from './run-views.js';
import { runDetailSchema, runSchema, runStatusCountsSchema, runStatusSchema, listedRunSchema, signalAnswerSchema, triggerKindSchema } from '../contract/runs.js';
import { STATUS_COUNT_CAP } from '../services/run-list.js';
import { idSchema, jsonObjectSchema, tenantParams } from '../contract/common.js';
import { workflowParams } from './workflows.js';
import { listedTenants } from './listed-tenants.js';
import { requireWorkflowFilter } from '../http/service-access.js';
import { runSearch } from './run-search.js';

const runParams = tenantParams.extend({ runId: idSchema });
const startBody = z.object({ input: z.unknown().optional(), params: jsonObjectSchema.optional() });
const signalBody = z.object({ correlationKey: z.string().min(1).max(500), payload: z.unknown().optional() });

/** The run, if it belongs to the route's tenant; otherwise 404 like any unknown id. */
export async function tenantRun(call: RouteCall<{ runId: string }, unknown, unknown>): Promise<RunRecord> {
  await call.app.store.flush();
  const run = await call.app.store.getRun(call.params.runId);
  if (!run || run.tenantId !== call.tenant.tenant.id) throw notFound('the run');
  return run;
}

/**
 * Who started a run, as approval gates compare it (separation of duties) and the audit log records
 * it: a person's user id, or a service account named with its id (never a user id, so no approver
 * matches it).
 */
export function initiator(call: RouteCall<unknown, unknown, unknown>): string {
  if (call.auth) return call.auth.user.id;
  return call.service ? `${call.service.name} (service account ${call.service.accountId})` : 'anonymous';
}

/** Child runs a run detail lists (a forEach over many items lists the first ones). */
const MAX_CHILDREN_LISTED = 1000;

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
      together: async (run) => {
        await call.app.audit.append(auditEntry(call, action, { type: 'run', id: run.id }, { details }));
        await remember({ status: 201, runId: run.id, body: { runId: run.id } });
      },
    });
    return { runId: handle.runId };
  });
}

/** The runs list's filters, shared by the list and its status counts. */
const runListQuery = z.object({
  workflowId: z.string().max(100).optional(),
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
  status: runStatusSchema.optional(),
  trigger: triggerKindSchema.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  scope: z.enum(['workspace', 'customers']).default('workspace'),
  customerId: idSchema.optional(),
});

/** The store's filter for the list's query: its filters, and the search (`businessKey`, `attr.<name>`) of the raw query string. */
function runListFilter(query: z.infer<typeof runListQuery>, rawQuery: Readonly<Record<string, unknown>>) {
  return {
    ...runSearch(rawQuery),
    workflowId: query.workflowId,
    workflowVersion: query.version,
    status: 'status' in query ? query.status : undefined,
    triggerType: query.trigger,
    from: query.from === undefined ? undefined : Date.parse(query.from),
    to: query.to === undefined ? undefined : Date.parse(query.to),
  };
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
      await call.app.workflows.assertExists(tenantId, call.params.workflowId);
      const active = await call.app.workflows.active(tenantId, call.params.workflowId);
      if (!active) throw invalid('the workflow has no active version; approve and activate one first');
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
      const detail = await call.app.workflows.draft(tenantId, call.params.workflowId);
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
    summary:
      "List runs, newest first, by workflow, version, status, trigger kind and time range, with cursor pagination; search by exact `businessKey=` and up to five exact `attr.<name>=<value>`; a partner's workspace lists its customers' runs too with `scope=customers` (or one customer's with `customerId`)",
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.read' },
    workflowScoped: true,
    params: tenantParams,
    query: runListQuery.extend({
      cursor: z.string().max(300).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: z.object({ items: z.array(listedRunSchema), nextCursor: z.string().nullable() }),
    handler: async (call) => {
      requireWorkflowFilter(call.service, call.query.workflowId);
      await call.app.store.flush();
      const { query } = call;
      const runs = await call.app.runList.list(await listedTenants(call, 'runs'), { ...runListFilter(query, call.req.query), after: decodeCursor(query.cursor), limit: query.limit });
      const last = runs.length === query.limit ? runs[runs.length - 1] : undefined;
      const names = await call.app.workflows.names(runs.flatMap((run) => (run.workflowId === null ? [] : [{ tenantId: run.tenantId, workflowId: run.workflowId }])));
      return {
        items: runs.map((run) => ({ ...presentSummary(run), workflowName: run.workflowId === null ? null : (names.get(`${run.tenantId}/${run.workflowId}`) ?? null) })),
        nextCursor: last ? encodeCursor(last.createdAt, last.id) : null,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/runs/status-counts',
    summary: `How many runs the list's filters (without status) match in each status, each counted up to ${STATUS_COUNT_CAP}`,
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.read' },
    workflowScoped: true,
    params: tenantParams,
    query: runListQuery.omit({ status: true }),
    response: runStatusCountsSchema,
    handler: async (call) => {
      requireWorkflowFilter(call.service, call.query.workflowId);
      await call.app.store.flush();
      const counts = await call.app.runList.countByStatus(await listedTenants(call, 'runs'), runListFilter(call.query, call.req.query));
      return { counts, cap: STATUS_COUNT_CAP };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/runs/:runId',
    summary: `A run with a page of its steps (\`stepsAfter\`, \`stepsLimit\`) and its child runs; bodies over ${BODY_CAP_BYTES / 1024} KiB are cut, the data route serves them whole`,
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.read' },
    params: runParams,
    query: z.object({
      stepsAfter: z.coerce.number().int().min(-1).max(Number.MAX_SAFE_INTEGER).default(-1),
      stepsLimit: z.coerce.number().int().min(1).max(500).default(200),
    }),
    response: runDetailSchema,
    handler: async (call) => {
      const run = await tenantRun(call);
      const tenantId = call.tenant.tenant.id;
      const page = await call.app.store.listStepPage(run.id, {
        afterSeq: call.query.stepsAfter,
        limit: call.query.stepsLimit,
        bodyCapBytes: BODY_CAP_BYTES,
        budgetBytes: PAGE_BUDGET_BYTES,
        previewChars: PREVIEW_CHARS,
      });
      const children = await call.app.store.listRuns({ tenantId, parentRunId: run.id, limit: MAX_CHILDREN_LISTED + 1 });
      const last = page.more ? page.steps[page.steps.length - 1] : undefined;
      return {
        ...presentRun(run, await call.app.people.nameOf(run.initiatedBy)),
        steps: page.steps.map((step) => presentStep(tenantId, step)),
        nextStepsAfter: last ? last.seq : null,
        children: children
          .slice(0, MAX_CHILDREN_LISTED)
          .map((child) => ({ nodeId: child.parentNodeId ?? '', index: child.parentIndex ?? 0, runId: child.id, status: child.status }))
          .sort((a, b) => a.nodeId.localeCompare(b.nodeId) || a.index - b.index),
        moreChildren: children.length > MAX_CHILDREN_LISTED,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/runs/:runId/data',
    summary: "One body of a run whole, as JSON: the run's input or output, or a step's input, output or error (`nodeId`, `iteration`)",
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.read' },
    params: runParams,
    query: z
      .object({ part: z.enum(['input', 'output', 'error']).default('input'), nodeId: idSchema.optional(), iteration: z.string().min(1).max(200).default('0') })
      .refine((query) => query.part !== 'error' || query.nodeId !== undefined, { path: ['nodeId'], message: 'a run has no error body; name the step with nodeId' }),
    response: z.unknown(),
    handler: async (call) => {
      const run = await tenantRun(call);
      const { part, nodeId, iteration } = call.query;
      const text = await call.app.store.readPayload(
        nodeId === undefined ? { runId: run.id, part: part === 'error' ? 'output' : part } : { runId: run.id, nodeId, iteration, part },
      );
      if (text === null) throw notFound(nodeId === undefined ? `the ${part} of the run` : `the ${part} of step "${nodeId}"`);
      call.res.type('application/json').send(text);
      return undefined;
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
      return presentRun(run, await call.app.people.nameOf(run.initiatedBy));
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
      const run = await tenantRun(call);
      return presentRun(run, await call.app.people.nameOf(run.initiatedBy));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/signals',
    summary: 'Deliver an event to the runs of this tenant waiting for its correlation key',
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.manage' },
    params: tenantParams,
    body: signalBody,
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
        if (resumed === 0) await audited(call, 'signal.send', target, recordAnswer, () => ({ details: { resumed } }));
        else await recordAnswer();
        return answer;
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/signal-with-start',
    summary:
      "Deliver an event to the workflow's runs waiting for its correlation key or, when none waits, start a run of its active version with the payload as input and the key as business key (once however many identical signals arrive together)",
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.start' },
    status: 200,
    params: workflowParams,
    body: signalBody,
    headers: idempotencyHeaders,
    errors: IDEMPOTENCY_ERRORS,
    response: signalAnswerSchema,
    handler: async (call) => {
      requirePermission(call, 'run.manage');
      const tenantId = call.tenant.tenant.id;
      const { workflowId } = call.params;
      await call.app.workflows.assertExists(tenantId, workflowId);
      const active = await call.app.workflows.active(tenantId, workflowId);
      if (!active) throw invalid('the workflow has no active version; approve and activate one first');
      const { correlationKey, payload } = call.body;
      if (correlationKey.length > MAX_SEARCH_VALUE_CHARS) {
        const message = `becomes the business key of the run it may start: at most ${MAX_SEARCH_VALUE_CHARS} characters`;
        throw invalid(`body.correlationKey ${message}`, [{ path: 'body.correlationKey', message }]);
      }
      const target = { type: 'signal', id: correlationKey };
      return routeOnce(call, `signal-with-start:${workflowId}`, async (remember) => {
        const answer = await call.app.signalStarts.deliverOrStart({
          tenantId,
          workflowId,
          correlationKey,
          payload: payload ?? null,
          delivered: (runId) => call.app.audit.append(auditEntry(call, 'signal.send', target, { details: { runId } })),
          start: async () => {
            const handle = await call.app.engine.start(
              {
                definition: active.definition,
                tenantId,
                workflowId,
                workflowVersion: active.version,
                input: payload ?? null,
                businessKey: correlationKey,
                initiatedBy: initiator(call),
                trigger: { type: 'signal', by: initiator(call), correlationKey },
              },
              {
                together: async (run) => {
                  const details = { workflowId, version: active.version, correlationKey };
                  await call.app.audit.append(auditEntry(call, 'run.start', { type: 'run', id: run.id }, { details }));
                  await remember({ status: 200, runId: run.id, body: { outcome: 'started', resumed: 0, runId: run.id } });
                },
              },
            );
            return handle.runId;
          },
        });
        // A start committed its answer with the run; a delivery committed each resumption with
        // its entry, and the key follows them, as for POST .../signals.
        if (answer.outcome !== 'started') {
          await audited(call, 'signal.send', target, () => remember({ status: 200, runId: answer.runId, body: answer }), () => ({ details: { ...answer, workflowId } }));
        }
        return answer;
      });
    },
  }),
];
