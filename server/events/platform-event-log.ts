import { randomBytes } from 'node:crypto';
import type { PlatformEvent, PlatformEventType } from '../../runtime/definition/index.js';
import type { SqlDatabase } from '../../runtime/store/index.js';

/** A stored platform event and its place in the log. */
export interface LoggedEvent extends PlatformEvent {
  readonly seq: number;
}

interface EventRow {
  seq: number;
  id: string;
  tenant_id: string;
  type: PlatformEventType;
  data: string;
  occurred_at: number;
}

/**
 * The advisory lock every transaction that records an event holds from its first event to its
 * commit on PostgreSQL (see {@link PlatformEventLog}).
 */
const RECORDING_LOCK = 'platform-events';

/**
 * The outbox of platform events: each is written in the transaction of the change it reports (a
 * run's end, an exception, a version's sign-off), so an event is never without its change nor a
 * change without its event. Consumers read it in order (`EventDispatcher`).
 *
 * Readers go by `seq > position`, so an event must never become visible after one with a higher
 * `seq`. SQLite runs one transaction at a time, so events commit in `seq` order. On PostgreSQL
 * `seq` is drawn at the insert but transactions commit in any order: a recording transaction
 * therefore takes the lock `platform-events` before its first insert and holds it to its commit, so
 * recording transactions commit one after another, in the order of their `seq` (docs/events.md).
 */
export class PlatformEventLog {
  private readonly listeners = new Set<() => void>();
  private notifyQueued = false;

  constructor(
    private readonly sql: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Appends an event; call it inside the transaction of the change (outside one it commits on its
   * own). Listeners hear of it after.
   */
  async record(tenantId: string, type: PlatformEventType, data: Record<string, unknown>): Promise<PlatformEvent> {
    const event: PlatformEvent = { id: `evt_${randomBytes(12).toString('base64url')}`, type, tenantId, occurredAt: this.now(), data };
    await this.sql.transaction(async () => {
      if (this.sql.dialect === 'postgres') await this.sql.lock(RECORDING_LOCK);
      await this.sql.run('INSERT INTO platform_events (id, tenant_id, type, data, occurred_at) VALUES (?, ?, ?, ?, ?)', [event.id, tenantId, type, JSON.stringify(data), event.occurredAt]);
    });
    this.queueNotify();
    return event;
  }

  /** The committed events after `seq`, oldest first. */
  async after(seq: number, limit: number): Promise<LoggedEvent[]> {
    const rows = await this.sql.all<EventRow>('SELECT * FROM platform_events WHERE seq > ? ORDER BY seq LIMIT ?', [seq, limit]);
    return rows.map(toEvent);
  }

  /** One event of a workspace by id. */
  async get(tenantId: string, id: string): Promise<LoggedEvent | undefined> {
    const row = await this.sql.get<EventRow>('SELECT * FROM platform_events WHERE id = ? AND tenant_id = ?', [id, tenantId]);
    return row && toEvent(row);
  }

  /** The newest position in the log (0 when empty). */
  async head(): Promise<number> {
    const row = await this.sql.get<{ head: number | null }>('SELECT MAX(seq) AS head FROM platform_events');
    return row?.head ?? 0;
  }

  /** Deletes events older than `before` up to `seq` (what every consumer has read). */
  prune(seq: number, before: number): Promise<number> {
    return this.sql.run('DELETE FROM platform_events WHERE seq <= ? AND occurred_at < ?', [seq, before]);
  }

  /**
   * Calls `listener` after events were recorded (once per burst, on the next turn: the recording
   * transaction may still be open then; a reader on SQLite waits for its commit, one on PostgreSQL
   * may see the events only on its next poll).
   */
  onRecorded(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private queueNotify(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    setImmediate(() => {
      this.notifyQueued = false;
      for (const listener of this.listeners) listener();
    });
  }
}

function toEvent(row: EventRow): LoggedEvent {
  return { seq: row.seq, id: row.id, type: row.type, tenantId: row.tenant_id, occurredAt: row.occurred_at, data: JSON.parse(row.data) as Record<string, unknown> };
}
