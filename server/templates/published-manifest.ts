import { z } from 'zod';
import { fieldHints, schemaAt, type NodeCatalog, type WorkflowDefinition } from '../../runtime/definition/index.js';
import { invalid } from '../domain/domain-error.js';
import { consistencyProblems } from './template-catalog.js';
import { templateManifestSchema, type PublishedManifest, type TemplateManifest } from './template-manifest.js';

/** A workflow param's JSON Schema type. */
function schemaType(param: WorkflowDefinition['params'][number]): 'string' | 'number' | 'boolean' | 'array' | 'object' {
  if (param.type !== 'json') return param.type;
  return Array.isArray(param.default) ? 'array' : 'object';
}

/** A param's value when it declares none, so every template parameter has a default. */
const EMPTY: Readonly<Record<string, unknown>> = { string: '', number: 0, boolean: false, array: [], object: {} };

/** A connector key from a system's name: "Business Central" → `business-central`. */
function keyOf(system: string): string {
  const key = system.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(key) ? key.slice(0, 36) : `api-${key}`.slice(0, 36);
}

/**
 * The template a partner publishes from a version of its workflow: the manifest it edited, the
 * parameters taken from the workflow's params (title, type, default, required), one connector per
 * credential the steps use (named after the system, so the partner's own credential name never
 * reaches its customers, who bind their own), and the definition with those names replaced by the
 * connector keys. Refuses (422) a manifest that does not check out like a built-in template's.
 */
export function publishedTemplate(
  edited: PublishedManifest,
  changelog: TemplateManifest['changelog'],
  source: WorkflowDefinition,
  catalog: NodeCatalog,
): { manifest: TemplateManifest; definition: WorkflowDefinition } {
  const properties = Object.fromEntries(
    source.params.map((param) => {
      const type = schemaType(param);
      return [
        param.name,
        {
          type,
          title: param.title ?? param.name,
          ...(param.description === undefined ? {} : { description: param.description }),
          ...(param.enum === undefined ? {} : { enum: param.enum }),
          default: param.default ?? EMPTY[type],
        },
      ];
    }),
  );
  const keys = new Map<string, { key: string; system: string; credentialTypes: string[] }>();
  for (const node of source.nodes) {
    const credential = node.config.credential;
    if (typeof credential !== 'string' || keys.has(credential)) continue;
    const spec = catalog.get(node.type, node.version);
    const system = spec?.group ?? spec?.title ?? node.type;
    let key = keyOf(system);
    for (let suffix = 2; [...keys.values()].some((entry) => entry.key === key); suffix++) key = `${keyOf(system)}-${suffix}`;
    const hints = spec ? fieldHints(schemaAt(spec.config, ['credential']) ?? z.never()) : {};
    keys.set(credential, { key, system, credentialTypes: [...(hints.credentialTypes ?? ['apiKey', 'basic', 'bearer', 'oauth2ClientCredentials'])] });
  }
  const definition: WorkflowDefinition = {
    ...structuredClone(source),
    nodes: source.nodes.map((node) => {
      const credential = node.config.credential;
      const connector = typeof credential === 'string' ? keys.get(credential) : undefined;
      return connector ? { ...node, config: { ...node.config, credential: connector.key } } : node;
    }),
  };
  const manifest = templateManifestSchema.safeParse({
    slug: edited.slug,
    title: edited.title,
    summary: edited.summary,
    category: edited.category,
    tags: edited.tags,
    connectors: [...keys.values()].map((connector) => ({ ...connector, description: `The ${connector.system} connection of your workspace` })),
    parameters: { type: 'object', properties, required: source.params.filter((param) => param.required === true).map((param) => param.name), additionalProperties: false },
    version: edited.version,
    changelog,
  });
  if (!manifest.success) throw invalid('the template cannot be published', manifest.error.issues.map((issue) => ({ path: `manifest.${issue.path.join('.')}`, message: issue.message })));
  const problems = consistencyProblems(manifest.data, definition, catalog);
  if (problems.length > 0) throw invalid('the workflow version cannot be published as a template', problems.map((message) => ({ path: 'workflowVersion', message })));
  return { manifest: manifest.data, definition };
}
