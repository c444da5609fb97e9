import { nodeCatalog } from '../../nodes/catalog.js';
import { workflowDefinitionSchema } from '../../runtime/definition/index.js';
import { notFound, invalid } from '../domain/domain-error.js';
import { auditEntry } from '../http/audit.js';
import { IDEMPOTENCY_ERRORS, idempotencyHeaders, routeOnce } from '../http/idempotency.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { idSchema, tenantParams } from '../contract/common.js';
import { replayStartedSchema, runDefinitionSchema } from '../contract/runs.js';
import { initiator, tenantRun } from './runs.js';

const runParams = tenantParams.extend({ runId: idSchema });

/** Statuses in which a run's path is complete enough to compare with a replay. */
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * What a run's page needs besides the run: the definition it executed (drawn with its path), and
 * Replay with draft — the same input and params through the workflow's current draft, as a test run.
 */
export const runDetailRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/runs/:runId/definition',
    summary: 'The workflow definition the run executed: the version it pinned, or the draft as a test run ran it',
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.read' },
    params: runParams,
    response: runDefinitionSchema,
    handler: async (call) => {
      const run = await tenantRun(call);
      const definition = await call.app.store.loadDefinition(run.definitionHash);
      if (!definition) throw notFound('the definition the run executed');
      return { runId: run.id, workflowId: run.workflowId, workflowVersion: run.workflowVersion, definition };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/runs/:runId/replay',
    summary:
      "Replay with draft: a test run of the workflow's current draft with the run's input and params (params the draft no longer declares are left out)",
    tags: ['runs'],
    access: { kind: 'tenant', permission: 'run.test' },
    status: 201,
    params: runParams,
    headers: idempotencyHeaders,
    errors: IDEMPOTENCY_ERRORS,
    response: replayStartedSchema,
    handler: async (call) => {
      const run = await tenantRun(call);
      const tenantId = call.tenant.tenant.id;
      if (run.parentRunId !== null) throw invalid('this run was started by another run (a For each item or a sub-workflow); replay the run that started it');
      if (run.workflowId === null) throw invalid('this run has no workflow to replay it with');
      if (!FINISHED.has(run.status)) throw invalid(`the run is ${run.status}; replay it once it has finished (or cancel it)`);
      const workflowId = run.workflowId;
      const detail = await call.app.workflows.draft(tenantId, workflowId);
      // The draft's declared params decide what it accepts; a param it dropped is not an error of the replay.
      const parsed = workflowDefinitionSchema.safeParse(detail.draft);
      const declared = new Set(parsed.success ? parsed.data.params.map((param) => param.name) : Object.keys(run.params));
      const params = Object.fromEntries(Object.entries(run.params).filter(([name]) => declared.has(name)));
      const droppedParams = Object.keys(run.params).filter((name) => !declared.has(name));
      const triggers = parsed.success ? parsed.data.nodes.filter((node) => nodeCatalog.get(node.type, node.version)?.category === 'trigger').map((node) => node.id) : [];
      return routeOnce(call, `replay:${run.id}`, async (remember) => {
        const handle = await call.app.engine.start(
          {
            definition: detail.draft,
            tenantId,
            workflowId,
            workflowVersion: null,
            // The trigger the run came in through, while the draft still has it.
            ...(triggers.includes(run.triggerNodeId) ? { triggerNodeId: run.triggerNodeId } : {}),
            input: run.input,
            params,
            initiatedBy: initiator(call),
            trigger: { type: 'test', by: initiator(call), revision: detail.revision, replayOf: run.id },
          },
          {
            together: async (started) => {
              const details = { workflowId, revision: detail.revision, replayOf: run.id };
              await call.app.audit.append(auditEntry(call, 'run.test', { type: 'run', id: started.id }, { details }));
              await remember({ status: 201, runId: started.id, body: { runId: started.id, replayOf: run.id, droppedParams } });
            },
          },
        );
        return { runId: handle.runId, replayOf: run.id, droppedParams };
      });
    },
  }),
];
