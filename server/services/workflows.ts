import { randomBytes } from 'node:crypto';
import {
  definitionLimitProblem,
  diffWorkflows,
  formatPath,
  migrateWorkflow,
  validateWorkflow,
  workflowDefinitionSchema,
  type NodeCatalog,
  type ValidationProblem,
  type WorkflowDefinition,
  type WorkflowDiff,
} from '../../runtime/definition/index.js';
import { canonicalJson, definitionHash } from '../../runtime/engine/index.js';
import type { SqlDatabase, SqlValue } from '../../runtime/store/index.js';
import { DomainError, malformed, conflict, notFound, invalid } from '../domain/domain-error.js';
import { isoTime } from '../domain/iso-time.js';

/** A workflow as lists show it. */
export interface WorkflowSummary {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly description: string;
  readonly revision: number;
  readonly activeVersion: number | null;
  readonly latestVersion: number | null;
  readonly pendingVersions: number;
  readonly archived: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** A workflow with its draft and the draft's validation problems. */
export interface WorkflowDetail extends WorkflowSummary {
  readonly draft: Record<string, unknown>;
  readonly problems: readonly ValidationProblem[];
}

/** An immutable version. */
export interface WorkflowVersion {
  readonly workflowId: string;
  readonly version: number;
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly note: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly createdAt: string;
  readonly decidedAt: string | null;
  readonly definitionHash: string;
  readonly active: boolean;
  /** How many approvals sign-off needs under the tenant's policy now (what a pending version still waits for). */
  readonly requiredApprovals: number;
  readonly reviews: readonly {
    readonly reviewerId: string;
    readonly reviewerName: string;
    readonly decision: 'approve' | 'reject';
    readonly comment: string;
    readonly createdAt: string;
  }[];
}

/** An activation (a rollback when it went back to an earlier version). */
export interface Activation {
  readonly version: number;
  readonly previousVersion: number | null;
  readonly reason: string;
  readonly actorId: string;
  readonly actorName: string;
  readonly createdAt: string;
}

/** Someone acting on workflows: their user id and roles in the tenant. */
export interface WorkflowActor {
  readonly id: string;
}

/** Keeps webhook and schedule triggers in line with the active version. */
export interface TriggerSync {
  /** Registers the triggers of the newly active definition (or removes them, with null); throws on conflicts. */
  sync(tenantId: string, workflowId: string, definition: WorkflowDefinition | null): Promise<void>;
}

interface WorkflowRow {
  id: string;
  tenant_id: string;
  name: string;
  draft: string;
  revision: number;
  active_version: number | null;
  archived_at: number | null;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
  latest_version: number | null;
  pending_versions: number;
}

interface VersionRow {
  workflow_id: string;
  tenant_id: string;
  version: number;
  definition: string;
  definition_hash: string;
  note: string;
  status: WorkflowVersion['status'];
  author_id: string;
  author_name: string | null;
  created_at: number;
  decided_at: number | null;
}

/** A version row with its author's name (people keep their id in the history if their account goes). */
const SELECT_VERSION = 'SELECT v.*, u.name AS author_name FROM workflow_versions v LEFT JOIN users u ON u.id = v.author_id'

const SELECT_WORKFLOW = `SELECT w.*,
  (SELECT MAX(version) FROM workflow_versions v WHERE v.workflow_id = w.id) AS latest_version,
  (SELECT COUNT(*) FROM workflow_versions v WHERE v.workflow_id = w.id AND v.status = 'pending') AS pending_versions
  FROM workflows w`;

/** A fresh draft: a manual trigger, ready for the canvas. */
function starterDefinition(name: string, description: string): WorkflowDefinition {
  return {
    schemaVersion: 1,
    name,
    description,
    params: [],
    settings: {},
    nodes: [{ id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} }],
    edges: [],
  };
}

const SELECT_ROW = `${SELECT_WORKFLOW} WHERE w.id = ? AND w.tenant_id = ?`;

/** Parsed version definitions kept in memory. */
const DEFINITION_CACHE_SIZE = 500;

/**
 * Workflows and their governance: one mutable draft guarded by a revision, immutable numbered
 * versions, sign-off by approvers other than the author under the tenant's approval policy, and
 * activation of approved versions, where activating an earlier one is the recorded rollback.
 */
export class WorkflowService {
  private readonly definitions = new Map<string, WorkflowDefinition>();

  constructor(
    private readonly sql: SqlDatabase,
    private readonly catalog: NodeCatalog,
    private readonly triggers: TriggerSync,
    private readonly requiredApprovals: (tenantId: string) => number | Promise<number>,
    /** Whether the tenant's policy wants someone other than a version's submitter to activate it. */
    private readonly separateActivator: (tenantId: string) => boolean | Promise<boolean> = () => false,
    /** Problems the node catalog cannot see: steps naming stored things (imported API operations). */
    private readonly storedProblems: (tenantId: string, definition: unknown) => ValidationProblem[] | Promise<ValidationProblem[]> = () => [],
  ) {}

  async list(tenantId: string, filter: { search?: string; status?: 'draft' | 'active' | 'pending' | 'archived' }): Promise<WorkflowSummary[]> {
    const conditions = ['w.tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    if (filter.status === 'archived') conditions.push('w.archived_at IS NOT NULL');
    else conditions.push('w.archived_at IS NULL');
    if (filter.status === 'active') conditions.push('w.active_version IS NOT NULL');
    if (filter.status === 'draft') conditions.push('w.active_version IS NULL');
    if (filter.search) {
      // Case-insensitive on both engines: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
      conditions.push("lower(w.name) LIKE lower(?) ESCAPE '\\'");
      params.push(`%${filter.search.replace(/[\\%_]/g, (match) => `\\${match}`)}%`);
    }
    let rows = await this.sql.all<WorkflowRow>(`${SELECT_WORKFLOW} WHERE ${conditions.join(' AND ')} ORDER BY w.updated_at DESC`, params);
    if (filter.status === 'pending') rows = rows.filter((row) => row.pending_versions > 0);
    return rows.map(toSummary);
  }

  /** The names of these workflows of these tenants (ids not found are left out), for lists of runs. */
  async names(pairs: readonly { tenantId: string; workflowId: string }[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const { tenantId, workflowId } of pairs) {
      const key = `${tenantId}/${workflowId}`;
      if (names.has(key)) continue;
      const row = await this.sql.get<{ name: string }>('SELECT name FROM workflows WHERE tenant_id = ? AND id = ?', [tenantId, workflowId]);
      if (row !== undefined) names.set(key, row.name);
    }
    return names;
  }

  /** Throws 404 unless the workflow is in the tenant. */
  async assertExists(tenantId: string, workflowId: string): Promise<void> {
    await this.row(tenantId, workflowId);
  }

  /** The draft as saved, with the workflow's name and revision, not validated (see `get`). */
  async draft(tenantId: string, workflowId: string): Promise<{ name: string; revision: number; draft: Record<string, unknown> }> {
    const row = await this.row(tenantId, workflowId);
    return { name: row.name, revision: row.revision, draft: JSON.parse(row.draft) as Record<string, unknown> };
  }

  async get(tenantId: string, workflowId: string): Promise<WorkflowDetail> {
    const row = await this.row(tenantId, workflowId);
    const draft = JSON.parse(row.draft) as Record<string, unknown>;
    const problems = validateWorkflow(draft, this.catalog);
    return { ...toSummary(row), draft, problems: [...problems, ...(await this.storedProblems(tenantId, draft))] };
  }

  async create(tenantId: string, actor: WorkflowActor, input: { name: string; description?: string; definition?: unknown }): Promise<WorkflowDetail> {
    const draft = input.definition === undefined ? starterDefinition(input.name, input.description ?? '') : { ...readDraft(input.definition), name: input.name };
    const id = randomBytes(12).toString('base64url');
    const now = Date.now();
    await this.sql.run(
      `INSERT INTO workflows (id, tenant_id, name, draft, revision, created_by, created_at, updated_by, updated_at)
        VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)`,
      [id, tenantId, input.name, JSON.stringify(draft), actor.id, now, actor.id, now],
    );
    return this.get(tenantId, id);
  }

  /** Saves the draft if `revision` is the current one; otherwise 409 with the current revision. */
  async updateDraft(tenantId: string, actor: WorkflowActor, workflowId: string, revision: number, definition: unknown): Promise<WorkflowDetail> {
    const row = await this.row(tenantId, workflowId);
    if (row.archived_at !== null) throw conflict('the workflow is archived; restore it from the archive before editing');
    const draft = readDraft(definition);
    const name = typeof draft.name === 'string' && draft.name.length > 0 && draft.name.length <= 200 ? draft.name : row.name;
    const changed = await this.sql.run('UPDATE workflows SET draft = ?, name = ?, revision = revision + 1, updated_by = ?, updated_at = ? WHERE id = ? AND revision = ?', [
      JSON.stringify(draft),
      name,
      actor.id,
      Date.now(),
      workflowId,
      revision,
    ]);
    if (changed === 0) {
      throw conflict(`the draft changed since revision ${revision}; it is now at revision ${row.revision}`, {
        currentRevision: row.revision,
        updatedBy: row.updated_by,
        updatedAt: isoTime(row.updated_at),
      });
    }
    return this.get(tenantId, workflowId);
  }

  /** Archives the workflow and removes its triggers, with the workflow locked against concurrent activations. */
  async archive(tenantId: string, workflowId: string): Promise<WorkflowSummary> {
    await this.sql.transaction(async () => {
      await this.sql.lock(`workflow:${workflowId}`);
      const row = await this.row(tenantId, workflowId);
      if (row.archived_at !== null) throw conflict('the workflow is already archived');
      await this.triggers.sync(tenantId, workflowId, null);
      await this.sql.run('UPDATE workflows SET archived_at = ?, active_version = NULL WHERE id = ?', [Date.now(), workflowId]);
    });
    return toSummary(await this.row(tenantId, workflowId));
  }

  /**
   * Brings an archived workflow back as a draft. Its triggers stay off until a version is activated
   * again: archiving ended the active version, and restoring must not start runs on its own.
   */
  async unarchive(tenantId: string, workflowId: string): Promise<WorkflowSummary> {
    const row = await this.row(tenantId, workflowId);
    if (row.archived_at === null) throw conflict('the workflow is not archived');
    await this.sql.run('UPDATE workflows SET archived_at = NULL WHERE id = ?', [workflowId]);
    return toSummary(await this.row(tenantId, workflowId));
  }

  async validate(tenantId: string, workflowId: string): Promise<ValidationProblem[]> {
    return (await this.get(tenantId, workflowId)).problems as ValidationProblem[];
  }

  /** The workflow as a portable JSON document. */
  async exportDocument(tenantId: string, workflowId: string): Promise<{ format: 'flowgate.workflow'; exportedAt: string; name: string; definition: Record<string, unknown> }> {
    const { name, draft } = await this.draft(tenantId, workflowId);
    return { format: 'flowgate.workflow', exportedAt: new Date().toISOString(), name, definition: draft };
  }

  /** Creates a workflow from an exported document, or from a bare definition. */
  importDocument(tenantId: string, actor: WorkflowActor, document: Record<string, unknown>): Promise<WorkflowDetail> {
    const definition = document.format === 'flowgate.workflow' ? document.definition : document;
    const draft = readDraft(definition);
    const name = typeof document.name === 'string' ? document.name : typeof draft.name === 'string' ? draft.name : 'Imported workflow';
    // The same bounds as a workflow created directly (POST .../workflows checks them in its schema).
    if (name.trim().length === 0 || name.length > 200) {
      throw malformed('the workflow name must be 1 to 200 characters', [{ path: 'body.name', message: 'must be 1 to 200 characters' }]);
    }
    return this.create(tenantId, actor, { name, definition: draft });
  }

  /**
   * Snapshots the draft as version N, pending sign-off. The draft must be valid. The workflow is
   * locked while the next number is read and inserted, so concurrent submits number one after another.
   */
  async submit(tenantId: string, actor: WorkflowActor, workflowId: string, note: string): Promise<WorkflowVersion> {
    const version = await this.sql.transaction(async () => {
      await this.sql.lock(`workflow:${workflowId}`);
      const detail = await this.get(tenantId, workflowId);
      if (detail.archived) throw conflict('the workflow is archived');
      if (detail.problems.length > 0) {
        throw invalid(
          `the draft has ${detail.problems.length} problem${detail.problems.length === 1 ? '' : 's'}; fix them before submitting`,
          detail.problems.map((problem) => ({ path: formatPath(problem.path), message: problem.message })),
        );
      }
      const definition = workflowDefinitionSchema.parse(detail.draft);
      const next = (detail.latestVersion ?? 0) + 1;
      await this.sql.run(
        `INSERT INTO workflow_versions (workflow_id, version, tenant_id, definition, definition_hash, note, status, author_id, created_at)
          VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
        [workflowId, next, tenantId, canonicalJson(definition), definitionHash(definition), note, actor.id, Date.now()],
      );
      return next;
    });
    return this.version(tenantId, workflowId, version);
  }

  async versions(tenantId: string, workflowId: string): Promise<WorkflowVersion[]> {
    const workflow = await this.row(tenantId, workflowId);
    const rows = await this.sql.all<VersionRow>(`${SELECT_VERSION} WHERE v.workflow_id = ? ORDER BY v.version DESC`, [workflowId]);
    const versions: WorkflowVersion[] = [];
    for (const row of rows) versions.push(await this.toVersion(row, workflow.active_version));
    return versions;
  }

  async version(tenantId: string, workflowId: string, version: number): Promise<Promise<WorkflowVersion>> {
    const row = await this.versionRow(tenantId, workflowId, version);
    return this.toVersion(row, (await this.row(tenantId, workflowId)).active_version);
  }

  /**
   * The definition of a version. Versions never change, so parsed definitions are kept (a bounded
   * cache): every webhook call and scheduled run of the active version reuses the same object, and
   * the engine's preparation of it (validation, indexing) is done once.
   */
  async versionDefinition(tenantId: string, workflowId: string, version: number): Promise<WorkflowDefinition> {
    const key = `${tenantId}:${workflowId}:${version}`;
    const cached = this.definitions.get(key);
    if (cached) return cached;
    const definition = workflowDefinitionSchema.parse(JSON.parse((await this.versionRow(tenantId, workflowId, version)).definition));
    if (this.definitions.size >= DEFINITION_CACHE_SIZE) this.definitions.delete(this.definitions.keys().next().value as string);
    this.definitions.set(key, definition);
    return definition;
  }

  /**
   * Records an approver's decision. The author of a version can never approve it, whatever their
   * roles; nobody reviews twice; once the tenant's required approvals are in, the version is approved.
   * The workflow is locked while the decision is checked and counted, so concurrent reviews count
   * each other.
   */
  async review(tenantId: string, actor: WorkflowActor, workflowId: string, version: number, decision: 'approve' | 'reject', comment: string): Promise<WorkflowVersion> {
    const required = await this.requiredApprovals(tenantId);
    await this.sql.transaction(async () => {
      await this.sql.lock(`workflow:${workflowId}`);
      const row = await this.versionRow(tenantId, workflowId, version);
      if (row.status !== 'pending') throw conflict(`version ${version} is already ${row.status}`);
      if (row.author_id === actor.id) {
        throw new DomainError('forbidden', 'SEPARATION_OF_DUTIES', `you submitted version ${version}; another approver must review it`);
      }
      const reviewed = await this.sql.get('SELECT 1 AS reviewed FROM version_reviews WHERE workflow_id = ? AND version = ? AND reviewer_id = ?', [workflowId, version, actor.id]);
      if (reviewed) throw conflict(`you have already reviewed version ${version}`);
      const now = Date.now();
      await this.sql.run('INSERT INTO version_reviews (workflow_id, version, reviewer_id, decision, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        workflowId,
        version,
        actor.id,
        decision,
        comment,
        now,
      ]);
      const counted = await this.sql.get<{ approvals: number }>(
        "SELECT COUNT(*) AS approvals FROM version_reviews WHERE workflow_id = ? AND version = ? AND decision = 'approve'",
        [workflowId, version],
      );
      const approvals = counted?.approvals ?? 0;
      const status = decision === 'reject' ? 'rejected' : approvals >= required ? 'approved' : 'pending';
      if (status !== 'pending') await this.sql.run('UPDATE workflow_versions SET status = ?, decided_at = ? WHERE workflow_id = ? AND version = ?', [status, now, workflowId, version]);
    });
    return this.version(tenantId, workflowId, version);
  }

  /**
   * Makes an approved version the active one; activating an earlier version than the active one
   * is a rollback. Runs in flight keep their own version. Returns the previous active version. The
   * workflow is locked from reading its active version to recording the activation.
   */
  async activate(tenantId: string, actor: WorkflowActor, workflowId: string, version: number, reason: string): Promise<{ previous: number | null; rollback: boolean }> {
    const separate = await this.separateActivator(tenantId);
    const previous = await this.sql.transaction(async () => {
      await this.sql.lock(`workflow:${workflowId}`);
      const workflow = await this.row(tenantId, workflowId);
      if (workflow.archived_at !== null) throw conflict('the workflow is archived');
      const row = await this.versionRow(tenantId, workflowId, version);
      if (row.status !== 'approved') throw invalid(`version ${version} is ${row.status}; only approved versions can be activated`);
      if (workflow.active_version === version) throw conflict(`version ${version} is already active`);
      if (row.author_id === actor.id && separate) {
        throw new DomainError('forbidden', 'SEPARATION_OF_DUTIES', `you submitted version ${version}; this workspace's policy wants someone else to activate it`);
      }
      await this.triggers.sync(tenantId, workflowId, workflowDefinitionSchema.parse(JSON.parse(row.definition)));
      await this.sql.run('UPDATE workflows SET active_version = ? WHERE id = ?', [version, workflowId]);
      await this.sql.run('INSERT INTO activations (workflow_id, tenant_id, version, previous_version, reason, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        workflowId,
        tenantId,
        version,
        workflow.active_version,
        reason,
        actor.id,
        Date.now(),
      ]);
      return workflow.active_version;
    });
    return { previous, rollback: previous !== null && version < previous };
  }

  /** Activation history, newest first. */
  async activations(tenantId: string, workflowId: string): Promise<Activation[]> {
    await this.row(tenantId, workflowId);
    const rows = await this.sql.all<{
      version: number;
      previous_version: number | null;
      reason: string;
      actor_id: string;
      actor_name: string | null;
      created_at: number;
    }>('SELECT a.*, u.name AS actor_name FROM activations a LEFT JOIN users u ON u.id = a.actor_id WHERE a.workflow_id = ? ORDER BY a.id DESC', [workflowId]);
    return rows.map((row) => ({
      version: row.version,
      previousVersion: row.previous_version,
      reason: row.reason,
      actorId: row.actor_id,
      actorName: row.actor_name ?? row.actor_id,
      createdAt: isoTime(row.created_at),
    }));
  }

  /** Copies a version into the draft (a new revision). */
  async restore(tenantId: string, actor: WorkflowActor, workflowId: string, version: number): Promise<WorkflowDetail> {
    const definition = await this.versionDefinition(tenantId, workflowId, version);
    const current = await this.row(tenantId, workflowId);
    return this.updateDraft(tenantId, actor, workflowId, current.revision, definition);
  }

  /** A node-level diff of two versions, with both documents. */
  async diff(tenantId: string, workflowId: string, a: number, b: number): Promise<{ diff: WorkflowDiff; a: WorkflowDefinition; b: WorkflowDefinition }> {
    const before = await this.versionDefinition(tenantId, workflowId, a);
    const after = await this.versionDefinition(tenantId, workflowId, b);
    return { diff: diffWorkflows(before, after), a: before, b: after };
  }

  /** The active version of a workflow, for manual runs, triggers, sub-workflows and error workflows. */
  async active(tenantId: string, workflowId: string): Promise<{ version: number; definition: WorkflowDefinition } | undefined> {
    const row = await this.sql.get<{ active_version: number | null }>('SELECT active_version FROM workflows WHERE id = ? AND tenant_id = ? AND archived_at IS NULL', [
      workflowId,
      tenantId,
    ]);
    if (!row || row.active_version === null) return undefined;
    return { version: row.active_version, definition: await this.versionDefinition(tenantId, workflowId, row.active_version) };
  }

  private async row(tenantId: string, workflowId: string): Promise<WorkflowRow> {
    const row = await this.sql.get<WorkflowRow>(SELECT_ROW, [workflowId, tenantId]);
    if (!row) throw notFound('the workflow');
    return row;
  }

  private async versionRow(tenantId: string, workflowId: string, version: number): Promise<VersionRow> {
    await this.row(tenantId, workflowId);
    const row = await this.sql.get<VersionRow>(`${SELECT_VERSION} WHERE v.workflow_id = ? AND v.version = ?`, [workflowId, version]);
    if (!row) throw notFound(`version ${version}`);
    return row;
  }

  private async toVersion(row: VersionRow, activeVersion: number | null): Promise<WorkflowVersion> {
    const active = activeVersion === row.version;
    const reviews = await this.sql.all<{ reviewer_id: string; reviewer_name: string | null; decision: 'approve' | 'reject'; comment: string; created_at: number }>(
      'SELECT r.reviewer_id, u.name AS reviewer_name, r.decision, r.comment, r.created_at FROM version_reviews r LEFT JOIN users u ON u.id = r.reviewer_id WHERE r.workflow_id = ? AND r.version = ? ORDER BY r.created_at',
      [row.workflow_id, row.version],
    );
    return {
      workflowId: row.workflow_id,
      version: row.version,
      status: row.status,
      note: row.note,
      authorId: row.author_id,
      authorName: row.author_name ?? row.author_id,
      createdAt: isoTime(row.created_at),
      decidedAt: isoTime(row.decided_at),
      definitionHash: row.definition_hash,
      active,
      requiredApprovals: await this.requiredApprovals(row.tenant_id),
      reviews: reviews.map((review) => ({
        reviewerId: review.reviewer_id,
        reviewerName: review.reviewer_name ?? review.reviewer_id,
        decision: review.decision,
        comment: review.comment,
        createdAt: isoTime(review.created_at),
      })),
    };
  }
}

/**
 * A draft must be a definition-shaped object of a known schema version, within the document
 * limits (checked first, so nothing walks an over-limit document); its content may still have
 * problems, which the draft's detail lists.
 */
function readDraft(definition: unknown): Record<string, unknown> {
  const overLimit = definitionLimitProblem(definition);
  if (overLimit) {
    const detail = { path: formatPath(overLimit.path), message: overLimit.message };
    throw new DomainError('invalid', 'WORKFLOW_INVALID', `the definition cannot be saved: ${overLimit.message}`, [detail]);
  }
  try {
    return migrateWorkflow(definition);
  } catch (error) {
    throw malformed(`the definition cannot be read: ${error instanceof Error ? error.message : String(error)}`, [
      { path: 'body.definition', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
}

function toSummary(row: WorkflowRow): WorkflowSummary {
  const draft = JSON.parse(row.draft) as { description?: unknown };
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    description: typeof draft.description === 'string' ? draft.description : '',
    revision: row.revision,
    activeVersion: row.active_version,
    latestVersion: row.latest_version,
    pendingVersions: row.pending_versions,
    archived: row.archived_at !== null,
    createdBy: row.created_by,
    createdAt: isoTime(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: isoTime(row.updated_at),
  };
}

