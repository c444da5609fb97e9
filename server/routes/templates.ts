import { z } from 'zod';
import { audited } from '../http/audit.js';
import { defineRoute, requirePermission, type RouteCall, type RouteDefinition } from '../http/route.js';
import { tenantParams } from '../contract/common.js';
import {
  cloneTemplateSchema,
  publishedTemplateSchema,
  publishTemplateSchema,
  publishVersionSchema,
  templateDetailSchema,
  templateSummarySchema,
  templateVersionQuery,
} from '../contract/templates.js';
import { workflowDetailSchema } from '../contract/workflows.js';
import { templateSlugSchema } from '../templates/template-manifest.js';
import type { CatalogEntry, Publication } from '../templates/template-library.js';
import type { PartnerTemplate } from '../templates/partner-templates.js';
import { sandboxSettingsOf } from '../templates/sandbox-settings.js';
import type { ServerConfig } from '../config.js';
import { presentProblems } from './present-problems.js';

const templateParams = tenantParams.extend({ slug: templateSlugSchema });

function summary({ template: { manifest }, publisher }: CatalogEntry): z.infer<typeof templateSummarySchema> {
  const { slug, title, summary: text, category, tags, connectors, version } = manifest;
  return { slug, title, summary: text, category, tags, connectors, version, publisher };
}

function detail(entry: CatalogEntry, config: ServerConfig): z.infer<typeof templateDetailSchema> {
  const { template, versions } = entry;
  const { parameters, changelog, connectors } = template.manifest;
  const { sandboxUrl, sandboxSmtp } = config;
  const sandboxSettings = sandboxUrl !== undefined && sandboxSmtp !== undefined ? sandboxSettingsOf(connectors, { url: sandboxUrl, smtp: sandboxSmtp }) : null;
  return {
    ...summary(entry),
    parameters,
    readme: template.readme,
    definition: template.definition,
    changelog,
    samples: template.samples,
    versions: versions.map((version) => ({ ...version, changes: [...version.changes] })),
    sandboxSettings,
  };
}

function catalogRow(template: PartnerTemplate): z.infer<typeof publishedTemplateSchema> {
  const newest = template.versions[0]?.template.manifest;
  return {
    slug: template.slug,
    title: newest?.title ?? template.slug,
    category: newest?.category ?? '',
    version: newest?.version ?? '',
    versions: template.versions.map((version) => ({
      version: version.template.manifest.version,
      publishedAt: version.publishedAt,
      changes: version.template.manifest.changelog[0]?.changes ?? [],
      workflowId: version.workflowId,
      workflowVersion: version.workflowVersion,
    })),
    clones: template.clones,
    withdrawn: template.withdrawn,
  };
}

/** Who did it: the signed-in person or the service account. */
const actorOf = (call: { auth?: { user: { id: string } } | null; service?: { accountId: string } | null }) => call.auth?.user.id ?? call.service?.accountId ?? '';

/**
 * The credential each connector of a clone takes, by name: the one named, or the one the body
 * describes, created (and audited) in the same step — for callers who may add credentials.
 */
async function credentialsOfClone(call: RouteCall<unknown, unknown, z.infer<typeof cloneTemplateSchema>>, slug: string): Promise<Record<string, string>> {
  const chosen: Record<string, string> = {};
  for (const [key, choice] of Object.entries(call.body.credentials)) {
    if (typeof choice === 'string') {
      chosen[key] = choice;
      continue;
    }
    requirePermission(call, 'credential.write');
    const created = await audited(
      call,
      'credential.create',
      (result) => ({ type: 'credential', id: result.id }),
      () => call.app.credentials.create(call.tenant.tenant.id, actorOf(call), choice.name, choice.secret, choice.allowedHosts),
      (result) => ({ details: { name: result.name, type: result.type, allowedHosts: result.allowedHosts, template: slug } }),
    );
    chosen[key] = created.name;
  }
  return chosen;
}

/** Publishes a template (`first`) or its next version, audited as `action`; answers the template's page. */
async function published(call: RouteCall<unknown, unknown, unknown>, action: string, slug: string, publication: Publication, first: boolean): Promise<z.infer<typeof templateDetailSchema>> {
  const entry = await audited(
    call,
    action,
    { type: 'template', id: slug },
    () => call.app.templates.publish(call.tenant.tenant, actorOf(call), publication, first),
    (result) => ({ details: { version: result.template.manifest.version, workflowId: publication.workflowId, workflowVersion: publication.workflowVersion } }),
  );
  return detail(entry, call.app.config);
}

/** The template gallery of a workspace, cloning, and the partner's publishing of its own templates. */
export const templateRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/templates',
    summary: "The templates the workspace can clone, by title: the built-in catalog and its partner's published templates",
    tags: ['templates'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: tenantParams,
    response: z.array(templateSummarySchema),
    handler: async ({ app, tenant }) => (await app.templates.list(tenant.tenant)).map(summary),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/templates/:slug',
    summary: "A template's page at its newest version (or `version`): parameters (JSON Schema), README, definition, changelog, sample inputs, versions",
    tags: ['templates'],
    access: { kind: 'tenant', permission: 'workflow.read' },
    params: templateParams,
    query: templateVersionQuery,
    response: templateDetailSchema,
    handler: async ({ app, tenant, params, query }) => detail(await app.templates.get(tenant.tenant, params.slug, query.version), app.config),
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
    handler: async (call) => {
      const cloned = await audited(
        call,
        'template.clone',
        (result) => ({ type: 'workflow', id: result.workflow.id }),
        async () => call.app.templates.clone(call.tenant.tenant, { id: actorOf(call) }, call.params.slug, { ...call.body, credentials: await credentialsOfClone(call, call.params.slug) }),
        (result) => ({ after: result.workflow.draft, details: { name: result.workflow.name, template: result.source.slug, version: result.source.version } }),
      );
      return { ...presentProblems(cloned.workflow), template: cloned.source };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/templates',
    summary: "Publish an approved version of one of the partner's workflows as a template only its customers see (partner workspaces)",
    tags: ['templates'],
    access: { kind: 'tenant', permission: 'template.publish' },
    status: 201,
    params: tenantParams,
    body: publishTemplateSchema,
    response: templateDetailSchema,
    errors: { 409: 'The slug is taken, or the version is not approved' },
    handler: (call) => published(call, 'template.publish', call.body.manifest.slug, call.body, true),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/templates/:slug/versions',
    summary: "Publish a new version of one of the partner's templates (newer than its newest); older versions stay for the clones made from them",
    tags: ['templates'],
    access: { kind: 'tenant', permission: 'template.publish' },
    status: 201,
    params: templateParams,
    body: publishVersionSchema,
    response: templateDetailSchema,
    errors: { 409: 'The version is not newer than the newest, or the workflow version is not approved' },
    handler: (call) => published(call, 'template.version', call.params.slug, { ...call.body, manifest: { ...call.body.manifest, slug: call.params.slug } }, false),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/published-templates',
    summary: "The partner's own published templates with their versions and how many workflows were cloned from each",
    tags: ['templates'],
    access: { kind: 'tenant', permission: 'template.publish' },
    params: tenantParams,
    response: z.array(publishedTemplateSchema),
    handler: ({ app, tenant }) => app.templates.published(tenant.tenant).map(catalogRow),
  }),
  ...(['withdraw', 'restore'] as const).map((action) =>
    defineRoute({
      method: 'post',
      path: `/api/v1/tenants/:tenantId/templates/:slug/${action}`,
      summary:
        action === 'withdraw'
          ? "Take one of the partner's templates out of its customers' galleries (workflows cloned from it keep working and keep their updates)"
          : "Put a withdrawn template back in the customers' galleries",
      tags: ['templates'],
      access: { kind: 'tenant', permission: 'template.publish' },
      params: templateParams,
      response: z.object({ slug: z.string(), withdrawn: z.boolean() }),
      handler: async (call) =>
        await audited(
          call,
          `template.${action}`,
          { type: 'template', id: call.params.slug },
          () => {
            call.app.templates.setWithdrawn(call.tenant.tenant, call.params.slug, action === 'withdraw');
            return { slug: call.params.slug, withdrawn: action === 'withdraw' };
          },
        ),
    }),
  ),
];
