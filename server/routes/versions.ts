import { z } from 'zod';
import type { PlatformEventType } from '../../runtime/definition/index.js';
import { actorIdOf, audited } from '../http/audit.js';
import { defineRoute, type RouteCall, type RouteDefinition } from '../http/route.js';
import { jsonObjectSchema } from '../contract/common.js';
import { workflowParams } from './workflows.js';
import { activationSchema, runsInFlightSchema, versionDetailSchema, versionSchema, workflowDiffSchema as diffSchema } from '../contract/versions.js';

const versionParams = workflowParams.extend({ version: z.coerce.number().int().min(1) });
const reviewBody = z.object({ comment: z.string().max(5000).default('') });

/** Records a version's event in the commit of its change (`audited`'s). */
function recordVersionEvent(call: RouteCall<{ workflowId: string }, unknown, unknown>, type: PlatformEventType, version: number, details: Record<string, unknown>): void {
  call.app.events.record(call.tenant.tenant.id, type, { workflowId: call.params.workflowId, version, by: actorIdOf(call), ...details });
}

/** Versions and sign-off: submit, review, activate (and roll back), restore, compare. */
export const versionRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/versions',
    summary: 'Versions of a workflow, newest first',
    tags: ['versions'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: workflowParams,
    response: z.array(versionSchema),
    handler: ({ app, tenant, params }) => app.workflows.versions(tenant.tenant.id, params.workflowId),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/versions',
    summary: 'Submit the draft as the next immutable version, pending sign-off (the draft must be valid)',
    tags: ['versions'],
    access: { kind: 'tenant', permission: 'version.submit' },
    status: 201,
    params: workflowParams,
    body: z.object({ note: z.string().max(5000).default('') }),
    response: versionSchema,
    handler: async (call) => {
      const version = await audited(
        call,
        'version.submit',
        { type: 'workflow', id: call.params.workflowId },
        async () => {
          const submitted = await call.app.workflows.submit(call.tenant.tenant.id, { id: call.auth?.user.id ?? '' }, call.params.workflowId, call.body.note);
          recordVersionEvent(call, 'version.submitted', submitted.version, { note: call.body.note });
          return submitted;
        },
        (submitted) => ({ details: { version: submitted.version, hash: submitted.definitionHash } }),
      );
      // After the commit, without holding the answer: the approvers are mailed; the version waits in their inbox anyway.
      const user = call.auth?.user;
      void call.app.signOffNotices.versionSubmitted({
        tenantId: call.tenant.tenant.id,
        workflow: call.app.workflows.draft(call.tenant.tenant.id, call.params.workflowId).name,
        version: version.version,
        submitterId: user?.id ?? '',
        submittedBy: user ? `${user.name} (${user.email})` : 'Someone',
        note: call.body.note,
      });
      return version;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/versions/:version',
    summary: 'One version with its definition',
    tags: ['versions'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: versionParams,
    response: versionDetailSchema,
    handler: async ({ app, tenant, params }) => ({
      ...(await app.workflows.version(tenant.tenant.id, params.workflowId, params.version)),
      definition: app.workflows.versionDefinition(tenant.tenant.id, params.workflowId, params.version),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/versions/:version/approve',
    summary: "Approve a version (never its author's own; the tenant policy sets how many approvals are needed)",
    tags: ['versions'],
    access: { kind: 'tenant', permission: 'version.review' },
    params: versionParams,
    body: reviewBody,
    response: versionSchema,
    handler: async (call) => {
      return await audited(
        call,
        'version.approve',
        { type: 'workflow', id: call.params.workflowId },
        async () => {
          const version = await call.app.workflows.review(call.tenant.tenant.id, { id: call.auth?.user.id ?? '' }, call.params.workflowId, call.params.version, 'approve', call.body.comment);
          recordVersionEvent(call, 'version.approved', call.params.version, { status: version.status, comment: call.body.comment });
          return version;
        },
        (version) => ({ details: { version: call.params.version, status: version.status } }),
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/versions/:version/reject',
    summary: 'Reject a version, with a comment',
    tags: ['versions'],
    access: { kind: 'tenant', permission: 'version.review' },
    params: versionParams,
    body: reviewBody,
    response: versionSchema,
    handler: async (call) => {
      return await audited(
        call,
        'version.reject',
        { type: 'workflow', id: call.params.workflowId },
        () => call.app.workflows.review(call.tenant.tenant.id, { id: call.auth?.user.id ?? '' }, call.params.workflowId, call.params.version, 'reject', call.body.comment),
        () => ({ details: { version: call.params.version } }),
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/activate',
    summary: 'Make an approved version the active one; an earlier version than the active one is a rollback',
    tags: ['versions'],
    access: { kind: 'tenant', permission: 'workflow.activate' },
    params: workflowParams,
    body: z.object({ version: z.number().int().min(1), reason: z.string().min(3).max(2000) }),
    response: z.object({ version: z.number(), previousVersion: z.number().nullable(), rollback: z.boolean() }),
    handler: async (call) => {
      const { previous, rollback } = await audited(
        call,
        (activation) => (activation.rollback ? 'workflow.rollback' : 'workflow.activate'),
        { type: 'workflow', id: call.params.workflowId },
        async () => {
          const activation = await call.app.workflows.activate(call.tenant.tenant.id, { id: call.auth?.user.id ?? '' }, call.params.workflowId, call.body.version, call.body.reason);
          recordVersionEvent(call, 'version.activated', call.body.version, { previousVersion: activation.previous, rollback: activation.rollback, reason: call.body.reason });
          return activation;
        },
        (activation) => ({
          before: { activeVersion: activation.previous },
          after: { activeVersion: call.body.version },
          details: { version: call.body.version, previousVersion: activation.previous, reason: call.body.reason },
        }),
      );
      return { version: call.body.version, previousVersion: previous, rollback };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/activations',
    summary: 'Activation history (rollbacks included), newest first',
    tags: ['versions'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: workflowParams,
    response: z.array(activationSchema),
    handler: ({ app, tenant, params }) => app.workflows.activations(tenant.tenant.id, params.workflowId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/runs-in-flight',
    summary: 'How many runs of each version are unfinished (queued, running or waiting): a rollback lets them finish on their version',
    tags: ['versions'],
    access: { kind: 'tenant', permission: 'run.read' },
    params: workflowParams,
    response: runsInFlightSchema,
    handler: async ({ app, tenant, params }) => {
      app.workflows.assertExists(tenant.tenant.id, params.workflowId);
      await app.store.flush();
      const versions = await app.store.countUnfinishedRuns(tenant.tenant.id, params.workflowId);
      return { total: versions.reduce((sum, entry) => sum + entry.count, 0), versions };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/versions/:version/restore',
    summary: 'Copy a version into the draft',
    tags: ['versions'],
    access: { kind: 'tenant', permission: 'workflow.write' },
    params: versionParams,
    response: z.object({ revision: z.number(), draft: jsonObjectSchema }),
    handler: async (call) => {
      const detail = await audited(
        call,
        'workflow.draft.restore',
        { type: 'workflow', id: call.params.workflowId },
        () => call.app.workflows.restore(call.tenant.tenant.id, { id: call.auth?.user.id ?? '' }, call.params.workflowId, call.params.version),
        (restored) => ({ after: restored.draft, details: { version: call.params.version, revision: restored.revision } }),
      );
      return { revision: detail.revision, draft: detail.draft };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/versions/:a/diff/:b',
    summary: 'Compare two versions: node-level changes plus both documents',
    tags: ['versions'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: workflowParams.extend({ a: z.coerce.number().int().min(1), b: z.coerce.number().int().min(1) }),
    response: z.object({ diff: diffSchema, a: jsonObjectSchema, b: jsonObjectSchema }),
    handler: ({ app, tenant, params }) => app.workflows.diff(tenant.tenant.id, params.workflowId, params.a, params.b),
  }),
];
