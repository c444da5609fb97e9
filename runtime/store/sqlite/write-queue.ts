import type Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import type { QueuedWrite } from '../run-store.js';
import type { SqliteDatabase } from '../sql/sqlite-database.js';

/** `fs.fsync`'s shape; replaceable so tests can hold or fail the disk flush. */
export type Fsync = (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => void;

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
 *
 * On a file database in WAL mode with `synchronous=FULL`, the batch commits with
 * `synchronous=NORMAL` (no fsync on the event loop) and the WAL file is then fsynced on libuv's
 * thread pool; waiters resolve only once that fsync covering their commit has returned. Callers get
 * exactly FULL's guarantee (nothing is acknowledged before it is on disk) while the event loop keeps
 * serving requests during the disk flush, and one fsync covers every batch committed before it.
 */
export class WriteQueue {
  private operations: QueuedWrite[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  private failure: Error | undefined;
  /** Set when commits are made durable by an fsync of the WAL off the event loop. */
  private readonly wal: WalSync | undefined;
  /** Settles when the last batch handed to the database has committed or failed. */
  private lastBatch: Promise<void> = Promise.resolve();
  /**
   * Runs a function in the asynchronous context the queue was made in, outside any transaction: a
   * write queued from inside a transaction must not make its batch join that transaction.
   */
  private readonly outsideTransactions = AsyncLocalStorage.snapshot();

  constructor(
    private readonly sql: SqliteDatabase,
    fsyncWal: Fsync = fsync,
  ) {
    this.wal = WalSync.for(sql.connection, fsyncWal);
  }

  /** Queues `operation`; it commits with the next batch. */
  enqueue(operation: QueuedWrite): void {
    if (this.failure) return;
    this.operations.push(operation);
    this.schedule();
  }

  /** Resolves once everything queued so far is durable; rejects once any commit has failed. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.operations.length === 0) return this.lastBatch.then(() => (this.failure ? Promise.reject(this.failure) : this.wal?.pending()));
    const committed = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule();
    return committed;
  }

  /** Commits what is queued, waits for the disk, and stops syncing (used on close). */
  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    this.wal?.close();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.outsideTransactions(() => setImmediate(() => this.commitQueued()));
  }

  private commitQueued(): void {
    this.scheduled = false;
    const operations = this.operations;
    const waiters = this.waiters;
    this.operations = [];
    this.waiters = [];
    if (operations.length === 0) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    this.lastBatch = this.commit(operations).then(
      () => {
        if (this.wal) this.wal.sync(waiters, (cause, unsynced) => this.poison(cause, unsynced));
        else for (const waiter of waiters) waiter.resolve();
      },
      (cause: unknown) => this.poison(cause, waiters),
    );
  }

  /** Commits `operations` in one transaction, unless an earlier batch failed (never commit after a loss). */
  private commit(operations: readonly QueuedWrite[]): Promise<void> {
    const batch = async () => {
      if (this.failure) throw this.failure;
      for (const operation of operations) {
        const pending = operation();
        if (pending instanceof Promise) await pending;
      }
    };
    // With the WAL fsynced here, SQLite need not fsync at the commit itself.
    return this.sql.transaction(batch, { withoutSync: this.wal !== undefined });
  }

  private poison(cause: unknown, waiters: readonly Waiter[]): void {
    this.failure ??= new Error(`the run store could not commit: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    for (const waiter of waiters) waiter.reject(this.failure);
  }
}

/**
 * Makes WAL commits durable with an fsync of the WAL file on the thread pool. An fsync covers every
 * commit made before it started; commits made while one runs wait for the next.
 */
class WalSync {
  private fd: number | undefined;
  private inFlight = false;
  private closed = false;
  /** Set once an fsync failed: nothing committed since may be acknowledged (Linux may report a later fsync as clean). */
  private failed = false;
  /** Committed, waiting for an fsync to start. */
  private queued: Waiter[] = [];
  /** Called with those an fsync could not make durable. */
  private onFailure: (cause: unknown, waiters: readonly Waiter[]) => void = () => undefined;
  private constructor(
    private readonly path: string,
    private readonly fsync: Fsync,
  ) {}

  /** A WAL syncer when `db` is a WAL file database with `synchronous=FULL`, else undefined. */
  static for(db: Database.Database, fsyncWal: Fsync): WalSync | undefined {
    const walFile = !db.memory && String(db.pragma('journal_mode', { simple: true })) === 'wal';
    return walFile && db.pragma('synchronous', { simple: true }) === 2 ? new WalSync(`${db.name}-wal`, fsyncWal) : undefined;
  }

  /** Resolves `waiters` once an fsync that started after their commit has returned. */
  sync(waiters: readonly Waiter[], onFailure: (cause: unknown, waiters: readonly Waiter[]) => void): void {
    this.onFailure = onFailure;
    if (this.failed) {
      onFailure(new Error('an earlier fsync of the WAL failed'), waiters);
      return;
    }
    this.queued.push(...waiters);
    this.start();
  }

  /** While an fsync is under way (commits may not be durable yet), a promise for the next one's end. */
  pending(): Promise<void> | undefined {
    if (this.closed || !this.inFlight) return undefined;
    return new Promise((resolve, reject) => this.queued.push({ resolve, reject }));
  }

  /** Syncs what is committed now, synchronously, and stops syncing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const waiters = this.queued;
    this.queued = [];
    try {
      if (this.fd !== undefined) fsyncSync(this.fd);
    } catch (cause) {
      this.onFailure(cause, waiters);
      return;
    } finally {
      if (!this.inFlight) this.closeFile();
    }
    for (const waiter of waiters) waiter.resolve();
  }

  private start(): void {
    if (this.inFlight || this.closed || this.queued.length === 0) return;
    const covered = this.queued;
    this.queued = [];
    let fd: number;
    try {
      fd = this.fd ??= openSync(this.path, 'r');
    } catch (cause) {
      this.failed = true;
      this.onFailure(cause, covered);
      return;
    }
    this.inFlight = true;
    this.fsync(fd, (error) => {
      this.inFlight = false;
      if (error) {
        this.failed = true;
        const waiting = [...covered, ...this.queued];
        this.queued = [];
        this.onFailure(error, waiting);
      } else for (const waiter of covered) waiter.resolve();
      if (this.closed) this.closeFile();
      else this.start();
    });
  }

  private closeFile(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
