/** A value bound to a statement's `?` placeholder. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** Which engine a {@link SqlDatabase} talks to, for the few statements whose SQL differs. */
export type SqlDialect = 'sqlite' | 'postgres';

/**
 * One asynchronous way to reach Flowgate's database, whichever engine holds it: SQLite through
 * better-sqlite3 (the embedded default) or PostgreSQL through `pg` (`FLOWGATE_DATABASE_URL`).
 *
 * Statements use `?` placeholders on both. Integers, including `COUNT(*)` and 64-bit columns,
 * come back as JavaScript numbers on both.
 */
export interface SqlDatabase {
  readonly dialect: SqlDialect;
  /** Every row the statement answers. */
  all<Row extends object>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** The statement's first row, if any. */
  get<Row extends object>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** Runs a statement that answers no rows; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `work` in one transaction: every statement made through this database while it runs (in
   * its asynchronous context) joins the transaction, which commits when `work` resolves and rolls
   * back when it rejects. A transaction started inside another joins the outer one.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: waits until no other transaction holds the lock named `name`, then holds
   * it until this transaction ends (a PostgreSQL advisory lock; SQLite's transactions already run
   * one at a time). For read-then-write sequences that must not interleave across processes.
   */
  lock(name: string): Promise<void>;
  /**
   * Outside any transaction: runs `work` while no other section named `name` runs, in this process
   * or in any other on the same database, for read-then-write sequences whose writes commit in
   * transactions of their own (the run store's group commit), where {@link lock} cannot reach. On
   * SQLite one process owns the file, so sections queue in memory; on PostgreSQL the section holds
   * a session advisory lock on a connection of its own, so keep `work` to its own reads and writes
   * (never a wait for people or the network). Sections do not nest.
   */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T>;
  /**
   * Calls `callback` on the turn of the event loop after the transaction this is called in has
   * committed (never if it rolls back); outside a transaction, on the next turn. For telling others
   * about a change only once they can read it (waking the scheduler after an activation). The
   * callback must not throw: it runs on its own, as a timer callback does.
   */
  afterCommit(callback: () => void): void;
  /** Closes the connections once the statements under way have finished. */
  close(): Promise<void>;
}
