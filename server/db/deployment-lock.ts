import pg from 'pg';
import type { ProcessRole } from '../roles/process-role.js';
import { StartupRefusal } from '../startup-refusal.js';
import { redactDatabaseUrl } from './database-url.js';

/** The advisory lock every `flowgate start` process holds on its PostgreSQL database for as long as it runs. */
const LOCK_NAME = 'flowgate:deployment';

/** The process cannot share the database with the processes already on it; the message says what to do. */
export class DatabaseInUseError extends StartupRefusal {
  override readonly name = 'DatabaseInUseError';
}

/** Held while this process runs; `release()` lets the database go. */
export interface DeploymentLock {
  release(): Promise<void>;
}

/**
 * Joins the deployment on a PostgreSQL database: a session-level advisory lock on a connection of
 * its own, held until `release()` or until the process dies (PostgreSQL ends the session and frees
 * the lock, so a crashed process never blocks the next start). A process in the role `all` runs
 * runs, timers and schedules itself, so it takes the lock exclusively and is alone on the
 * database; processes in other roles share the work through the job queue and the scheduler's
 * election, so they take it shared, any number of them. Either kind is refused with
 * {@link DatabaseInUseError} while the other holds the database.
 */
export async function joinDeployment(databaseUrl: string, role: ProcessRole): Promise<DeploymentLock> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // A dropped connection frees the lock; nothing here may crash the process for it.
  client.on('error', () => undefined);
  await client.connect();
  const take = role === 'all' ? 'pg_try_advisory_lock' : 'pg_try_advisory_lock_shared';
  const { rows } = await client.query<{ locked: boolean }>(`SELECT ${take}(hashtextextended($1, 0)) AS locked`, [LOCK_NAME]);
  if (rows[0]?.locked !== true) {
    await client.end();
    const database = redactDatabaseUrl(databaseUrl);
    throw new DatabaseInUseError(
      role === 'all'
        ? `another Flowgate process is running on the PostgreSQL database ${database}; the role all runs alone on its database: to run several processes, give each a role (--role api, worker or scheduler; see docs/deployment.md)`
        : `a Flowgate process in the role all is running on the PostgreSQL database ${database}; stop it before starting processes in roles (see docs/deployment.md)`,
    );
  }
  return { release: () => client.end() };
}
