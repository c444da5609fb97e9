import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { PlatformEvent, PlatformEventType } from '../../runtime/definition/index.js';

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
 * The outbox of platform events: each is written in the transaction of the change it reports (a
 * run's end, an exception, a version's sign-off), so an event is never without its change nor a
 * change without its event. Consumers read it in order (`EventDispatcher`).
 */
export class PlatformEventLog {
  private readonly listeners = new Set<() => void>();
  private notifyQueued = false;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Appends an event; call it inside the transaction of the change. Listeners hear of it after. */
  record(tenantId: string, type: PlatformEventType, data: Record<string, unknown>): PlatformEvent {
    const event: PlatformEvent = { id: `evt_${randomBytes(12).toString('base64url')}`, type, tenantId, occurredAt: this.now(), data };
    this.db.prepare('INSERT INTO platform_events (id, tenant_id, type, data, occurred_at) VALUES (?, ?, ?, ?, ?)').run(event.id, tenantId, type, JSON.stringify(data), event.occurredAt);
    this.queueNotify();
    return event;
  }

  /** The events after `seq`, oldest first. */
  after(seq: number, limit: number): LoggedEvent[] {
    const rows = this.db.prepare('SELECT * FROM platform_events WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit) as EventRow[];
    return rows.map(toEvent);
  }

  /** One event of a workspace by id. */
  get(tenantId: string, id: string): LoggedEvent | undefined {
    const row = this.db.prepare('SELECT * FROM platform_events WHERE id = ? AND tenant_id = ?').get(id, tenantId) as EventRow | undefined;
    return row && toEvent(row);
  }

  /** The newest position in the log (0 when empty). */
  head(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM platform_events').pluck().get() as number) ?? 0;
  }

  /** Deletes events older than `before` up to `seq` (what every consumer has read). */
  prune(seq: number, before: number): number {
    return this.db.prepare('DELETE FROM platform_events WHERE seq <= ? AND occurred_at < ?').run(seq, before).changes;
  }

  /** Calls `listener` after events were recorded (once per burst, after the recording commit). */
  onRecorded(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private queueNotify(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    // better-sqlite3 commits synchronously: by the next turn the recording transaction has ended.
    setImmediate(() => {
      this.notifyQueued = false;
      for (const listener of this.listeners) listener();
    });
  }
}

function toEvent(row: EventRow): LoggedEvent {
  return { seq: row.seq, id: row.id, type: row.type, tenantId: row.tenant_id, occurredAt: row.occurred_at, data: JSON.parse(row.data) as Record<string, unknown> };
}
