import { audited } from '../http/audit.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { applyTemplateUpdateSchema, templateUpdateSchema } from '../contract/templates.js';
import { workflowDetailSchema } from '../contract/workflows.js';
import { presentProblems } from './present-problems.js';
import { workflowParams } from './workflows.js';

/** Updating a workflow cloned from a template to the template's newest version (a three-way merge into the draft). */
export const templateUpdateRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/template-update',
    summary: "What updating a cloned workflow to its template's newest version would do: the template's changes since the clone, those applied to the draft, the conflicts",
    tags: ['templates'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: workflowParams,
    response: templateUpdateSchema,
    errors: { 404: 'The workflow was not cloned from a template, or its template is gone' },
    handler: ({ app, tenant, params }) => app.templateUpdates.preview(tenant.tenant, params.workflowId),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/template-update',
    summary: "Apply the template's newest version to the draft: every clean change, and each conflict as resolved; the draft then goes through sign-off",
    tags: ['templates'],
    access: { kind: 'tenant', permission: 'workflow.write' },
    params: workflowParams,
    body: applyTemplateUpdateSchema,
    response: workflowDetailSchema,
    errors: { 409: 'The draft or the template moved on since the update was shown', 422: 'A conflict has no side' },
    handler: async (call) => {
      const before = (await call.app.workflows.draft(call.tenant.tenant.id, call.params.workflowId)).draft;
      const applied = await audited(
        call,
        'template.update',
        { type: 'workflow', id: call.params.workflowId },
        () => call.app.templateUpdates.apply(call.tenant.tenant, { id: call.auth?.user.id ?? call.service?.accountId ?? '' }, call.params.workflowId, call.body),
        (result) => ({ before, after: result.detail.draft, details: { from: result.from, to: result.to, resolutions: call.body.resolutions } }),
      );
      return presentProblems(applied.detail);
    },
  }),
];
