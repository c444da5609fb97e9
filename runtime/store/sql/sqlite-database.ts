import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { KeyedMutex } from '../keyed-mutex.js';
import type { SqlDatabase, SqlValue } from './sql-database.js';

/** How {@link SqliteDatabase.transaction} commits. */
export interface SqliteTransactionOptions {
  /**
   * Commit with `synchronous=NORMAL`, then return to `FULL`: SQLite writes the WAL without an
   * fsync, which the caller then makes itself (the run store's group commit fsyncs the WAL off the
   * event loop). Only for a database opened with `synchronous=FULL`.
   */
  readonly withoutSync?: boolean;
}

/**
 * A {@link SqlDatabase} over one better-sqlite3 connection. SQLite has one connection and
 * better-sqlite3 runs statements synchronously, so a transaction that awaits is kept whole by
 * queueing: transactions run one after another, and a statement made outside any transaction
 * while one is open waits until it has ended rather than slipping into it.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  /** The open transaction's context: what runs once it commits. */
  private readonly scope = new AsyncLocalStorage<{ readonly committed: (() => void)[] }>();
  /** Settles when the last queued transaction has ended. */
  private lastTransaction: Promise<void> = Promise.resolve();
  private transactionOpen = false;
  /** Sections of {@link exclusive} by name: this process owns the file, so queueing them here is enough. */
  private readonly sections = new KeyedMutex();

  // Prepared at first use only: SQLite applies a PRAGMA already when it is prepared.
  private synchronousNormal: Database.Statement | undefined;
  private synchronousFull: Database.Statement | undefined;

  /** Wraps `connection`, which the run store also uses directly for its synchronous fast path. */
  constructor(readonly connection: Database.Database) {}

  async all<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    await this.outsideOthersTransactions();
    return this.statement(sql).all(...params) as Row[];
  }

  async get<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    await this.outsideOthersTransactions();
    return this.statement(sql).get(...params) as Row | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    await this.outsideOthersTransactions();
    return this.statement(sql).run(...params).changes;
  }

  async exec(sql: string): Promise<void> {
    await this.outsideOthersTransactions();
    this.connection.exec(sql);
  }

  async transaction<T>(work: () => Promise<T>, options: SqliteTransactionOptions = {}): Promise<T> {
    if (this.scope.getStore()) return work();
    const previous = this.lastTransaction;
    let ended!: () => void;
    this.lastTransaction = new Promise<void>((resolve) => (ended = resolve));
    await previous;
    this.transactionOpen = true;
    if (options.withoutSync) (this.synchronousNormal ??= this.connection.prepare('PRAGMA synchronous = NORMAL')).run();
    try {
      this.connection.exec('BEGIN IMMEDIATE');
      const transaction = { committed: [] as (() => void)[] };
      const result = await this.scope.run(transaction, work);
      this.connection.exec('COMMIT');
      for (const callback of transaction.committed) setImmediate(callback);
      return result;
    } catch (error) {
      if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
      throw error;
    } finally {
      if (options.withoutSync) (this.synchronousFull ??= this.connection.prepare('PRAGMA synchronous = FULL')).run();
      this.transactionOpen = false;
      ended();
    }
  }

  lock(name: string): Promise<void> {
    if (!this.scope.getStore()) return Promise.reject(new Error(`lock "${name}" taken outside a transaction`));
    return Promise.resolve();
  }

  exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.scope.getStore()) return Promise.reject(new Error(`exclusive section "${name}" entered inside a transaction`));
    return this.sections.run(name, work);
  }

  afterCommit(callback: () => void): void {
    const transaction = this.scope.getStore();
    if (transaction) transaction.committed.push(callback);
    else setImmediate(callback);
  }

  async close(): Promise<void> {
    await this.lastTransaction;
    this.connection.close();
  }

  private async outsideOthersTransactions(): Promise<void> {
    while (this.transactionOpen && !this.scope.getStore()) await this.lastTransaction;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
