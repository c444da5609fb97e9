import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { LoggedEvent, PlatformEventLog } from './platform-event-log.js';

/**
 * A reader of the platform event log with its own position. `handle` may write to the server's
 * database synchronously: those writes commit with the advanced position, so each event is handled
 * exactly once. A handler that returns a promise is awaited and the position advances after it; it
 * must make a repeat harmless itself (after a crash between its work and the position's commit).
 */
export interface EventConsumer {
  readonly name: string;
  handle(event: LoggedEvent): void | Promise<void>;
}

const BATCH = 100;
const POLL_MS = 1000;
const KEEP_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Hands each platform event, in order, to every consumer: right after it is recorded and, for
 * anything missed, on a one-second poll. A consumer that throws is retried from the same event on
 * the next poll; the others go on. A consumer new to the log starts at its head (no replay of old
 * events). Events every consumer has read are deleted after seven days.
 */
export class EventDispatcher {
  private readonly consumers: EventConsumer[] = [];
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => void) | undefined;
  private pumping: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Database.Database,
    private readonly log: PlatformEventLog,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a consumer; its position starts at the log's head when it has none yet. */
  register(consumer: EventConsumer): void {
    this.db.prepare('INSERT OR IGNORE INTO event_consumers (name, seq) VALUES (?, ?)').run(consumer.name, this.log.head());
    this.consumers.push(consumer);
  }

  start(): void {
    this.unlisten = this.log.onRecorded(() => void this.pump());
    this.timer = setInterval(() => void this.pump(), POLL_MS);
    this.timer.unref();
    void this.pump();
  }

  async stop(): Promise<void> {
    this.unlisten?.();
    if (this.timer) clearInterval(this.timer);
    await this.pumping;
  }

  /** Hands out everything recorded so far; resolves when every consumer is at the head or failing. */
  async pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      do {
        this.again = false;
        for (const consumer of this.consumers) await this.catchUp(consumer);
      } while (this.again);
      this.prune();
    })().finally(() => {
      this.pumping = undefined;
    });
    return this.pumping;
  }

  private async catchUp(consumer: EventConsumer): Promise<void> {
    try {
      while (await this.handleBatch(consumer));
    } catch (error) {
      this.logger.error({ err: error, consumer: consumer.name }, 'a platform event consumer failed; it retries from the same event on the next poll');
    }
  }

  /**
   * Hands the consumer the next events in one transaction with its advanced position, up to an
   * asynchronous handler: the transaction commits up to the event before it, the handler is
   * awaited, then its event's position is committed. Answers whether there may be more.
   */
  private async handleBatch(consumer: EventConsumer): Promise<boolean> {
    const events = this.log.after(this.position(consumer.name), BATCH);
    if (events.length === 0) return false;
    const advance = this.db.prepare('UPDATE event_consumers SET seq = ? WHERE name = ?');
    let pending: { seq: number; done: Promise<void> } | undefined;
    this.db.transaction(() => {
      for (const event of events) {
        const result = consumer.handle(event);
        if (result instanceof Promise) {
          pending = { seq: event.seq, done: result };
          return;
        }
        advance.run(event.seq, consumer.name);
      }
    })();
    if (pending) {
      await pending.done;
      advance.run(pending.seq, consumer.name);
    }
    return true;
  }

  private position(name: string): number {
    return this.db.prepare('SELECT seq FROM event_consumers WHERE name = ?').pluck().get(name) as number;
  }

  private prune(): void {
    if (this.consumers.length === 0) return;
    const names = this.consumers.map((consumer) => consumer.name);
    const read = this.db.prepare(`SELECT MIN(seq) FROM event_consumers WHERE name IN (${names.map(() => '?').join(', ')})`).pluck().get(...names) as number;
    this.log.prune(read, this.now() - KEEP_MS);
  }
}
