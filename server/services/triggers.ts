import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import type { SqlDatabase } from '../../runtime/store/index.js';
import { conflict, notFound } from '../domain/domain-error.js';
import { isUniqueViolation } from '../db/unique-violation.js';
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

/** The webhook at a tenant's path, if the tenant (and its partner) is not suspended and the workflow is active. */
const RESOLVE_WEBHOOK = `SELECT t.*, w.active_version FROM tenants n
  JOIN webhook_triggers t ON t.tenant_id = n.id AND t.path = ?
  JOIN workflows w ON w.id = t.workflow_id AND w.tenant_id = n.id AND w.archived_at IS NULL AND w.active_version IS NOT NULL
  WHERE n.slug = ? AND n.suspended_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM tenants p WHERE p.id = n.parent_id AND p.suspended_at IS NOT NULL)`;

/**
 * The triggers of active versions: webhook paths (unique per tenant) with their secrets, encrypted
 * at rest, and schedules. Kept in line with activations; schedules are handed to the scheduler.
 */
export class TriggerService implements TriggerSync {
  private onSchedulesChanged: () => void = () => undefined;

  private readonly targets = new Map<string, { readonly target: WebhookTarget; readonly foundAt: number }>();
  /** Runs a function in the asynchronous context the service was made in, outside any transaction. */
  private readonly outsideTransactions = AsyncLocalStorage.snapshot();

  constructor(
    private readonly sql: SqlDatabase,
    private readonly keyRing: KeyRing,
    /**
     * How long a found webhook target is kept, in milliseconds. Unset, until this process changes
     * triggers (it makes every change itself); where other processes change them too, a few seconds.
     */
    private readonly targetTtlMs = Number.POSITIVE_INFINITY,
  ) {}

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

  /**
   * Replaces the workflow's webhooks and schedules with those of `definition` (none for null),
   * keeping the secrets of webhooks and the last fires of schedules that stay. Call it inside the
   * transaction that changes the active version (the workflow service locks the workflow there);
   * a path another workflow of the tenant holds is refused, and the unique index refuses a path
   * taken meanwhile by a concurrent activation.
   */
  async sync(tenantId: string, workflowId: string, definition: WorkflowDefinition | null): Promise<void> {
    this.targets.clear();
    const nodes = definition?.nodes ?? [];
    const webhooks = nodes.filter((node) => node.type === 'trigger.webhook');
    const pathOf = (node: WorkflowDefinition['nodes'][number]) => (typeof node.config.path === 'string' ? node.config.path : '');
    const takenError = (path: string, holder?: string) =>
      conflict(`the webhook path "${path}" is already used by another active workflow${holder === undefined ? '' : ` (${holder})`}`);
    for (const node of webhooks) {
      const path = pathOf(node);
      const taken = await this.sql.get<{ workflow_id: string }>('SELECT workflow_id FROM webhook_triggers WHERE tenant_id = ? AND path = ? AND workflow_id != ?', [
        tenantId,
        path,
        workflowId,
      ]);
      if (taken) throw takenError(path, taken.workflow_id);
    }
    const existing = new Map((await this.sql.all<WebhookRow>('SELECT * FROM webhook_triggers WHERE workflow_id = ?', [workflowId])).map((row) => [row.node_id, row]));
    await this.sql.run('DELETE FROM webhook_triggers WHERE workflow_id = ?', [workflowId]);
    for (const node of webhooks) {
      const kept = existing.get(node.id);
      const secret = kept?.secret ?? this.keyRing.encrypt(newSecret(), aad(tenantId, workflowId, node.id));
      try {
        await this.sql.run(
          'INSERT INTO webhook_triggers (workflow_id, node_id, tenant_id, path, secret, previous_secret, previous_valid_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [workflowId, node.id, tenantId, pathOf(node), secret, kept?.previous_secret ?? null, kept?.previous_valid_until ?? null, Date.now()],
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw takenError(pathOf(node));
        throw error;
      }
    }
    const schedules = nodes.filter((node) => node.type === 'trigger.schedule').map((node) => node.id);
    const kept = await this.sql.all<{ node_id: string; last_fired_at: number | null }>('SELECT node_id, last_fired_at FROM schedules WHERE workflow_id = ?', [workflowId]);
    await this.sql.run('DELETE FROM schedules WHERE workflow_id = ?', [workflowId]);
    for (const nodeId of schedules) {
      await this.sql.run('INSERT INTO schedules (workflow_id, node_id, tenant_id, last_fired_at) VALUES (?, ?, ?, ?)', [
        workflowId,
        nodeId,
        tenantId,
        kept.find((row) => row.node_id === nodeId)?.last_fired_at ?? Date.now(),
      ]);
    }
    // sync runs inside the activation's transaction, before the new active version is written; the
    // scheduler must look only once that transaction has committed, or it still sees the old
    // version (on PostgreSQL its statements would not even wait for the transaction to end). Its
    // reload runs outside the transaction's asynchronous context: its statements must not join it.
    this.sql.afterCommit(() => this.outsideTransactions(() => this.onSchedulesChanged()));
    this.forgetTargetsOnCommit();
  }

  /**
   * Forgets the found webhook targets again once the change has committed: a request resolved
   * between the change's start and its commit (on PostgreSQL it reads the old row) may have cached
   * what the change replaces.
   */
  private forgetTargetsOnCommit(): void {
    this.sql.afterCommit(() => this.targets.clear());
  }

  async webhooks(tenantId: string, tenantSlug: string, workflowId: string): Promise<WebhookTrigger[]> {
    const rows = await this.sql.all<WebhookRow>('SELECT * FROM webhook_triggers WHERE tenant_id = ? AND workflow_id = ? ORDER BY node_id', [tenantId, workflowId]);
    return rows.map((row) => ({ workflowId: row.workflow_id, nodeId: row.node_id, path: row.path, url: `/hooks/${tenantSlug}/${row.path}` }));
  }

  /**
   * A new secret for a webhook, returned once: `given` when the sender issues its own (Shopify,
   * Stripe), else a random one. The old one keeps working for `overlapMs` (so the sender can be
   * switched over meanwhile), or stops at once when it is 0; a secret older than the old one stops
   * at once either way.
   */
  async rotateSecret(
    tenantId: string,
    workflowId: string,
    nodeId: string,
    { overlapMs = 0, given, now = Date.now() }: { overlapMs?: number; given?: string; now?: number } = {},
  ): Promise<{ secret: string; previousValidUntil: number | null }> {
    this.targets.clear();
    const secret = given ?? newSecret();
    const previousValidUntil = overlapMs > 0 ? now + overlapMs : null;
    // One statement reads the current secret and replaces it, so concurrent rotations cannot both keep the same old one.
    const changed = await this.sql.run(
      `UPDATE webhook_triggers SET previous_secret = CASE WHEN ? THEN secret ELSE NULL END, secret = ?, previous_valid_until = ?
       WHERE tenant_id = ? AND workflow_id = ? AND node_id = ?`,
      [previousValidUntil === null ? 0 : 1, this.keyRing.encrypt(secret, aad(tenantId, workflowId, nodeId)), previousValidUntil, tenantId, workflowId, nodeId],
    );
    if (changed === 0) throw notFound('the webhook trigger (is the workflow active?)');
    this.forgetTargetsOnCommit();
    return { secret, previousValidUntil };
  }

  /**
   * The webhook at a tenant's path, with its secret and the workflow's active version, for the
   * webhook route. Found targets stay in memory until the next activation, archive or secret
   * rotation in this process (every change goes through `sync` or `rotateSecret`, which forget them
   * all), and at most `targetTtlMs`.
   */
  async resolve(tenantSlug: string, path: string): Promise<WebhookTarget | undefined> {
    const key = `${tenantSlug}/${path}`;
    const cached = this.targets.get(key);
    if (cached && Date.now() - cached.foundAt < this.targetTtlMs) return cached.target;
    this.targets.delete(key);
    const row = await this.sql.get<WebhookRow & { active_version: number }>(RESOLVE_WEBHOOK, [path, tenantSlug]);
    if (!row) return undefined;
    const context = aad(row.tenant_id, row.workflow_id, row.node_id);
    const secrets: WebhookSecret[] = [{ secret: this.keyRing.decrypt(row.secret, context), validUntil: null }];
    if (row.previous_secret !== null && row.previous_valid_until !== null) secrets.push({ secret: this.keyRing.decrypt(row.previous_secret, context), validUntil: row.previous_valid_until });
    const target = { tenantId: row.tenant_id, workflowId: row.workflow_id, nodeId: row.node_id, version: row.active_version, secrets };
    if (this.targets.size >= TARGET_CACHE_SIZE) this.targets.delete(this.targets.keys().next().value as string);
    this.targets.set(key, { target, foundAt: Date.now() });
    return target;
  }

  async schedules(): Promise<ScheduleTrigger[]> {
    const rows = await this.sql.all<{ workflow_id: string; node_id: string; tenant_id: string; last_fired_at: number | null }>(
      `SELECT s.* FROM schedules s JOIN tenants t ON t.id = s.tenant_id
       WHERE t.suspended_at IS NULL AND NOT EXISTS (SELECT 1 FROM tenants p WHERE p.id = t.parent_id AND p.suspended_at IS NOT NULL)`,
    );
    return rows.map((row) => ({ tenantId: row.tenant_id, workflowId: row.workflow_id, nodeId: row.node_id, lastFiredAt: row.last_fired_at }));
  }

  /**
   * Claims the schedule's tick at `scheduledAt` (epoch milliseconds): true for the one caller that
   * records it as the last fire, false when that tick (or a later one) was already claimed, by this
   * process or another scheduler, so each tick starts one run whoever else fires it.
   */
  async claimFire(workflowId: string, nodeId: string, scheduledAt: number): Promise<boolean> {
    const changed = await this.sql.run(
      'UPDATE schedules SET last_fired_at = ? WHERE workflow_id = ? AND node_id = ? AND (last_fired_at IS NULL OR last_fired_at < ?)',
      [scheduledAt, workflowId, nodeId, scheduledAt],
    );
    return changed > 0;
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

function aad(tenantId: string, workflowId: string, nodeId: string): string {
  return `webhook:${tenantId}:${workflowId}:${nodeId}`;
}
