import type Database from 'better-sqlite3';

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Group commit for better-sqlite3: writes queued during one turn of the event loop commit
 * together in one transaction, so many concurrent runs share each fsync while every caller still
 * learns, through `flush()`, when its writes are durable. After a failed commit the queue is
 * poisoned: every later flush rejects with the same cause, so no write can appear to succeed
 * after an earlier one was lost.
 */
export class WriteQueue {
  private operations: (() => void)[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  private failure: Error | undefined;
  private readonly commit: (operations: readonly (() => void)[]) => void;

  constructor(db: Database.Database) {
    this.commit = db.transaction((operations: readonly (() => void)[]) => {
      for (const operation of operations) operation();
    });
  }

  /** Queues `operation`; it commits with the next batch. */
  enqueue(operation: () => void): void {
    if (this.failure) return;
    this.operations.push(operation);
    this.schedule();
  }

  /** Resolves once everything queued so far is committed; rejects once any commit has failed. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.operations.length === 0) return Promise.resolve();
    const committed = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule();
    return committed;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flushNow());
  }

  /** Commits what is queued right now, synchronously (used on close). */
  flushNow(): void {
    this.scheduled = false;
    const operations = this.operations;
    const waiters = this.waiters;
    this.operations = [];
    this.waiters = [];
    if (operations.length === 0) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    try {
      this.commit(operations);
    } catch (cause) {
      this.failure = new Error(`the run store could not commit: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
      for (const waiter of waiters) waiter.reject(this.failure);
      return;
    }
    for (const waiter of waiters) waiter.resolve();
  }
}
