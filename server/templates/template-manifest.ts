import { z } from 'zod';

/** A template's slug: its folder name under `templates/`, and its address in the catalog. */
export const templateSlugSchema = z
  .string()
  .min(3)
  .max(80)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase words joined by "-", e.g. returns-to-refund');

/** A template version: semantic versioning, so clones can tell a newer version from an older one. */
export const templateVersionSchema = z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version such as 1.2.0');

/** The palette families a template can need a connection to (a credential of one of the types). */
export const templateConnectorSchema = z.strictObject({
  /**
   * The name the definition's steps give as their credential; cloning replaces it with the
   * credential the customer picks (or creates) for this connection.
   */
  key: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be lowercase letters, digits and "-", starting with a letter'),
  /** The external system, as its palette section is named (Shopify, Business Central, ...). */
  system: z.string().min(1).max(80),
  /** The credential types a step of this connection accepts. */
  credentialTypes: z.array(z.string().min(1).max(40)).min(1).max(5),
  /** What the connection is for, shown next to the credential picker. */
  description: z.string().min(1).max(500),
  /**
   * Connection settings the customer gives when cloning (the shop's URL, the ERP's API URL and
   * company, the SMTP server): a step config field of this connection's steps → the template
   * parameter whose value the clone writes into that field of each of them.
   */
  settings: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'must be a step config field name'), z.string().min(1)).default({}),
});

/**
 * The parameters of a template: a JSON Schema object whose properties are the workflow's params
 * (same names), each with a title, a type and a default; cloning validates the values given against
 * it and writes them into the new workflow as the params' defaults.
 */
export const templateParametersSchema = z.strictObject({
  type: z.literal('object'),
  properties: z.record(
    z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a workflow param name'),
    z.looseObject({
      type: z.enum(['string', 'number', 'integer', 'boolean', 'array', 'object']),
      title: z.string().min(1).max(200),
      description: z.string().max(2000).optional(),
      default: z.json(),
    }),
  ),
  required: z.array(z.string()).default([]),
  additionalProperties: z.literal(false).default(false),
});

/** One entry of a template's changelog. */
export const templateChangeSchema = z.strictObject({
  version: templateVersionSchema,
  date: z.iso.date(),
  changes: z.array(z.string().min(1).max(500)).min(1).max(50),
});

/** `templates/<slug>/manifest.json`: what the gallery shows and cloning needs. */
export const templateManifestSchema = z.strictObject({
  slug: templateSlugSchema,
  title: z.string().min(3).max(120),
  summary: z.string().min(20).max(400),
  category: z.enum(['Orders', 'Returns', 'Finance', 'Inventory', 'Fulfilment', 'Purchasing', 'Service', 'Operations']),
  tags: z.array(z.string().regex(/^[a-z0-9-]{2,30}$/)).min(1).max(10),
  connectors: z.array(templateConnectorSchema).max(10),
  parameters: templateParametersSchema,
  version: templateVersionSchema,
  /** Newest first; the first entry is the current version. */
  changelog: z.array(templateChangeSchema).min(1),
});

/** A template's manifest as read from its folder. */
export type TemplateManifest = z.infer<typeof templateManifestSchema>;

/** What a partner edits when it publishes a version of a workflow as a template. */
export const publishedManifestSchema = z.strictObject({
  slug: templateSlugSchema,
  title: z.string().trim().min(3).max(120),
  summary: z.string().trim().min(20, 'must say in at least 20 characters what the template does').max(400),
  category: templateManifestSchema.shape.category,
  tags: z.array(z.string().regex(/^[a-z0-9-]{2,30}$/, 'must be 2 to 30 lowercase letters, digits or "-"')).min(1, 'give at least one tag').max(10),
  version: templateVersionSchema,
  changes: z.array(z.string().trim().min(1).max(500)).min(1, 'say what this version changes').max(50),
});

/** The edited part of a published manifest. */
export type PublishedManifest = z.infer<typeof publishedManifestSchema>;
