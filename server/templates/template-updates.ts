import { diffWorkflows, workflowDefinitionSchema, type WorkflowDefinition, type WorkflowDiff } from '../../runtime/definition/index.js';
import type { Tenant } from '../auth/tenant-access.js';
import { conflict, invalid, notFound } from '../domain/domain-error.js';
import type { WorkflowActor, WorkflowDetail, WorkflowService } from '../services/workflows.js';
import { compareVersions } from './partner-templates.js';
import type { PackagedTemplate } from './template-catalog.js';
import { instantiate } from './template-instance.js';
import type { TemplateLibrary, TemplateSource } from './template-library.js';
import type { TemplateManifest } from './template-manifest.js';
import { mergeDefinitions, type AppliedChange, type MergeConflict, type Resolution } from './three-way-merge.js';

/** What updating a cloned workflow to its template's newest version would do. */
export interface TemplateUpdate {
  readonly source: { readonly slug: string; readonly title: string; readonly version: string };
  readonly latest: { readonly version: string; readonly changelog: TemplateManifest['changelog'] };
  readonly upToDate: boolean;
  /** The draft revision the merge was computed against. */
  readonly revision: number;
  readonly diff: WorkflowDiff;
  readonly base: WorkflowDefinition;
  readonly theirs: WorkflowDefinition;
  readonly mine: WorkflowDefinition;
  readonly merged: WorkflowDefinition;
  readonly applied: readonly AppliedChange[];
  readonly conflicts: readonly MergeConflict[];
}

/** A cloned workflow's template, as the editor's notice shows it. */
export interface TemplateNotice {
  readonly slug: string;
  readonly title: string;
  readonly version: string;
  readonly latestVersion: string;
}

/** What applying an update asks for: the version and draft revision it was shown, and a side per conflict. */
export interface UpdateRequest {
  readonly version: string;
  readonly revision: number;
  readonly resolutions: Readonly<Record<string, Resolution>>;
}

/**
 * The template's newest version made the way the clone was made: the clone's parameter values
 * (where the new version still has the parameter; new ones take their defaults) and credentials
 * (for the connectors it still has), under the clone's name.
 */
function instantiateLike(newest: PackagedTemplate, source: TemplateSource): WorkflowDefinition {
  const { properties } = newest.manifest.parameters;
  const params = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, name in source.params ? source.params[name] : property.default]));
  const credentials = new Map(Object.entries(source.credentials).filter(([key]) => newest.manifest.connectors.some((connector) => connector.key === key)));
  return instantiate(newest, source.base.name, params, credentials);
}

/**
 * The draft as a workflow definition, for the merge; 422 (a detail per place) for a draft saved
 * half-edited in a shape no definition has, to be fixed in the editor first.
 */
function draftDefinition(draft: unknown): WorkflowDefinition {
  const parsed = workflowDefinitionSchema.safeParse(draft);
  // As saved, not as parsed: defaults the schema fills in would read as the customer's changes.
  if (parsed.success) return draft as WorkflowDefinition;
  const details = parsed.error.issues.map((issue) => ({ path: `draft.${issue.path.join('.')}`, message: issue.message }));
  throw invalid('the draft is no workflow definition the update could merge into; fix its problems in the editor first', details);
}

/**
 * Updates of cloned workflows from their templates: whether a newer version exists, the node-level
 * diff of the template between the clone's version and the newest, and the three-way merge of that
 * change into the draft, written when every conflict has a side.
 */
export class TemplateUpdates {
  constructor(
    private readonly library: TemplateLibrary,
    private readonly workflows: WorkflowService,
  ) {}

  /** The notice of a cloned workflow (null when it was not cloned, or its template is gone). */
  async notice(tenantId: string, workflowId: string): Promise<TemplateNotice | null> {
    const source = await this.library.sourceOf(tenantId, workflowId);
    const newest = source && (await this.library.newestOf(source));
    if (!source || !newest) return null;
    return { slug: source.slug, title: newest.manifest.title, version: source.version, latestVersion: newest.manifest.version };
  }

  /** What updating the workflow would do; 404 when it was not cloned from a template that still exists. */
  async preview(tenant: Tenant, workflowId: string): Promise<TemplateUpdate> {
    const draft = await this.workflows.draft(tenant.id, workflowId);
    const source = await this.library.sourceOf(tenant.id, workflowId);
    if (!source) throw notFound(`a template the workflow was cloned from (it was not cloned from one)`);
    const newest = await this.library.newestOf(source);
    if (!newest) throw notFound(`the template "${source.slug}" (it is no longer published)`);
    const mine = draftDefinition(draft.draft);
    const upToDate = compareVersions(newest.manifest.version, source.version) <= 0;
    const theirs = upToDate ? source.base : instantiateLike(newest, source);
    const merge = mergeDefinitions(source.base, theirs, mine);
    return {
      source: { slug: source.slug, title: newest.manifest.title, version: source.version },
      latest: { version: newest.manifest.version, changelog: newest.manifest.changelog.filter((entry) => compareVersions(entry.version, source.version) > 0) },
      upToDate,
      revision: draft.revision,
      diff: diffWorkflows(source.base, theirs),
      base: source.base,
      theirs,
      mine,
      ...merge,
    };
  }

  /**
   * Writes the merged draft and records the new version as the workflow's source. 409 when the
   * draft or the template moved on since the update was shown; 422 (at `resolutions.<id>`) for a
   * conflict without a side or a resolution of no conflict.
   */
  async apply(tenant: Tenant, actor: WorkflowActor, workflowId: string, request: UpdateRequest): Promise<{ detail: WorkflowDetail; from: string; to: string }> {
    const update = await this.preview(tenant, workflowId);
    if (update.upToDate) throw conflict(`the workflow already follows version ${update.source.version}, the template's newest`);
    if (update.latest.version !== request.version) throw conflict(`the template's newest version is now ${update.latest.version}, not ${request.version}; review the update again`);
    if (update.revision !== request.revision) throw conflict(`the draft changed since the update was shown (revision ${update.revision}, not ${request.revision}); review the update again`);
    const ids = new Set(update.conflicts.map((entry) => entry.id));
    const details = [
      ...update.conflicts.filter((entry) => request.resolutions[entry.id] === undefined).map((entry) => ({ path: `resolutions.${entry.id}`, message: `choose "theirs" (the template's) or "mine" for ${entry.nodeName ?? entry.field}` })),
      ...Object.keys(request.resolutions).filter((id) => !ids.has(id)).map((id) => ({ path: `resolutions.${id}`, message: 'is no conflict of this update' })),
    ];
    if (details.length > 0) throw invalid('every conflict needs a side', details);
    const { merged } = mergeDefinitions(update.base, update.theirs, update.mine, request.resolutions);
    const detail = await this.workflows.updateDraft(tenant.id, actor, workflowId, request.revision, merged);
    await this.library.recordUpdate(tenant.id, workflowId, update.latest.version, update.theirs);
    return { detail, from: update.source.version, to: update.latest.version };
  }
}
