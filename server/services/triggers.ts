import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import { conflict, notFound } from '../domain/domain-error.js';
import type { KeyRing } from '../security/key-ring.js';
import type { TriggerSync } from './workflows.js';

/** A webhook of an active workflow, as the API lists it (never its secret). */
export interface WebhookTrigger {
  readonly workflowId: string;
  readonly nodeId: string;
  readonly path: string;
  readonly url: string;
}

/** What the webhook route needs to accept a request. */
export interface WebhookTarget {
  readonly tenantId: string;
  readonly workflowId: string;
  readonly nodeId: string;
  /** The workflow's active version. */
  readonly version: number;
  readonly secret: string;
}

/** A schedule of an active workflow. */
export interface ScheduleTrigger {
  readonly tenantId: string;
  readonly workflowId: string;
  readonly nodeId: string;
  readonly lastFiredAt: number | null;
}

/** How many resolved webhook targets stay in memory. */
const TARGET_CACHE_SIZE = 10_000;

interface WebhookRow {
  workflow_id: string;
  node_id: string;
  tenant_id: string;
  path: string;
  secret: string;
}

/**
 * The triggers of active versions: webhook paths (unique per tenant) with their secrets, encrypted
 * at rest, and schedules. Kept in line with activations; schedules are handed to the scheduler.
 */
export class TriggerService implements TriggerSync {
  private onSchedulesChanged: () => void = () => undefined;

  private readonly targets = new Map<string, WebhookTarget>();
  private readonly resolveStatement: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly keyRing: KeyRing,
  ) {
    this.resolveStatement = db.prepare(`SELECT t.*, w.active_version FROM tenants n
      JOIN webhook_triggers t ON t.tenant_id = n.id AND t.path = @path
      JOIN workflows w ON w.id = t.workflow_id AND w.tenant_id = n.id AND w.archived_at IS NULL AND w.active_version IS NOT NULL
      WHERE n.slug = @slug AND n.suspended_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM tenants p WHERE p.id = n.parent_id AND p.suspended_at IS NOT NULL)`);
  }

  /**
   * A partner was suspended or resumed: resolved webhook targets are forgotten and the scheduler
   * reloads, so its triggers (and its customers') stop or start at once.
   */
  standingChanged(): void {
    this.targets.clear();
    this.onSchedulesChanged();
  }

  /** Called after schedules change (the scheduler reloads). */
  watchSchedules(listener: () => void): void {
    this.onSchedulesChanged = listener;
  }

  sync(tenantId: string, workflowId: string, definition: WorkflowDefinition | null): void {
    this.targets.clear();
    const nodes = definition?.nodes ?? [];
    const webhooks = nodes.filter((node) => node.type === 'trigger.webhook');
    const pathOf = (node: WorkflowDefinition['nodes'][number]) => (typeof node.config.path === 'string' ? node.config.path : '');
    for (const node of webhooks) {
      const path = pathOf(node);
      const taken = this.db
        .prepare('SELECT workflow_id FROM webhook_triggers WHERE tenant_id = ? AND path = ? AND workflow_id != ?')
        .pluck()
        .get(tenantId, path, workflowId) as string | undefined;
      if (taken) throw conflict(`the webhook path "${path}" is already used by another active workflow (${taken})`);
    }
    const existing = new Map(
      (this.db.prepare('SELECT * FROM webhook_triggers WHERE workflow_id = ?').all(workflowId) as WebhookRow[]).map((row) => [row.node_id, row]),
    );
    this.db.prepare('DELETE FROM webhook_triggers WHERE workflow_id = ?').run(workflowId);
    const insert = this.db.prepare('INSERT INTO webhook_triggers (workflow_id, node_id, tenant_id, path, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const node of webhooks) {
      const secret = existing.get(node.id)?.secret ?? this.keyRing.encrypt(newSecret(), aad(tenantId, workflowId, node.id));
      insert.run(workflowId, node.id, tenantId, pathOf(node), secret, Date.now());
    }
    const schedules = nodes.filter((node) => node.type === 'trigger.schedule').map((node) => node.id);
    const kept = this.db.prepare('SELECT node_id, last_fired_at FROM schedules WHERE workflow_id = ?').all(workflowId) as { node_id: string; last_fired_at: number | null }[];
    this.db.prepare('DELETE FROM schedules WHERE workflow_id = ?').run(workflowId);
    const insertSchedule = this.db.prepare('INSERT INTO schedules (workflow_id, node_id, tenant_id, last_fired_at) VALUES (?, ?, ?, ?)');
    for (const nodeId of schedules) {
      insertSchedule.run(workflowId, nodeId, tenantId, kept.find((row) => row.node_id === nodeId)?.last_fired_at ?? Date.now());
    }
    // sync runs inside the activation's transaction, before the new active version is written; the
    // scheduler must look only once that transaction is over, or it still sees the old version.
    queueMicrotask(() => this.onSchedulesChanged());
  }

  webhooks(tenantId: string, tenantSlug: string, workflowId: string): WebhookTrigger[] {
    const rows = this.db.prepare('SELECT * FROM webhook_triggers WHERE tenant_id = ? AND workflow_id = ? ORDER BY node_id').all(tenantId, workflowId) as WebhookRow[];
    return rows.map((row) => ({ workflowId: row.workflow_id, nodeId: row.node_id, path: row.path, url: `/hooks/${tenantSlug}/${row.path}` }));
  }

  /** A new secret for a webhook, returned once; the old one stops working at once. */
  rotateSecret(tenantId: string, workflowId: string, nodeId: string): string {
    this.targets.clear();
    const secret = newSecret();
    const result = this.db
      .prepare('UPDATE webhook_triggers SET secret = ? WHERE tenant_id = ? AND workflow_id = ? AND node_id = ?')
      .run(this.keyRing.encrypt(secret, aad(tenantId, workflowId, nodeId)), tenantId, workflowId, nodeId);
    if (result.changes === 0) throw notFound('the webhook trigger (is the workflow active?)');
    return secret;
  }

  /**
   * The webhook at a tenant's path, with its secret and the workflow's active version, for the
   * webhook route. Found targets stay in memory until the next activation, archive or secret
   * rotation (every change goes through `sync` or `rotateSecret`, which forget them all).
   */
  resolve(tenantSlug: string, path: string): WebhookTarget | undefined {
    const key = `${tenantSlug}/${path}`;
    const cached = this.targets.get(key);
    if (cached) return cached;
    const row = this.resolveStatement.get({ slug: tenantSlug, path }) as (WebhookRow & { active_version: number }) | undefined;
    if (!row) return undefined;
    const secret = this.keyRing.decrypt(row.secret, aad(row.tenant_id, row.workflow_id, row.node_id));
    const target = { tenantId: row.tenant_id, workflowId: row.workflow_id, nodeId: row.node_id, version: row.active_version, secret };
    if (this.targets.size >= TARGET_CACHE_SIZE) this.targets.delete(this.targets.keys().next().value as string);
    this.targets.set(key, target);
    return target;
  }

  schedules(): ScheduleTrigger[] {
    const rows = this.db
      .prepare(
        `SELECT s.* FROM schedules s JOIN tenants t ON t.id = s.tenant_id
         WHERE t.suspended_at IS NULL AND NOT EXISTS (SELECT 1 FROM tenants p WHERE p.id = t.parent_id AND p.suspended_at IS NOT NULL)`,
      )
      .all() as { workflow_id: string; node_id: string; tenant_id: string; last_fired_at: number | null }[];
    return rows.map((row) => ({ tenantId: row.tenant_id, workflowId: row.workflow_id, nodeId: row.node_id, lastFiredAt: row.last_fired_at }));
  }

  recordFire(workflowId: string, nodeId: string, firedAt: number): void {
    this.db.prepare('UPDATE schedules SET last_fired_at = ? WHERE workflow_id = ? AND node_id = ?').run(firedAt, workflowId, nodeId);
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

function aad(tenantId: string, workflowId: string, nodeId: string): string {
  return `webhook:${tenantId}:${workflowId}:${nodeId}`;
}
