import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueuedWrite } from '../run-store.js';
import type { PostgresDatabase } from '../sql/postgres-database.js';


interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Group commit for PostgreSQL: writes queued during one turn of the event loop commit together in
 * one transaction, each awaited in queue order; while a batch commits, the writes queued meanwhile
 * gather into the next, so batches commit one after another, never overlapping. `flush()` resolves
 * once COMMIT has returned for everything queued before it. After a failed commit the queue is
 * poisoned: every later flush rejects with the same cause, so no write can appear to succeed after
 * an earlier one was lost.
 */
export class PostgresWriteQueue {
  private writes: QueuedWrite[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  private committing = false;
  private failure: Error | undefined;
  /**
   * Runs a function in the asynchronous context the queue was made in, outside any transaction: a
   * write queued from inside a batch (its context holds that batch's connection) must not make the
   * next batch join a transaction that has ended.
   */
  private readonly outsideTransactions = AsyncLocalStorage.snapshot();

  constructor(private readonly db: PostgresDatabase) {}

  /** Queues `write`; it runs in the transaction of the next batch. */
  enqueue(write: QueuedWrite): void {
    if (this.failure) return;
    this.writes.push(write);
    this.schedule();
  }

  /** Resolves once everything queued so far is committed; rejects once any commit has failed. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.writes.length === 0 && !this.committing) return Promise.resolve();
    // Behind a batch that is committing, the next (possibly empty) batch settles after it.
    const committed = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule();
    return committed;
  }

  private schedule(): void {
    // A batch committing now schedules the next when it ends.
    if (this.scheduled || this.committing) return;
    this.scheduled = true;
    this.outsideTransactions(() =>
      setImmediate(() => {
        this.scheduled = false;
        void this.commitQueued();
      }),
    );
  }

  private async commitQueued(): Promise<void> {
    const writes = this.writes;
    const waiters = this.waiters;
    this.writes = [];
    this.waiters = [];
    if (this.failure) {
      // Queued before an earlier batch failed: never commit after a loss.
      for (const waiter of waiters) waiter.reject(this.failure);
      return;
    }
    if (writes.length === 0) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    this.committing = true;
    try {
      await this.db.transaction(async () => {
        for (const write of writes) await write();
      });
      for (const waiter of waiters) waiter.resolve();
    } catch (cause) {
      this.failure ??= new Error(`the run store could not commit: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
      for (const waiter of waiters) waiter.reject(this.failure);
    } finally {
      this.committing = false;
      if (this.writes.length > 0 || this.waiters.length > 0) this.schedule();
    }
  }
}
