import { randomBytes } from 'node:crypto';
import type { PlatformEvent } from '../../runtime/definition/platform-events.js';
import type { SqlDatabase, SqlValue } from '../../runtime/store/index.js';
import { MAX_DELIVERY_ATTEMPTS, RETRY_DELAYS_MS } from '../contract/event-subscriptions.js';
import { notFound } from '../domain/domain-error.js';
import { isoTime } from '../domain/iso-time.js';

/** The body every delivery posts: the event, its time in ISO 8601. */
export interface DeliveryPayload {
  readonly id: string;
  readonly type: string;
  readonly tenantId: string;
  readonly occurredAt: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** One try of a delivery, as listed. */
export interface DeliveryAttempt {
  readonly attempt: number;
  readonly at: string;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/** A delivery as the API lists it. */
export interface EventDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly payload: Record<string, unknown>;
  readonly state: 'pending' | 'delivered' | 'failed';
  readonly attempts: DeliveryAttempt[];
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

/** A delivery claimed for its next attempt. */
export interface DueDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventType: string;
  readonly payload: string;
  /** The number of this attempt (1 for the first). */
  readonly attempt: number;
}

/** What one attempt came to. */
export interface AttemptOutcome {
  readonly at: number;
  readonly statusCode: number | null;
  /** Null when the endpoint answered 2xx. */
  readonly error: string | null;
  readonly durationMs: number;
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  tenant_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  state: EventDelivery['state'];
  attempts: number;
  next_attempt_at: number | null;
  created_at: number;
  delivered_at: number | null;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/**
 * A claimed delivery is not claimed again for this long (longer than an attempt may take), so a
 * delivery whose attempt a crash interrupted goes out again after a restart.
 */
const CLAIM_LEASE_MS = 60_000;

/**
 * The deliveries of events to subscriptions and their attempts: queued (by the subscriptions
 * consumer, a re-send or a ping), claimed when due, and settled by each attempt's outcome with the
 * back-off of {@link RETRY_DELAYS_MS}.
 */
export class DeliveryLog {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** Queues an event for a subscription, due at once; returns the delivery id. */
  async enqueue(subscriptionId: string, event: PlatformEvent | DeliveryPayload): Promise<string> {
    const payload: DeliveryPayload = {
      id: event.id,
      type: event.type,
      tenantId: event.tenantId,
      occurredAt: typeof event.occurredAt === 'number' ? new Date(event.occurredAt).toISOString() : event.occurredAt,
      data: event.data,
    };
    const id = `dlv_${randomBytes(12).toString('base64url')}`;
    const at = this.now();
    await this.sql.run("INSERT INTO event_deliveries (id, subscription_id, tenant_id, event_id, event_type, payload, state, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)", [
      id,
      subscriptionId,
      event.tenantId,
      event.id,
      event.type,
      JSON.stringify(payload),
      at,
      at,
    ]);
    return id;
  }

  /** The body of one of a subscription's deliveries, to send it again. */
  async payloadOf(subscriptionId: string, deliveryId: string): Promise<DeliveryPayload> {
    const row = await this.sql.get<{ payload: string }>('SELECT payload FROM event_deliveries WHERE subscription_id = ? AND id = ?', [subscriptionId, deliveryId]);
    if (row === undefined) throw notFound('the delivery');
    return JSON.parse(row.payload) as DeliveryPayload;
  }

  async get(subscriptionId: string, deliveryId: string): Promise<EventDelivery> {
    const row = await this.sql.get<DeliveryRow>('SELECT * FROM event_deliveries WHERE subscription_id = ? AND id = ?', [subscriptionId, deliveryId]);
    if (!row) throw notFound('the delivery');
    return (await this.withAttempts([row]))[0] as EventDelivery;
  }

  /** A subscription's deliveries, newest first, each with its attempts. */
  async list(subscriptionId: string, options: { state?: EventDelivery['state'] | undefined; after?: { createdAt: number; id: string } | undefined; limit: number }): Promise<EventDelivery[]> {
    const where = ['subscription_id = ?'];
    const values: SqlValue[] = [subscriptionId];
    if (options.state !== undefined) {
      where.push('state = ?');
      values.push(options.state);
    }
    if (options.after !== undefined) {
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      values.push(options.after.createdAt, options.after.createdAt, options.after.id);
    }
    const rows = await this.sql.all<DeliveryRow>(`SELECT * FROM event_deliveries WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`, [...values, options.limit]);
    return this.withAttempts(rows);
  }

  /**
   * Claims up to `limit` pending deliveries due at `at` whose subscription is enabled (those of a
   * disabled one wait until it is enabled again). The claim holds the lock `event-deliveries`, so
   * deliverers in several processes never claim the same delivery.
   */
  claimDue(at: number, limit: number): Promise<DueDelivery[]> {
    return this.sql.transaction(async () => {
      await this.sql.lock('event-deliveries');
      const rows = await this.sql.all<DeliveryRow>(
        `SELECT d.* FROM event_deliveries d JOIN event_subscriptions s ON s.id = d.subscription_id AND s.enabled = 1
         WHERE d.state = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.created_at LIMIT ?`,
        [at, limit],
      );
      for (const row of rows) await this.sql.run('UPDATE event_deliveries SET next_attempt_at = ? WHERE id = ?', [at + CLAIM_LEASE_MS, row.id]);
      return rows.map((row) => ({ id: row.id, subscriptionId: row.subscription_id, eventType: row.event_type, payload: row.payload, attempt: row.attempts + 1 }));
    });
  }

  /** Records an attempt: delivered on success, else due again after the back-off, or failed after the last attempt. */
  async settle(delivery: DueDelivery, outcome: AttemptOutcome): Promise<void> {
    await this.sql.transaction(async () => {
      await this.sql.run('INSERT INTO delivery_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)', [
        delivery.id,
        delivery.attempt,
        outcome.at,
        outcome.statusCode,
        outcome.error,
        outcome.durationMs,
      ]);
      const settled = 'UPDATE event_deliveries SET state = ?, attempts = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ?';
      if (outcome.error === null) await this.sql.run(settled, ['delivered', delivery.attempt, null, outcome.at, delivery.id]);
      else if (delivery.attempt >= MAX_DELIVERY_ATTEMPTS) await this.sql.run(settled, ['failed', delivery.attempt, null, null, delivery.id]);
      else await this.sql.run(settled, ['pending', delivery.attempt, outcome.at + (RETRY_DELAYS_MS[delivery.attempt - 1] ?? 0), null, delivery.id]);
    });
  }

  /** Deletes delivered and failed deliveries created before `before`, with their attempts; pending ones stay. */
  prune(before: number): Promise<number> {
    return this.sql.run("DELETE FROM event_deliveries WHERE state != 'pending' AND created_at < ?", [before]);
  }

  private async withAttempts(rows: readonly DeliveryRow[]): Promise<EventDelivery[]> {
    if (rows.length === 0) return [];
    const attempts = await this.sql.all<AttemptRow>(`SELECT * FROM delivery_attempts WHERE delivery_id IN (${rows.map(() => '?').join(', ')}) ORDER BY attempt`, rows.map((row) => row.id));
    return rows.map((row) => ({
      id: row.id,
      subscriptionId: row.subscription_id,
      tenantId: row.tenant_id,
      eventId: row.event_id,
      eventType: row.event_type,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
      state: row.state,
      attempts: attempts
        .filter((attempt) => attempt.delivery_id === row.id)
        .map((attempt) => ({ attempt: attempt.attempt, at: isoTime(attempt.at), statusCode: attempt.status_code, error: attempt.error, durationMs: attempt.duration_ms })),
      nextAttemptAt: row.state === 'pending' ? isoTime(row.next_attempt_at) : null,
      createdAt: isoTime(row.created_at),
      deliveredAt: isoTime(row.delivered_at),
    }));
  }
}
