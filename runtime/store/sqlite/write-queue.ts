import type Database from 'better-sqlite3';
import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';

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
  private operations: (() => void)[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  private failure: Error | undefined;
  private readonly commit: (operations: readonly (() => void)[]) => void;
  /** Set when commits are made durable by an fsync of the WAL off the event loop. */
  private readonly wal: WalSync | undefined;

  constructor(db: Database.Database, fsyncWal: Fsync = fsync) {
    const transaction = db.transaction((operations: readonly (() => void)[]) => {
      for (const operation of operations) operation();
    });
    this.wal = WalSync.for(db, fsyncWal);
    const wal = this.wal;
    this.commit = wal ? (operations) => wal.withoutSync(() => transaction(operations)) : transaction;
  }

  /** Queues `operation`; it commits with the next batch. */
  enqueue(operation: () => void): void {
    if (this.failure) return;
    this.operations.push(operation);
    this.schedule();
  }

  /** Resolves once everything queued so far is durable; rejects once any commit has failed. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.operations.length === 0) return this.wal?.pending() ?? Promise.resolve();
    const committed = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule();
    return committed;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.commitQueued());
  }

  private commitQueued(): void {
    this.scheduled = false;
    const operations = this.operations;
    const waiters = this.waiters;
    this.operations = [];
    this.waiters = [];
    if (this.failure) {
      // Queued before an earlier batch failed: never commit after a loss.
      for (const waiter of waiters) waiter.reject(this.failure);
      return;
    }
    if (operations.length === 0) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    try {
      this.commit(operations);
    } catch (cause) {
      this.poison(cause, waiters);
      return;
    }
    if (!this.wal) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    this.wal.sync(waiters, (cause, unsynced) => this.poison(cause, unsynced));
  }

  private poison(cause: unknown, waiters: readonly Waiter[]): void {
    this.failure ??= new Error(`the run store could not commit: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    for (const waiter of waiters) waiter.reject(this.failure);
  }

  /** Commits what is queued and waits for the disk, synchronously (used on close). */
  flushNow(): void {
    this.commitQueued();
    this.wal?.close();
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
  private readonly normal: Database.Statement;
  private readonly full: Database.Statement;

  private constructor(
    private readonly path: string,
    db: Database.Database,
    private readonly fsync: Fsync,
  ) {
    this.normal = db.prepare('PRAGMA synchronous = NORMAL');
    this.full = db.prepare('PRAGMA synchronous = FULL');
  }

  /** A WAL syncer when `db` is a WAL file database with `synchronous=FULL`, else undefined. */
  static for(db: Database.Database, fsyncWal: Fsync): WalSync | undefined {
    const walFile = !db.memory && String(db.pragma('journal_mode', { simple: true })) === 'wal';
    return walFile && db.pragma('synchronous', { simple: true }) === 2 ? new WalSync(`${db.name}-wal`, db, fsyncWal) : undefined;
  }

  /** Runs `commit` with `synchronous=NORMAL`: SQLite writes the WAL but leaves the fsync to us. */
  withoutSync(commit: () => void): void {
    this.normal.run();
    try {
      commit();
    } finally {
      this.full.run();
    }
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
