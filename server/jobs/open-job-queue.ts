import { PostgresDatabase, type SqlDatabase } from '../../runtime/store/index.js';
import { JobQueue } from './job-queue.js';

/**
 * The job queue on the installation's PostgreSQL database, its schema installed: it writes through
 * `sql`, so jobs commit with the run state beside them. Only PostgreSQL carries one.
 */
export async function openJobQueue(sql: SqlDatabase, databaseUrl: string | undefined): Promise<JobQueue> {
  if (!(sql instanceof PostgresDatabase) || databaseUrl === undefined) throw new Error('the job queue needs a PostgreSQL database (FLOWGATE_DATABASE_URL)');
  const jobs = new JobQueue(sql, databaseUrl);
  await jobs.install();
  return jobs;
}
