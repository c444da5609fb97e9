import { z } from 'zod';
import { audited } from '../http/audit.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { tenantParams } from '../contract/common.js';
import { cloneTemplateSchema, templateDetailSchema, templateSummarySchema } from '../contract/templates.js';
import { workflowDetailSchema } from '../contract/workflows.js';
import { templateSlugSchema } from '../templates/template-manifest.js';
import type { PackagedTemplate } from '../templates/template-catalog.js';
import { presentProblems } from './present-problems.js';

const templateParams = tenantParams.extend({ slug: templateSlugSchema });

function summary({ manifest }: PackagedTemplate): z.infer<typeof templateSummarySchema> {
  const { slug, title, summary: text, category, tags, connectors, version } = manifest;
  return { slug, title, summary: text, category, tags, connectors, version };
}

/** The template gallery of a workspace, and cloning a template into a new workflow draft. */
export const templateRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/templates',
    summary: 'The templates the workspace can clone, by title',
    tags: ['templates'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: tenantParams,
    response: z.array(templateSummarySchema),
    handler: ({ app }) => app.templates.list().map(summary),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/templates/:slug',
    summary: "A template's page: parameters (JSON Schema), README, definition, changelog and sample inputs",
    tags: ['templates'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: templateParams,
    response: templateDetailSchema,
    handler: ({ app, params }) => {
      const template = app.templates.get(params.slug);
      const { parameters, changelog } = template.manifest;
      return { ...summary(template), parameters, readme: template.readme, definition: template.definition as unknown as Record<string, unknown>, changelog, samples: template.samples };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/templates/:slug/clone',
    summary: "Clone a template into a new workflow draft: parameters checked against the template's schema, a credential of the workspace bound to each connector",
    tags: ['templates'],
    access: { kind: 'tenant', permission: 'workflow.write' },
    status: 201,
    params: templateParams,
    body: cloneTemplateSchema,
    response: workflowDetailSchema.extend({ template: z.object({ slug: z.string(), version: z.string() }) }),
    handler: (call) => {
      const cloned = audited(
        call,
        'template.clone',
        (result) => ({ type: 'workflow', id: result.workflow.id }),
        () => call.app.templates.clone(call.tenant.tenant.id, { id: call.auth?.user.id ?? '' }, call.params.slug, call.body),
        (result) => ({ after: result.workflow.draft, details: { name: result.workflow.name, template: result.source.slug, version: result.source.version } }),
      );
      return { ...presentProblems(cloned.workflow), template: cloned.source };
    },
  }),
];
