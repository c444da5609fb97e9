import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { KeyedMutex } from '../keyed-mutex.js';
import { Slots } from '../slots.js';
import type { SqlDatabase, SqlValue } from './sql-database.js';
import { toNumberedPlaceholders } from './placeholders.js';

const INT8 = 20;
const NUMERIC = 1700;

/** 64-bit integers and numerics as numbers: Flowgate's are epoch milliseconds, counts and sums. */
const numberTypes = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown;
  },
};

/** Options for {@link openPostgresDatabase}. */
export interface PostgresDatabaseOptions {
  /** The most connections the process holds open (default 10). */
  readonly maxConnections?: number;
}

/**
 * A {@link SqlDatabase} over a `pg` connection pool. A transaction holds one pooled connection; an
 * AsyncLocalStorage scope routes every statement made inside it to that connection.
 */
export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  /** The open transaction: its connection and what runs once it commits. */
  private readonly scope = new AsyncLocalStorage<{ readonly client: pg.PoolClient; readonly committed: (() => void)[] }>();

  /** Sections of {@link exclusive} by name in this process: one connection at most waits for each name's lock. */
  private readonly sections = new KeyedMutex();
  /**
   * Connections sections may hold at once: half the pool, so the statements and commits of the
   * sections that hold their locks always find a connection.
   */
  private readonly sectionSlots: Slots;
  /** Set by {@link close}: the pool ends once its connections are back. */
  private closing: Promise<void> | undefined;

  constructor(connectionString: string, options: PostgresDatabaseOptions = {}) {
    const maxConnections = options.maxConnections ?? 10;
    this.pool = new pg.Pool({ connectionString, max: maxConnections, types: numberTypes });
    this.sectionSlots = new Slots(Math.max(1, Math.floor(maxConnections / 2)));
    // An idle pooled connection that the server drops must not crash the process; the next
    // statement gets a new connection.
    this.pool.on('error', () => undefined);
  }

  async all<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    const result = await this.client().query<Row>(toNumberedPlaceholders(sql), params as unknown[]);
    return result.rows;
  }

  async get<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    return (await this.all<Row>(sql, params))[0];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const result = await this.client().query(toNumberedPlaceholders(sql), params as unknown[]);
    return result.rowCount ?? 0;
  }

  async exec(sql: string): Promise<void> {
    await this.client().query(sql);
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.scope.getStore()) return work();
    const client = await this.openPool().connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const transaction = { client, committed: [] as (() => void)[] };
      const result = await this.scope.run(transaction, work);
      await client.query('COMMIT');
      for (const callback of transaction.committed) setImmediate(callback);
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      // A connection whose rollback failed is in an unknown state: destroy it rather than reuse it.
      client.release(broken);
    }
  }

  async lock(name: string): Promise<void> {
    if (!this.scope.getStore()) throw new Error(`lock "${name}" taken outside a transaction`);
    await this.all('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [name]);
  }

  /**
   * Holds a session advisory lock on `name` on a pooled connection of its own while `work` runs
   * (statements of `work` go through the pool as usual and commit on other connections), then
   * unlocks and returns the connection. Costs one connection per section in flight, at most half
   * the pool; sections beyond that, and sections of a name this process already holds, wait here.
   */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.scope.getStore()) return Promise.reject(new Error(`exclusive section "${name}" entered inside a transaction`));
    return this.sections.run(name, () => this.sectionSlots.hold(() => this.holdingLock(name, work)));
  }

  afterCommit(callback: () => void): void {
    const transaction = this.scope.getStore();
    if (transaction) transaction.committed.push(callback);
    else setImmediate(callback);
  }

  /**
   * Ends the pool once the connections in use are back; statements made after this are refused
   * with "the database is closed" (close the users of the database first). Calling it again
   * answers the same promise.
   */
  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }

  private async holdingLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const client = await this.openPool().connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
    } catch (error) {
      // Whether the lock was taken is unknown: ending the session releases it either way.
      client.release(true);
      throw error;
    }
    let broken: Error | undefined;
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch((unlockError: unknown) => {
        broken = unlockError instanceof Error ? unlockError : new Error(String(unlockError));
      });
      // A session whose unlock failed may still hold the lock: destroying it releases the lock.
      client.release(broken);
    }
  }

  private client(): pg.Pool | pg.PoolClient {
    return this.scope.getStore()?.client ?? this.openPool();
  }

  /** The pool, unless {@link close} was called. */
  private openPool(): pg.Pool {
    if (this.closing) throw new Error('the database is closed');
    return this.pool;
  }
}

/** Opens a pool on the PostgreSQL database `connectionString` names (`postgres://user@host:port/db`). */
export function openPostgresDatabase(connectionString: string, options?: PostgresDatabaseOptions): PostgresDatabase {
  return new PostgresDatabase(connectionString, options);
}
