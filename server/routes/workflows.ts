import { z } from 'zod';
import { isoTime } from '../domain/iso-time.js';
import { audited } from '../http/audit.js';
import { workflowScopeOf } from '../http/service-access.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { presentProblems } from './present-problems.js';
import { idSchema, jsonObjectSchema, tenantParams } from '../contract/common.js';
import { openedWorkflowSchema } from '../contract/templates.js';
import { MAX_SECRET_OVERLAP_MINUTES, issuedWebhookSecretSchema, webhookSecretSchema, webhookTriggerSchema } from '../contract/triggers.js';
import { problemSchema, workflowDetailSchema as detailSchema, workflowSummarySchema as summarySchema } from '../contract/workflows.js';

export const workflowParams = tenantParams.extend({ workflowId: idSchema });



/** Workflows: list, create, draft editing with revisions, archive and restore, export/import, validation, triggers. */
export const workflowRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/workflows',
    summary: 'List workflows (search by name, filter by status)',
    tags: ['workflows'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    workflowScoped: true,
    params: tenantParams,
    query: z.object({ search: z.string().max(200).optional(), status: z.enum(['draft', 'active', 'pending', 'archived']).optional() }),
    response: z.array(summarySchema),
    handler: async ({ app, tenant, query, service }) => {
      const listed = await app.workflows.list(tenant.tenant.id, query);
      const allowed = workflowScopeOf(service);
      return allowed === null ? listed : listed.filter((workflow) => allowed.includes(workflow.id));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows',
    summary: 'Create a workflow (from a definition, or a starter with a manual trigger)',
    tags: ['workflows'],
    access: { kind: 'tenant', permission: 'workflow.write' },
    status: 201,
    params: tenantParams,
    body: z.object({ name: z.string().min(1).max(200), description: z.string().max(10_000).optional(), definition: jsonObjectSchema.optional() }),
    response: detailSchema,
    handler: async (call) => {
      const detail = await audited(
        call,
        'workflow.create',
        (created) => ({ type: 'workflow', id: created.id }),
        () => call.app.workflows.create(call.tenant.tenant.id, { id: call.auth?.user.id ?? '' }, call.body),
        (created) => ({ after: created.draft, details: { name: created.name } }),
      );
      return presentProblems(detail);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/import',
    summary: 'Import a workflow from an exported JSON document (or a bare definition)',
    tags: ['workflows'],
    access: { kind: 'tenant', permission: 'workflow.write' },
    status: 201,
    params: tenantParams,
    body: jsonObjectSchema,
    response: detailSchema,
    handler: async (call) => {
      const detail = await audited(
        call,
        'workflow.import',
        (imported) => ({ type: 'workflow', id: imported.id }),
        () => call.app.workflows.importDocument(call.tenant.tenant.id, { id: call.auth?.user.id ?? '' }, call.body),
        (imported) => ({ after: imported.draft, details: { name: imported.name } }),
      );
      return presentProblems(detail);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId',
    summary: 'A workflow with its draft, revision, validation problems and the template it was cloned from (with its newest version)',
    tags: ['workflows'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: workflowParams,
    response: openedWorkflowSchema,
    handler: async ({ app, tenant, params }) => ({ ...presentProblems(await app.workflows.get(tenant.tenant.id, params.workflowId)), template: await app.templateUpdates.notice(tenant.tenant.id, params.workflowId) }),
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId',
    summary: 'Save the draft; `revision` is the one it was based on (409 with the current revision when stale)',
    tags: ['workflows'],
    access: { kind: 'tenant', permission: 'workflow.write' },
    params: workflowParams,
    body: z.object({ revision: z.number().int().min(1), definition: jsonObjectSchema }),
    response: detailSchema,
    handler: async (call) => {
      const before = (await call.app.workflows.draft(call.tenant.tenant.id, call.params.workflowId)).draft;
      const detail = await audited(
        call,
        'workflow.draft.update',
        { type: 'workflow', id: call.params.workflowId },
        () => call.app.workflows.updateDraft(call.tenant.tenant.id, { id: call.auth?.user.id ?? '' }, call.params.workflowId, call.body.revision, call.body.definition),
        (updated) => ({ before, after: updated.draft, details: { revision: updated.revision } }),
      );
      return presentProblems(detail);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/archive',
    summary: 'Archive a workflow (its triggers stop; runs in flight finish)',
    tags: ['workflows'],
    access: { kind: 'tenant', permission: 'workflow.write' },
    params: workflowParams,
    response: summarySchema,
    handler: async (call) => {
      return await audited(call, 'workflow.archive', { type: 'workflow', id: call.params.workflowId }, () =>
        call.app.workflows.archive(call.tenant.tenant.id, call.params.workflowId),
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/unarchive',
    summary: 'Restore an archived workflow as a draft (its triggers stay off until a version is activated again)',
    tags: ['workflows'],
    access: { kind: 'tenant', permission: 'workflow.write' },
    params: workflowParams,
    response: summarySchema,
    handler: async (call) => {
      return await audited(call, 'workflow.unarchive', { type: 'workflow', id: call.params.workflowId }, () =>
        call.app.workflows.unarchive(call.tenant.tenant.id, call.params.workflowId),
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/export',
    summary: 'Export the workflow as a JSON document',
    tags: ['workflows'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: workflowParams,
    response: z.object({ format: z.literal('flowgate.workflow'), exportedAt: z.string(), name: z.string(), definition: jsonObjectSchema }),
    handler: async ({ app, tenant, params, res }) => {
      const document = await app.workflows.exportDocument(tenant.tenant.id, params.workflowId);
      res.setHeader('Content-Disposition', `attachment; filename="${document.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.flowgate.json"`);
      return document;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/validate',
    summary: 'Run the shared validator over the draft',
    tags: ['workflows'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: workflowParams,
    response: z.object({ valid: z.boolean(), problems: z.array(problemSchema) }),
    handler: async ({ app, tenant, params }) => {
      const { problems } = presentProblems({ problems: await app.workflows.validate(tenant.tenant.id, params.workflowId) });
      return { valid: problems.length === 0, problems };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/triggers',
    summary: "The active version's webhook triggers with their URLs",
    tags: ['triggers'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: workflowParams,
    response: z.array(webhookTriggerSchema),
    handler: async ({ app, tenant, params }) => {
      await app.workflows.assertExists(tenant.tenant.id, params.workflowId);
      return app.triggers.webhooks(tenant.tenant.id, tenant.tenant.slug, params.workflowId);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/triggers/:nodeId/secret',
    summary:
      "Issue a new secret for a webhook trigger (random, or the sender's own as `secret`); it is shown once. The old one keeps working for `overlapMinutes` (default 0: it stops at once), so the sender can be switched over meanwhile",
    tags: ['triggers'],
    access: { kind: 'tenant', permission: 'workflow.write' },
    params: workflowParams.extend({ nodeId: idSchema }),
    body: z.object({
      overlapMinutes: z.number().int().min(0).max(MAX_SECRET_OVERLAP_MINUTES).default(0),
      secret: webhookSecretSchema.optional().describe("The sender's own signing secret (Shopify, Stripe), instead of a random one"),
    }),
    response: issuedWebhookSecretSchema,
    handler: async (call) => {
      await call.app.workflows.assertExists(call.tenant.tenant.id, call.params.workflowId);
      const { overlapMinutes, secret: given } = call.body;
      const issued = await audited(
        call,
        'webhook.secret.rotate',
        { type: 'workflow', id: call.params.workflowId },
        () => call.app.triggers.rotateSecret(call.tenant.tenant.id, call.params.workflowId, call.params.nodeId, { overlapMs: overlapMinutes * 60_000, ...(given === undefined ? {} : { given }) }),
        () => ({ details: { nodeId: call.params.nodeId, overlapMinutes, given: given !== undefined } }),
      );
      return { nodeId: call.params.nodeId, secret: issued.secret, previousValidUntil: isoTime(issued.previousValidUntil) };
    },
  }),
];
