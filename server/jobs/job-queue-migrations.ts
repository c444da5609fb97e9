import { createMigrationSequence } from '../../runtime/definition/index.js';
import { ddl, type PostgresMigrationSequence } from '../../runtime/store/postgres/run-postgres-migrations.js';

/**
 * Flowgate's own table beside graphile-worker's schema (which graphile-worker migrates itself):
 * which worker ids belong to which live PostgreSQL session, so the jobs of a crashed process can
 * be handed to another one (see worker-liveness.ts). PostgreSQL only: the queue needs PostgreSQL.
 */
export const jobQueueMigrations: PostgresMigrationSequence = createMigrationSequence({
  sequenceId: 'job-queue',
  baseline: 0,
  sequence: [
    {
      id: 'job-queue/1',
      up: ddl(`CREATE TABLE job_workers (
        worker_id TEXT PRIMARY KEY,
        backend_pid INTEGER NOT NULL,
        backend_start TIMESTAMPTZ NOT NULL,
        registered_at BIGINT NOT NULL
      );
      CREATE INDEX job_workers_by_backend ON job_workers (backend_pid)`),
    },
  ],
});
