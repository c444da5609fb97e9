import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { SqlDatabase, SqlValue } from './sql-database.js';

/**
 * A {@link SqlDatabase} over one better-sqlite3 connection. SQLite has one connection and
 * better-sqlite3 runs statements synchronously, so a transaction that awaits is kept whole by
 * queueing: transactions run one after another, and a statement made outside any transaction
 * while one is open waits until it has ended rather than slipping into it.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly scope = new AsyncLocalStorage<true>();
  /** Settles when the last queued transaction has ended. */
  private lastTransaction: Promise<void> = Promise.resolve();
  private transactionOpen = false;

  constructor(private readonly db: Database.Database) {}

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
    this.db.exec(sql);
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.scope.getStore()) return work();
    const previous = this.lastTransaction;
    let ended!: () => void;
    this.lastTransaction = new Promise<void>((resolve) => (ended = resolve));
    await previous;
    this.transactionOpen = true;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const result = await this.scope.run(true, work);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.transactionOpen = false;
      ended();
    }
  }

  async close(): Promise<void> {
    await this.lastTransaction;
    this.db.close();
  }

  private async outsideOthersTransactions(): Promise<void> {
    while (this.transactionOpen && !this.scope.getStore()) await this.lastTransaction;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
