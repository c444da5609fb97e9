import pg from 'pg';
import { StartupRefusal } from '../startup-refusal.js';
import { redactDatabaseUrl } from './database-url.js';

/** The advisory lock a `flowgate start` process holds on its PostgreSQL database for as long as it runs. */
const LOCK_NAME = 'flowgate:single-process';

/** Another Flowgate process already runs on the database; the message says what to do. */
export class DatabaseInUseError extends StartupRefusal {
  override readonly name = 'DatabaseInUseError';
}

/** Held while this process runs; `release()` lets another process start on the database. */
export interface SingleProcessLock {
  release(): Promise<void>;
}

/**
 * Takes the database for this process alone: a session-level advisory lock on a connection of its
 * own, held until `release()` or until the process dies (PostgreSQL ends the session and frees the
 * lock, so a crashed process never blocks the next start). Every process runs runs, timers and
 * schedules today, so two on one database would run each of them twice; the second is refused with
 * {@link DatabaseInUseError} until the API/worker topology lets several share the work.
 */
export async function lockDatabaseForThisProcess(databaseUrl: string): Promise<SingleProcessLock> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // A dropped connection frees the lock; nothing here may crash the process for it.
  client.on('error', () => undefined);
  await client.connect();
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [LOCK_NAME]);
  if (rows[0]?.locked !== true) {
    await client.end();
    throw new DatabaseInUseError(
      `another Flowgate process is running on the PostgreSQL database ${redactDatabaseUrl(databaseUrl)}; one process per database until the worker topology is in place (see docs/deployment.md)`,
    );
  }
  return { release: () => client.end() };
}
