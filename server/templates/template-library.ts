import type Database from 'better-sqlite3';
import { notFound } from '../domain/domain-error.js';
import type { CredentialService } from '../services/credentials.js';
import type { WorkflowActor, WorkflowDetail, WorkflowService } from '../services/workflows.js';
import type { PackagedTemplate } from './template-catalog.js';
import { cloneCredentials, cloneParams, instantiate, type CloneChoices } from './template-instance.js';

/** Where a cloned workflow came from: the template and the version it was cloned at. */
export interface TemplateSource {
  readonly slug: string;
  readonly version: string;
}

/**
 * The packaged templates a workspace can clone, and cloning itself: parameters checked against the
 * template's schema, a credential bound per connector, the new workflow's draft created together
 * with the record of its source template and version (for later upgrades).
 */
export class TemplateLibrary {
  constructor(
    private readonly db: Database.Database,
    private readonly templates: readonly PackagedTemplate[],
    private readonly workflows: WorkflowService,
    private readonly credentials: CredentialService,
  ) {}

  /** Every template of the built-in catalog, by title. */
  list(): readonly PackagedTemplate[] {
    return this.templates;
  }

  /** One template by slug; 404 when there is none. */
  get(slug: string): PackagedTemplate {
    const template = this.templates.find((candidate) => candidate.manifest.slug === slug);
    if (!template) throw notFound(`the template "${slug}"`);
    return template;
  }

  /** Clones a template into a new workflow draft of the tenant. */
  clone(tenantId: string, actor: WorkflowActor, slug: string, choices: CloneChoices): { workflow: WorkflowDetail; source: TemplateSource } {
    const template = this.get(slug);
    const params = cloneParams(template, choices.params);
    const bound = cloneCredentials(template, choices.credentials, this.credentials.list(tenantId));
    const definition = instantiate(template, choices.name, params, bound);
    const source = { slug, version: template.manifest.version };
    const workflow = this.db.transaction(() => {
      const created = this.workflows.create(tenantId, actor, { name: choices.name, description: template.manifest.summary, definition });
      this.db
        .prepare('INSERT INTO workflow_template_sources (workflow_id, tenant_id, slug, version, cloned_at) VALUES (?, ?, ?, ?, ?)')
        .run(created.id, tenantId, source.slug, source.version, Date.now());
      return created;
    })();
    return { workflow, source };
  }

  /** The template a workflow was cloned from, if it was. */
  sourceOf(tenantId: string, workflowId: string): TemplateSource | undefined {
    return this.db.prepare('SELECT slug, version FROM workflow_template_sources WHERE tenant_id = ? AND workflow_id = ?').get(tenantId, workflowId) as TemplateSource | undefined;
  }
}
