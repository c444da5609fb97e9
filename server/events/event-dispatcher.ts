import type { Logger } from 'pino';
import type { SqlDatabase } from '../../runtime/store/index.js';
import type { LoggedEvent, PlatformEventLog } from './platform-event-log.js';

/**
 * A reader of the platform event log with its own position. By default `handle` runs inside the
 * transaction that advances the position: its writes through the server's database commit with
 * it, so each event is handled exactly once; such a handler waits for nothing but the database.
 * A consumer `outsideTransaction` (one that waits for the engine, say) is awaited first and its
 * event's position committed after it; it must make a repeat harmless itself (after a crash
 * between its work and the position's commit).
 */
export interface EventConsumer {
  readonly name: string;
  readonly outsideTransaction?: boolean;
  handle(event: LoggedEvent): void | Promise<void>;
}

const BATCH = 100;
const POLL_MS = 1000;
const KEEP_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Hands each platform event, in order, to every consumer: right after it is recorded and, for
 * anything missed, on a one-second poll. A consumer that throws is retried from the same event on
 * the next poll; the others go on. A consumer new to the log starts at its head (no replay of old
 * events). Events every consumer has read are deleted after seven days. A transactional consumer's
 * batch holds the lock `event-consumer:<name>` (PostgreSQL), so dispatchers in several processes
 * never hand the same event to it twice.
 */
export class EventDispatcher {
  private readonly consumers: EventConsumer[] = [];
  private readonly registered: Promise<void>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => void) | undefined;
  private pumping: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly sql: SqlDatabase,
    private readonly log: PlatformEventLog,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a consumer; its position starts at the log's head when it has none yet (written before the next pump). */
  register(consumer: EventConsumer): void {
    this.consumers.push(consumer);
    this.registered.push(this.log.head().then((head) => this.sql.run('INSERT INTO event_consumers (name, seq) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [consumer.name, head])).then(() => undefined));
  }

  start(): void {
    this.unlisten = this.log.onRecorded(() => void this.pumpLogged());
    this.timer = setInterval(() => void this.pumpLogged(), POLL_MS);
    this.timer.unref();
    void this.pumpLogged();
  }

  async stop(): Promise<void> {
    this.unlisten?.();
    if (this.timer) clearInterval(this.timer);
    await this.pumping?.catch(() => undefined);
  }

  /** Hands out everything recorded so far; resolves when every consumer is at the head or failing. */
  async pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      await Promise.all(this.registered);
      // A consumer that failed waits for the next poll, even when new events make this pump go round again.
      const failed = new Set<EventConsumer>();
      do {
        this.again = false;
        for (const consumer of this.consumers) {
          if (!failed.has(consumer) && !(await this.catchUp(consumer))) failed.add(consumer);
        }
      } while (this.again);
      await this.prune();
    })().finally(() => {
      this.pumping = undefined;
    });
    return this.pumping;
  }

  private async pumpLogged(): Promise<void> {
    try {
      await this.pump();
    } catch (error) {
      this.logger.error({ err: error }, 'handing out platform events failed; it is tried again on the next poll');
    }
  }

  /** Hands the consumer everything after its position; answers false when it failed (logged). */
  private async catchUp(consumer: EventConsumer): Promise<boolean> {
    try {
      while (await (consumer.outsideTransaction ? this.handleOutside(consumer) : this.handleBatch(consumer)));
      return true;
    } catch (error) {
      this.logger.error({ err: error, consumer: consumer.name }, 'a platform event consumer failed; it retries from the same event on the next poll');
      return false;
    }
  }

  /** Hands the consumer the next events in one transaction with its advanced position. Answers whether there may be more. */
  private handleBatch(consumer: EventConsumer): Promise<boolean> {
    return this.sql.transaction(async () => {
      await this.sql.lock(`event-consumer:${consumer.name}`);
      const events = await this.log.after(await this.position(consumer.name), BATCH);
      for (const event of events) await consumer.handle(event);
      const last = events.at(-1);
      if (last) await this.advance(consumer.name, last.seq);
      return events.length > 0;
    });
  }

  /** Hands the consumer the next events one by one, committing each event's position after its handler. */
  private async handleOutside(consumer: EventConsumer): Promise<boolean> {
    const events = await this.log.after(await this.position(consumer.name), BATCH);
    for (const event of events) {
      await consumer.handle(event);
      await this.advance(consumer.name, event.seq);
    }
    return events.length > 0;
  }

  private async position(name: string): Promise<number> {
    const row = await this.sql.get<{ seq: number }>('SELECT seq FROM event_consumers WHERE name = ?', [name]);
    return row?.seq ?? 0;
  }

  private async advance(name: string, seq: number): Promise<void> {
    await this.sql.run('UPDATE event_consumers SET seq = ? WHERE name = ?', [seq, name]);
  }

  private async prune(): Promise<void> {
    if (this.consumers.length === 0) return;
    const names = this.consumers.map((consumer) => consumer.name);
    const row = await this.sql.get<{ oldest: number | null }>(`SELECT MIN(seq) AS oldest FROM event_consumers WHERE name IN (${names.map(() => '?').join(', ')})`, names);
    if (row !== undefined && row.oldest !== null) await this.log.prune(row.oldest, this.now() - KEEP_MS);
  }
}
