import { z } from 'zod';
import { publishedManifestSchema, templateConnectorSchema, templateChangeSchema, templateVersionSchema } from '../templates/template-manifest.js';
import { jsonObjectSchema } from './common.js';
import { newCredentialSchema } from './credentials.js';
import { workflowDiffSchema } from './versions.js';
import { workflowDetailSchema } from './workflows.js';

/** Who publishes a template: Flowgate (built in) or the workspace's partner. */
export const publisherSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('flowgate') }), z.object({ kind: z.literal('partner'), tenantId: z.string(), name: z.string() })]);

/** A template as the gallery lists it. */
export const templateSummarySchema = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  connectors: z.array(templateConnectorSchema),
  version: z.string(),
  publisher: publisherSchema,
});

/** A template's page: the summary with its parameters, README, definition (for the preview), changelog, sample inputs and versions. */
export const templateDetailSchema = templateSummarySchema.extend({
  parameters: z.record(z.string(), z.unknown()),
  readme: z.string(),
  definition: z.record(z.string(), z.unknown()),
  changelog: z.array(templateChangeSchema),
  samples: z.record(z.string(), z.unknown()),
  versions: z.array(z.object({ version: z.string(), publishedAt: z.string().nullable(), changes: z.array(z.string()) })),
  /** The sandbox's addresses for the connection settings, by parameter, when the server runs one beside it (the demo); else null. */
  sandboxSettings: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
});

/** Which version of a template a page shows (the newest by default). */
export const templateVersionQuery = z.object({ version: templateVersionSchema.optional() });

/** What cloning asks for. */
export const cloneTemplateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  params: z.record(z.string(), z.unknown()).default({}),
  /** Connector key → the name or id of a credential of the workspace, or a new one to create in the same step. */
  credentials: z.record(z.string(), z.union([z.string().min(1).max(200), newCredentialSchema])).default({}),
});

/** What publishing a version of a workflow as a template asks for. */
export const publishTemplateSchema = z.strictObject({
  workflowId: z.string().min(1).max(100),
  workflowVersion: z.number().int().min(1),
  manifest: publishedManifestSchema,
  readme: z.string().trim().min(20, 'say in the README when to use the template and what to configure').max(100_000),
});

/** A new version of a published template: the same, the slug being in the path. */
export const publishVersionSchema = publishTemplateSchema.extend({ manifest: publishedManifestSchema.omit({ slug: true }) });

/** One of the partner's published templates, as its catalog page lists it. */
export const publishedTemplateSchema = z.object({
  slug: z.string(),
  title: z.string(),
  category: z.string(),
  version: z.string(),
  versions: z.array(z.object({ version: z.string(), publishedAt: z.string(), changes: z.array(z.string()), workflowId: z.string(), workflowVersion: z.number() })),
  clones: z.number(),
  withdrawn: z.boolean(),
});

/** A cloned workflow's template, as the editor's update notice shows it. */
export const templateNoticeSchema = z.object({ slug: z.string(), title: z.string(), version: z.string(), latestVersion: z.string() });

const changeFields = { id: z.string(), nodeId: z.string().nullable(), nodeName: z.string().nullable(), field: z.string(), theirs: z.unknown() };

/** What updating a cloned workflow to its template's newest version would do. */
export const templateUpdateSchema = z.object({
  source: z.object({ slug: z.string(), title: z.string(), version: z.string() }),
  latest: z.object({ version: z.string(), changelog: z.array(templateChangeSchema) }),
  upToDate: z.boolean(),
  revision: z.number(),
  diff: workflowDiffSchema,
  base: jsonObjectSchema,
  theirs: jsonObjectSchema,
  mine: jsonObjectSchema,
  merged: jsonObjectSchema,
  applied: z.array(z.object(changeFields)),
  conflicts: z.array(z.object({ ...changeFields, base: z.unknown(), mine: z.unknown() })),
});

/** Applying an update: the version and draft revision it was shown, and a side per conflict. */
export const applyTemplateUpdateSchema = z.strictObject({
  version: templateVersionSchema,
  revision: z.number().int().min(1),
  resolutions: z.record(z.string().max(300), z.enum(['theirs', 'mine'])).default({}),
});

/** A workflow as the editor opens it: its detail, and the template it was cloned from (null when none). */
export const openedWorkflowSchema = workflowDetailSchema.extend({ template: templateNoticeSchema.nullable() });
