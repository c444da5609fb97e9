import { PostgresWriteQueue } from './postgres/postgres-write-queue.js';
import type { QueuedWrite } from './run-store.js';
import type { SqlDatabase } from './sql/sql-database.js';
import { PostgresDatabase } from './sql/postgres-database.js';
import { SqliteDatabase } from './sql/sqlite-database.js';
import { WriteQueue } from './sqlite/write-queue.js';

/** Writes committed together, one transaction per turn of the event loop (group commit). */
export interface GroupCommit {
  /** Queues `write`; it commits with the next batch. */
  enqueue(write: QueuedWrite): void;
  /** Resolves once everything queued so far is durable; rejects once any commit has failed. */
  flush(): Promise<void>;
}

/** The group commit queue for `sql`'s engine: {@link WriteQueue} on SQLite, {@link PostgresWriteQueue} on PostgreSQL. */
export function groupCommit(sql: SqlDatabase): GroupCommit {
  if (sql instanceof PostgresDatabase) return new PostgresWriteQueue(sql);
  if (sql instanceof SqliteDatabase) return new WriteQueue(sql);
  throw new Error(`no group commit for a ${sql.dialect} database`);
}
