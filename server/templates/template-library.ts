import type { NodeCatalog, WorkflowDefinition } from '../../runtime/definition/index.js';
import type { SqlDatabase } from '../../runtime/store/index.js';
import type { Tenant } from '../auth/tenant-access.js';
import { conflict, forbidden, notFound } from '../domain/domain-error.js';
import type { CredentialService } from '../services/credentials.js';
import type { TenantService } from '../services/tenants.js';
import type { WorkflowActor, WorkflowDetail, WorkflowService } from '../services/workflows.js';
import type { PartnerTemplateStore, PartnerTemplate } from './partner-templates.js';
import { publishedTemplate } from './published-manifest.js';
import type { PackagedTemplate } from './template-catalog.js';
import { cloneCredentials, cloneParams, instantiate, type CloneChoices } from './template-instance.js';
import type { PublishedManifest } from './template-manifest.js';

/** Who publishes a template: Flowgate (built in) or a partner. */
export type Publisher = { readonly kind: 'flowgate' } | { readonly kind: 'partner'; readonly tenantId: string; readonly name: string };

/** A template as a workspace sees it: which version, who publishes it, and its published versions. */
export interface CatalogEntry {
  readonly template: PackagedTemplate;
  readonly publisher: Publisher;
  /** Newest first; a built-in template has its changelog's versions (only the newest can be cloned). */
  readonly versions: readonly { readonly version: string; readonly publishedAt: string | null; readonly changes: readonly string[] }[];
}

/** Where a cloned workflow came from, and what the clone chose. */
export interface TemplateSource {
  readonly slug: string;
  readonly version: string;
  /** The partner tenant that published the template; null for a built-in one. */
  readonly publisherId: string | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly credentials: Readonly<Record<string, string>>;
  /** The definition the clone produced: the base of a later merge. */
  readonly base: WorkflowDefinition;
}

/** A partner's publication: the version of one of its workflows, the manifest it edited and the README. */
export interface Publication {
  readonly workflowId: string;
  readonly workflowVersion: number;
  readonly manifest: PublishedManifest;
  readonly readme: string;
}

interface SourceRow {
  slug: string;
  version: string;
  publisher_id: string | null;
  params: string;
  credentials: string;
  base: string;
}

/** The partner whose templates a tenant sees: itself, or a customer's partner. */
function partnerOf(tenant: Tenant): string | null {
  return tenant.kind === 'partner' ? tenant.id : tenant.parentId;
}

/**
 * The templates a workspace can clone — the built-in catalog and the templates its partner
 * published — and cloning, with the clone's source, parameters, credentials and resulting
 * definition recorded for later updates. Partners publish approved versions of their workflows.
 */
export class TemplateLibrary {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly builtIn: readonly PackagedTemplate[],
    private readonly partners: PartnerTemplateStore,
    private readonly workflows: WorkflowService,
    private readonly credentials: CredentialService,
    private readonly tenants: TenantService,
    private readonly nodes: NodeCatalog,
  ) {}

  /** Every template the tenant's gallery lists, by title. */
  async list(tenant: Tenant): Promise<CatalogEntry[]> {
    const partnerId = partnerOf(tenant);
    const publisher = partnerId === null ? null : await this.publisher(partnerId);
    const entries: CatalogEntry[] = [];
    for (const template of this.builtIn) entries.push(await this.entry(template, null));
    if (publisher) for (const template of await this.partners.listed(publisher.tenantId)) entries.push(await this.entry(template, publisher));
    return entries.sort((a, b) => a.template.manifest.title.localeCompare(b.template.manifest.title));
  }

  /**
   * One template the tenant may see, at its newest version or the one asked for; 404 for another
   * partner's template, an unknown slug or version. A withdrawn template is found only with `includeWithdrawn`.
   */
  async get(tenant: Tenant, slug: string, version?: string, includeWithdrawn = false): Promise<CatalogEntry> {
    const builtIn = this.builtIn.find((candidate) => candidate.manifest.slug === slug);
    if (builtIn) {
      if (version !== undefined && version !== builtIn.manifest.version) throw notFound(`version ${version} of the template "${slug}" (this server has ${builtIn.manifest.version})`);
      return this.entry(builtIn, null);
    }
    const partnerId = partnerOf(tenant);
    const status = partnerId === null ? undefined : await this.partners.status(partnerId, slug);
    if (partnerId === null || !status || (status.withdrawn && !includeWithdrawn)) throw notFound(`the template "${slug}"`);
    const versions = await this.partners.versions(partnerId, slug);
    const chosen = version === undefined ? versions[0] : versions.find((candidate) => candidate.template.manifest.version === version);
    if (!chosen) throw notFound(`version ${version ?? ''} of the template "${slug}"`);
    return this.entry(chosen.template, await this.publisher(partnerId));
  }

  /** Clones the newest version of a template into a new workflow draft of the tenant. */
  async clone(tenant: Tenant, actor: WorkflowActor, slug: string, choices: CloneChoices): Promise<{ workflow: WorkflowDetail; source: { slug: string; version: string } }> {
    const { template, publisher } = await this.get(tenant, slug);
    const params = cloneParams(template, choices.params);
    const bound = cloneCredentials(template, choices.credentials, await this.credentials.list(tenant.id));
    const definition = instantiate(template, choices.name, params, bound);
    const source = { slug, version: template.manifest.version };
    const workflow = await this.sql.transaction(async () => {
      const created = await this.workflows.create(tenant.id, actor, { name: choices.name, description: template.manifest.summary, definition });
      const now = Date.now();
      await this.sql.run(
        'INSERT INTO workflow_template_sources (workflow_id, tenant_id, publisher_id, slug, version, params, credentials, base, cloned_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [created.id, tenant.id, publisher.kind === 'partner' ? publisher.tenantId : null, slug, source.version, JSON.stringify(params), JSON.stringify(Object.fromEntries(bound)), JSON.stringify(definition), now, now],
      );
      return created;
    });
    return { workflow, source };
  }

  /**
   * Publishes an approved version of one of a partner's workflows as a template of its customers'
   * galleries (`first`), or as the next version of the template it already publishes at the slug.
   */
  async publish(tenant: Tenant, actorId: string, publication: Publication, first: boolean): Promise<CatalogEntry> {
    if (tenant.kind !== 'partner') throw forbidden('only partner workspaces publish templates; a customer clones them');
    const { slug } = publication.manifest;
    if (this.builtIn.some((template) => template.manifest.slug === slug)) throw conflict(`"${slug}" is the address of a built-in template; choose another`);
    const version = await this.workflows.version(tenant.id, publication.workflowId, publication.workflowVersion);
    if (version.status !== 'approved') throw conflict(`version ${version.version} is ${version.status}: only an approved version can be published`);
    const earlier = first ? [] : (await this.partners.versions(tenant.id, slug)).flatMap((entry) => entry.template.manifest.changelog.slice(0, 1));
    const changelog = [{ version: publication.manifest.version, date: new Date().toISOString().slice(0, 10), changes: publication.manifest.changes }, ...earlier];
    const definition = await this.workflows.versionDefinition(tenant.id, publication.workflowId, publication.workflowVersion);
    const made = publishedTemplate(publication.manifest, changelog, definition, this.nodes);
    await this.partners.add(tenant.id, actorId, first, { ...made, readme: publication.readme }, publication);
    return this.get(tenant, slug);
  }

  /** The partner's own templates with their versions and clones (its catalog page). */
  published(tenant: Tenant): Promise<PartnerTemplate[]> {
    if (tenant.kind !== 'partner') throw forbidden('only partner workspaces publish templates');
    return this.partners.catalog(tenant.id);
  }

  /** Withdraws a partner's template from its customers' galleries, or restores it. */
  async setWithdrawn(tenant: Tenant, slug: string, withdrawn: boolean): Promise<void> {
    if (tenant.kind !== 'partner') throw forbidden('only partner workspaces publish templates');
    await this.partners.setWithdrawn(tenant.id, slug, withdrawn);
  }

  /** The template a workflow was cloned from and what the clone chose, if it was cloned. */
  async sourceOf(tenantId: string, workflowId: string): Promise<TemplateSource | undefined> {
    const row = await this.sql.get<SourceRow>('SELECT slug, version, publisher_id, params, credentials, base FROM workflow_template_sources WHERE tenant_id = ? AND workflow_id = ?', [
      tenantId,
      workflowId,
    ]);
    if (!row) return undefined;
    return {
      slug: row.slug,
      version: row.version,
      publisherId: row.publisher_id,
      params: JSON.parse(row.params) as Record<string, unknown>,
      credentials: JSON.parse(row.credentials) as Record<string, string>,
      base: JSON.parse(row.base) as WorkflowDefinition,
    };
  }

  /** The newest version of a clone's template (its partner's, withdrawn or not), if it still exists. */
  async newestOf(source: Pick<TemplateSource, 'slug' | 'publisherId'>): Promise<PackagedTemplate | undefined> {
    if (source.publisherId === null) return this.builtIn.find((template) => template.manifest.slug === source.slug);
    return (await this.partners.versions(source.publisherId, source.slug))[0]?.template;
  }

  /** Records that a workflow now follows `version` of its template, with the definition that version produced. */
  async recordUpdate(tenantId: string, workflowId: string, version: string, base: WorkflowDefinition): Promise<void> {
    await this.sql.run('UPDATE workflow_template_sources SET version = ?, base = ?, updated_at = ? WHERE tenant_id = ? AND workflow_id = ?', [
      version,
      JSON.stringify(base),
      Date.now(),
      tenantId,
      workflowId,
    ]);
  }

  /** The partner publishing to a tenant's gallery, with the name its customers see. */
  private async publisher(partnerId: string): Promise<{ tenantId: string; name: string }> {
    return { tenantId: partnerId, name: (await this.tenants.get(partnerId))?.name ?? 'Your partner' };
  }

  private async entry(template: PackagedTemplate, publisher: { tenantId: string; name: string } | null): Promise<CatalogEntry> {
    if (publisher === null) {
      return { template, publisher: { kind: 'flowgate' }, versions: template.manifest.changelog.map((entry) => ({ version: entry.version, publishedAt: null, changes: entry.changes })) };
    }
    return {
      template,
      publisher: { kind: 'partner', tenantId: publisher.tenantId, name: publisher.name },
      versions: (await this.partners.versions(publisher.tenantId, template.manifest.slug)).map((version) => ({ version: version.template.manifest.version, publishedAt: version.publishedAt, changes: version.template.manifest.changelog[0]?.changes ?? [] })),
    };
  }
}
