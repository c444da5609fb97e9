import type Database from 'better-sqlite3';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
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
  constructor(private readonly db: Database.Database) {}

  /** Every version of one template of the partner, newest first (none when it has no such template). */
  versions(partnerId: string, slug: string): PublishedVersion[] {
    const rows = this.db
      .prepare('SELECT slug, manifest, readme, definition, workflow_id, workflow_version, published_at FROM partner_template_versions WHERE tenant_id = ? AND slug = ?')
      .all(partnerId, slug) as VersionRow[];
    return rows.map(toVersion).sort((a, b) => compareVersions(b.template.manifest.version, a.template.manifest.version));
  }

  /** Whether the partner published a template under `slug`, and whether it is withdrawn. */
  status(partnerId: string, slug: string): { withdrawn: boolean } | undefined {
    const row = this.db.prepare('SELECT withdrawn_at FROM partner_templates WHERE tenant_id = ? AND slug = ?').get(partnerId, slug) as { withdrawn_at: number | null } | undefined;
    return row && { withdrawn: row.withdrawn_at !== null };
  }

  /** The newest version of each template of the partner that its customers' galleries show. */
  listed(partnerId: string): PackagedTemplate[] {
    const slugs = this.db.prepare('SELECT slug FROM partner_templates WHERE tenant_id = ? AND withdrawn_at IS NULL').all(partnerId) as { slug: string }[];
    return slugs.flatMap(({ slug }) => this.versions(partnerId, slug).slice(0, 1).map((version) => version.template));
  }

  /** The partner's catalog: every template with its versions and clones. */
  catalog(partnerId: string): PartnerTemplate[] {
    const rows = this.db
      .prepare(
        `SELECT t.slug, t.withdrawn_at, (SELECT COUNT(*) FROM workflow_template_sources s WHERE s.publisher_id = t.tenant_id AND s.slug = t.slug) AS clones
         FROM partner_templates t WHERE t.tenant_id = ? ORDER BY t.slug`,
      )
      .all(partnerId) as { slug: string; withdrawn_at: number | null; clones: number }[];
    return rows.map((row) => ({ slug: row.slug, withdrawn: row.withdrawn_at !== null, clones: row.clones, versions: this.versions(partnerId, row.slug) }));
  }

  /**
   * Records a version; `first` says it opens a new template (409 when the partner has one under
   * that slug), otherwise the template must exist (404) and the version be newer than its newest (409).
   */
  add(partnerId: string, actorId: string, first: boolean, template: Omit<PackagedTemplate, 'samples'>, from: { workflowId: string; workflowVersion: number }): void {
    const { slug, version } = template.manifest;
    const now = Date.now();
    if (first) {
      if (this.status(partnerId, slug)) throw conflict(`you already publish a template at "${slug}"; publish a new version of it instead`);
      this.db.prepare('INSERT INTO partner_templates (tenant_id, slug, created_at) VALUES (?, ?, ?)').run(partnerId, slug, now);
    } else {
      const newest = this.versions(partnerId, slug)[0];
      if (!newest) throw notFound(`your template "${slug}"`);
      if (compareVersions(version, newest.template.manifest.version) <= 0) throw conflict(`version ${version} is not newer than ${newest.template.manifest.version}, the template's newest`);
    }
    this.db
      .prepare(
        'INSERT INTO partner_template_versions (tenant_id, slug, version, manifest, readme, definition, workflow_id, workflow_version, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(partnerId, slug, version, JSON.stringify(template.manifest), template.readme, JSON.stringify(template.definition), from.workflowId, from.workflowVersion, actorId, now);
  }

  /** Hides the template from its customers' galleries, or shows it again; 404 when the partner has none at `slug`. */
  setWithdrawn(partnerId: string, slug: string, withdrawn: boolean): void {
    const changed = this.db.prepare('UPDATE partner_templates SET withdrawn_at = ? WHERE tenant_id = ? AND slug = ?').run(withdrawn ? Date.now() : null, partnerId, slug);
    if (changed.changes === 0) throw notFound(`your template "${slug}"`);
  }
}
