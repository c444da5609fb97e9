import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import type { SqlDatabase } from '../../runtime/store/index.js';
import { conflict, notFound } from '../domain/domain-error.js';
import type { PackagedTemplate } from './template-catalog.js';
import type { TemplateManifest } from './template-manifest.js';

/** One published version of a partner's template, with the workflow version it was made from. */
export interface PublishedVersion {
  readonly template: PackagedTemplate;
  readonly workflowId: string;
  readonly workflowVersion: number;
  readonly publishedAt: string;
}

/** A partner's template as its catalog page lists it. */
export interface PartnerTemplate {
  readonly slug: string;
  readonly withdrawn: boolean;
  /** Newest first. */
  readonly versions: readonly PublishedVersion[];
  /** How many workflows of its customers (or its own) were cloned from it. */
  readonly clones: number;
}

interface VersionRow {
  slug: string;
  manifest: string;
  readme: string;
  definition: string;
  workflow_id: string;
  workflow_version: number;
  published_at: number;
}

/** Compares template versions (`1.10.0` after `1.9.0`). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((version) => version.split('.').map(Number));
  for (let index = 0; index < 3; index++) {
    const difference = (x?.[index] ?? 0) - (y?.[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function toVersion(row: VersionRow): PublishedVersion {
  return {
    template: { manifest: JSON.parse(row.manifest) as TemplateManifest, definition: JSON.parse(row.definition) as WorkflowDefinition, readme: row.readme, samples: {} },
    workflowId: row.workflow_id,
    workflowVersion: row.workflow_version,
    publishedAt: new Date(row.published_at).toISOString(),
  };
}

/**
 * The templates partners publish for their customers: every version kept (clones merge from the
 * version they came from), withdrawn ones hidden from galleries but still there for their clones.
 * Every query is scoped to the publishing partner.
 */
export class PartnerTemplateStore {
  constructor(private readonly sql: SqlDatabase) {}

  /** Every version of one template of the partner, newest first (none when it has no such template). */
  async versions(partnerId: string, slug: string): Promise<PublishedVersion[]> {
    const rows = await this.sql.all<VersionRow>(
      'SELECT slug, manifest, readme, definition, workflow_id, workflow_version, published_at FROM partner_template_versions WHERE tenant_id = ? AND slug = ?',
      [partnerId, slug],
    );
    return rows.map(toVersion).sort((a, b) => compareVersions(b.template.manifest.version, a.template.manifest.version));
  }

  /** Whether the partner published a template under `slug`, and whether it is withdrawn. */
  async status(partnerId: string, slug: string): Promise<{ withdrawn: boolean } | undefined> {
    const row = await this.sql.get<{ withdrawn_at: number | null }>('SELECT withdrawn_at FROM partner_templates WHERE tenant_id = ? AND slug = ?', [partnerId, slug]);
    return row && { withdrawn: row.withdrawn_at !== null };
  }

  /** The newest version of each template of the partner that its customers' galleries show. */
  async listed(partnerId: string): Promise<PackagedTemplate[]> {
    const slugs = await this.sql.all<{ slug: string }>('SELECT slug FROM partner_templates WHERE tenant_id = ? AND withdrawn_at IS NULL', [partnerId]);
    const templates: PackagedTemplate[] = [];
    for (const { slug } of slugs) {
      const [newest] = await this.versions(partnerId, slug);
      if (newest) templates.push(newest.template);
    }
    return templates;
  }

  /** The partner's catalog: every template with its versions and clones. */
  async catalog(partnerId: string): Promise<PartnerTemplate[]> {
    const rows = await this.sql.all<{ slug: string; withdrawn_at: number | null; clones: number }>(
      `SELECT t.slug, t.withdrawn_at, (SELECT COUNT(*) FROM workflow_template_sources s WHERE s.publisher_id = t.tenant_id AND s.slug = t.slug) AS clones
       FROM partner_templates t WHERE t.tenant_id = ? ORDER BY t.slug`,
      [partnerId],
    );
    const catalog: PartnerTemplate[] = [];
    for (const row of rows) catalog.push({ slug: row.slug, withdrawn: row.withdrawn_at !== null, clones: row.clones, versions: await this.versions(partnerId, row.slug) });
    return catalog;
  }

  /**
   * Records a version; `first` says it opens a new template (409 when the partner has one under
   * that slug), otherwise the template must exist (404) and the version be newer than its newest (409).
   * The template is locked from the check to the insert, so concurrent publications go one after another.
   */
  add(partnerId: string, actorId: string, first: boolean, template: Omit<PackagedTemplate, 'samples'>, from: { workflowId: string; workflowVersion: number }): Promise<void> {
    const { slug, version } = template.manifest;
    return this.sql.transaction(async () => {
      await this.sql.lock(`partner-template:${partnerId}:${slug}`);
      const now = Date.now();
      if (first) {
        if (await this.status(partnerId, slug)) throw conflict(`you already publish a template at "${slug}"; publish a new version of it instead`);
        await this.sql.run('INSERT INTO partner_templates (tenant_id, slug, created_at) VALUES (?, ?, ?)', [partnerId, slug, now]);
      } else {
        const [newest] = await this.versions(partnerId, slug);
        if (!newest) throw notFound(`your template "${slug}"`);
        if (compareVersions(version, newest.template.manifest.version) <= 0) throw conflict(`version ${version} is not newer than ${newest.template.manifest.version}, the template's newest`);
      }
      await this.sql.run(
        'INSERT INTO partner_template_versions (tenant_id, slug, version, manifest, readme, definition, workflow_id, workflow_version, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [partnerId, slug, version, JSON.stringify(template.manifest), template.readme, JSON.stringify(template.definition), from.workflowId, from.workflowVersion, actorId, now],
      );
    });
  }

  /** Hides the template from its customers' galleries, or shows it again; 404 when the partner has none at `slug`. */
  async setWithdrawn(partnerId: string, slug: string, withdrawn: boolean): Promise<void> {
    const changed = await this.sql.run('UPDATE partner_templates SET withdrawn_at = ? WHERE tenant_id = ? AND slug = ?', [withdrawn ? Date.now() : null, partnerId, slug]);
    if (changed === 0) throw notFound(`your template "${slug}"`);
  }
}
