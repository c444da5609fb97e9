import { randomBytes } from 'node:crypto';
import type { PlatformEventType } from '../../runtime/definition/platform-events.js';
import type { SqlDatabase } from '../../runtime/store/index.js';
import { MAX_SUBSCRIPTIONS_PER_WORKSPACE } from '../contract/event-subscriptions.js';
import { invalid, notFound } from '../domain/domain-error.js';
import { isoTime } from '../domain/iso-time.js';
import type { KeyRing } from '../security/key-ring.js';

/** A subscription as the API shows it (never its secret). */
export interface EventSubscription {
  readonly id: string;
  readonly tenantId: string;
  readonly url: string;
  readonly events: PlatformEventType[];
  readonly includeCustomers: boolean;
  readonly enabled: boolean;
  readonly description: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
}

/** What a subscription is made or changed with. */
export interface SubscriptionFields {
  readonly url: string;
  readonly events: readonly PlatformEventType[];
  readonly description: string;
  readonly enabled: boolean;
  readonly includeCustomers: boolean;
}

/** A subscription with its secret opened, for signing a delivery. */
export interface SubscriptionTarget {
  readonly id: string;
  readonly tenantId: string;
  readonly url: string;
  readonly secret: string;
}

interface SubscriptionRow {
  id: string;
  tenant_id: string;
  url: string;
  event_types: string;
  include_customers: number;
  secret: string;
  enabled: number;
  description: string;
  created_at: number;
  created_by: string;
  updated_at: number;
}

/**
 * A workspace's event subscriptions: where its platform events are posted and the secret they are
 * signed with, sealed by the key ring (bound to the workspace and the subscription). The secret is
 * returned by `create` and `rotateSecret` only.
 */
export class SubscriptionService {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly keyRing: KeyRing,
    /** Whether plain http:// URLs are accepted (the operator's FLOWGATE_SUBSCRIPTIONS_ALLOW_HTTP). */
    private readonly allowHttp: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  async list(tenantId: string): Promise<EventSubscription[]> {
    const rows = await this.sql.all<SubscriptionRow>('SELECT * FROM event_subscriptions WHERE tenant_id = ? ORDER BY created_at, id', [tenantId]);
    return rows.map(toSubscription);
  }

  async get(tenantId: string, id: string): Promise<EventSubscription> {
    return toSubscription(await this.row(tenantId, id));
  }

  /**
   * A new subscription and its signing secret (answered this once). The count and the insert hold
   * the lock `event-subscriptions:<tenant>`, so workspaces stay within their limit across processes.
   */
  create(tenantId: string, tenantKind: 'partner' | 'customer', createdBy: string, fields: SubscriptionFields): Promise<{ subscription: EventSubscription; secret: string }> {
    this.check(tenantKind, fields);
    return this.sql.transaction(async () => {
      await this.sql.lock(`event-subscriptions:${tenantId}`);
      const counted = await this.sql.get<{ count: number }>('SELECT COUNT(*) AS count FROM event_subscriptions WHERE tenant_id = ?', [tenantId]);
      if ((counted?.count ?? 0) >= MAX_SUBSCRIPTIONS_PER_WORKSPACE) {
        throw invalid(`a workspace has at most ${MAX_SUBSCRIPTIONS_PER_WORKSPACE} event subscriptions; delete one first`, [{ path: 'body', message: `at most ${MAX_SUBSCRIPTIONS_PER_WORKSPACE} subscriptions` }]);
      }
      const id = `sub_${randomBytes(12).toString('base64url')}`;
      const secret = newSecret();
      const at = this.now();
      await this.sql.run(
        `INSERT INTO event_subscriptions (id, tenant_id, url, event_types, include_customers, secret, enabled, description, created_at, created_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, tenantId, fields.url, JSON.stringify(fields.events), fields.includeCustomers ? 1 : 0, this.keyRing.encrypt(secret, aad(tenantId, id)), fields.enabled ? 1 : 0, fields.description, at, createdBy, at],
      );
      return { subscription: await this.get(tenantId, id), secret };
    });
  }

  async update(tenantId: string, tenantKind: 'partner' | 'customer', id: string, change: Partial<SubscriptionFields>): Promise<EventSubscription> {
    const current = await this.get(tenantId, id);
    const fields: SubscriptionFields = { ...current, ...change };
    this.check(tenantKind, fields);
    await this.sql.run('UPDATE event_subscriptions SET url = ?, event_types = ?, include_customers = ?, enabled = ?, description = ?, updated_at = ? WHERE tenant_id = ? AND id = ?', [
      fields.url,
      JSON.stringify(fields.events),
      fields.includeCustomers ? 1 : 0,
      fields.enabled ? 1 : 0,
      fields.description,
      this.now(),
      tenantId,
      id,
    ]);
    return this.get(tenantId, id);
  }

  /** Deletes a subscription with its deliveries. */
  async delete(tenantId: string, id: string): Promise<EventSubscription> {
    const subscription = await this.get(tenantId, id);
    await this.sql.run('DELETE FROM event_subscriptions WHERE tenant_id = ? AND id = ?', [tenantId, id]);
    return subscription;
  }

  /** A new signing secret (answered this once); the old one stops at once, retries are signed with the new one. */
  async rotateSecret(tenantId: string, id: string): Promise<{ subscription: EventSubscription; secret: string }> {
    await this.row(tenantId, id);
    const secret = newSecret();
    await this.sql.run('UPDATE event_subscriptions SET secret = ?, updated_at = ? WHERE tenant_id = ? AND id = ?', [this.keyRing.encrypt(secret, aad(tenantId, id)), this.now(), tenantId, id]);
    return { subscription: await this.get(tenantId, id), secret };
  }

  /**
   * The enabled subscriptions an event of `eventTenantId` goes to: the workspace's own, and its
   * partner's that include customers.
   */
  async matching(eventTenantId: string, type: string): Promise<string[]> {
    const rows = await this.sql.all<{ id: string }>(
      `SELECT s.id FROM event_subscriptions s
       WHERE s.enabled = 1
         AND (s.tenant_id = ? OR (s.include_customers = 1 AND s.tenant_id = (SELECT parent_id FROM tenants WHERE id = ?)))
         AND ${TAKES_TYPE[this.sql.dialect]}
       ORDER BY s.created_at, s.id`,
      [eventTenantId, eventTenantId, type],
    );
    return rows.map((row) => row.id);
  }

  /** Where and how to send a delivery now; undefined when the subscription is gone or disabled. */
  async target(id: string): Promise<SubscriptionTarget | undefined> {
    const row = await this.sql.get<SubscriptionRow>('SELECT * FROM event_subscriptions WHERE id = ? AND enabled = 1', [id]);
    return row && { id: row.id, tenantId: row.tenant_id, url: row.url, secret: this.keyRing.decrypt(row.secret, aad(row.tenant_id, row.id)) };
  }

  private async row(tenantId: string, id: string): Promise<SubscriptionRow> {
    const row = await this.sql.get<SubscriptionRow>('SELECT * FROM event_subscriptions WHERE tenant_id = ? AND id = ?', [tenantId, id]);
    if (!row) throw notFound('the event subscription');
    return row;
  }

  private check(tenantKind: 'partner' | 'customer', fields: SubscriptionFields): void {
    const url = new URL(fields.url);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.allowHttp)) {
      const allowed = this.allowHttp ? 'https:// (or http://)' : 'https://';
      throw invalid(`a subscription URL must start with ${allowed}`, [{ path: 'body.url', message: `use ${allowed}, got ${url.protocol}//` }]);
    }
    if (url.username !== '' || url.password !== '') throw invalid('a subscription URL carries no user name or password; deliveries are signed instead', [{ path: 'body.url', message: 'remove the user name and password' }]);
    if (url.hash !== '') throw invalid('a subscription URL has no #fragment', [{ path: 'body.url', message: 'remove the #fragment' }]);
    if (fields.includeCustomers && tenantKind !== 'partner') {
      throw invalid("only a partner's subscription receives its customers' events", [{ path: 'body.includeCustomers', message: 'not available in a customer workspace' }]);
    }
  }
}

/** A subscription's `event_types` (a JSON array of text) holds the event type bound to the statement's `?`. */
const TAKES_TYPE = {
  sqlite: 'EXISTS (SELECT 1 FROM json_each(s.event_types) WHERE value = ?)',
  postgres: 's.event_types::jsonb @> jsonb_build_array(?::text)',
} as const;

function toSubscription(row: SubscriptionRow): EventSubscription {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    url: row.url,
    events: JSON.parse(row.event_types) as PlatformEventType[],
    includeCustomers: row.include_customers === 1,
    enabled: row.enabled === 1,
    description: row.description,
    createdAt: isoTime(row.created_at),
    createdBy: row.created_by,
    updatedAt: isoTime(row.updated_at),
  };
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function aad(tenantId: string, id: string): string {
  return `event-subscription:${tenantId}:${id}`;
}
