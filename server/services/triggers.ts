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
  /** The current secret, and the previous one while its overlap after a rotation lasts. */
  readonly secrets: readonly WebhookSecret[];
}

/** A secret a webhook accepts: `validUntil` null for the current one, a time for the previous one. */
export interface WebhookSecret {
  readonly secret: string;
  readonly validUntil: number | null;
}

/** The secrets of `target` that are valid at `now` (the current one first). */
export function usableSecrets(target: WebhookTarget, now: number): string[] {
  return target.secrets.filter((entry) => entry.validUntil === null || entry.validUntil > now).map((entry) => entry.secret);
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
  previous_secret: string | null;
  previous_valid_until: number | null;
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
    const insert = this.db.prepare(
      'INSERT INTO webhook_triggers (workflow_id, node_id, tenant_id, path, secret, previous_secret, previous_valid_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const node of webhooks) {
      const kept = existing.get(node.id);
      const secret = kept?.secret ?? this.keyRing.encrypt(newSecret(), aad(tenantId, workflowId, node.id));
      insert.run(workflowId, node.id, tenantId, pathOf(node), secret, kept?.previous_secret ?? null, kept?.previous_valid_until ?? null, Date.now());
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

  /**
   * A new secret for a webhook, returned once: `given` when the sender issues its own (Shopify,
   * Stripe), else a random one. The old one keeps working for `overlapMs` (so the sender can be
   * switched over meanwhile), or stops at once when it is 0; a secret older than the old one stops
   * at once either way.
   */
  rotateSecret(
    tenantId: string,
    workflowId: string,
    nodeId: string,
    { overlapMs = 0, given, now = Date.now() }: { overlapMs?: number; given?: string; now?: number } = {},
  ): { secret: string; previousValidUntil: number | null } {
    this.targets.clear();
    const current = this.db.prepare('SELECT secret FROM webhook_triggers WHERE tenant_id = ? AND workflow_id = ? AND node_id = ?').pluck().get(tenantId, workflowId, nodeId) as
      | string
      | undefined;
    if (current === undefined) throw notFound('the webhook trigger (is the workflow active?)');
    const secret = given ?? newSecret();
    const previousValidUntil = overlapMs > 0 ? now + overlapMs : null;
    this.db
      .prepare('UPDATE webhook_triggers SET secret = ?, previous_secret = ?, previous_valid_until = ? WHERE tenant_id = ? AND workflow_id = ? AND node_id = ?')
      .run(this.keyRing.encrypt(secret, aad(tenantId, workflowId, nodeId)), previousValidUntil === null ? null : current, previousValidUntil, tenantId, workflowId, nodeId);
    return { secret, previousValidUntil };
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
    const context = aad(row.tenant_id, row.workflow_id, row.node_id);
    const secrets: WebhookSecret[] = [{ secret: this.keyRing.decrypt(row.secret, context), validUntil: null }];
    if (row.previous_secret !== null && row.previous_valid_until !== null) secrets.push({ secret: this.keyRing.decrypt(row.previous_secret, context), validUntil: row.previous_valid_until });
    const target = { tenantId: row.tenant_id, workflowId: row.workflow_id, nodeId: row.node_id, version: row.active_version, secrets };
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
