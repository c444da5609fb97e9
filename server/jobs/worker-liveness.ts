import pg from 'pg';
import type { WorkerUtils } from 'graphile-worker';

/**
 * How the jobs of a crashed worker process move to another one.
 *
 * graphile-worker marks a claimed job `locked_by` the worker that runs it and only frees locks older
 * than four hours by itself; `forceUnlockWorkers` frees them at once but must be told which workers
 * are dead. Each worker process therefore keeps one dedicated session open for its whole life and
 * records its worker ids against that session (`job_workers`: the backend's pid and start time).
 * A process killed with SIGKILL loses its sockets, PostgreSQL ends the session at once, and the
 * sweep of any live worker process sees jobs locked by workers with no live session and unlocks
 * them. A job is thus picked up again within about `graceMs + sweepIntervalMs + pollIntervalMs`.
 */
export interface WorkerLivenessOptions {
  /** How often this process looks for jobs of dead workers. */
  readonly sweepIntervalMs: number;
  /**
   * Jobs locked more recently than this are left alone, so a worker's first claim can never race
   * its own registration.
   */
  readonly graceMs: number;
  /** Called if the dedicated session is lost: this process's jobs may now be handed to others. */
  readonly onLost: (error: Error) => void;
}

/** A worker process's registration and sweep; `close()` ends both. */
export interface WorkerLiveness {
  /** Records `workerId` against this process's session (graphile-worker's `worker:create`). */
  register(workerId: string): Promise<void>;
  close(): Promise<void>;
}

const liveSession = `EXISTS (
  SELECT 1 FROM pg_stat_activity a
  WHERE a.pid = w.backend_pid AND a.backend_start = w.backend_start
)`;

/**
 * Opens the dedicated session, starts the sweep. All Flowgate processes must connect as one role:
 * PostgreSQL shows another role's sessions without their start time.
 */
export async function startWorkerLiveness(
  connectionString: string,
  workerUtils: WorkerUtils,
  options: WorkerLivenessOptions,
): Promise<WorkerLiveness> {
  const session = new pg.Client({ connectionString, keepAlive: true });
  let closing = false;
  const lost = (error: Error) => {
    if (!closing) options.onLost(error);
  };
  session.on('error', lost);
  session.on('end', () => lost(new Error('the worker liveness session ended')));
  await session.connect();

  const sweeper = new pg.Pool({ connectionString, max: 1 });
  sweeper.on('error', () => undefined);
  let sweeping: Promise<void> = Promise.resolve();
  let registering: Promise<unknown> = Promise.resolve();
  const sweep = async () => {
    const { rows } = await sweeper.query<{ worker_id: string }>(
      `SELECT DISTINCT j.locked_by AS worker_id FROM graphile_worker.jobs j
       WHERE j.locked_by IS NOT NULL
         AND j.locked_at < now() - make_interval(secs => $1::double precision / 1000)
         AND NOT EXISTS (SELECT 1 FROM job_workers w WHERE w.worker_id = j.locked_by AND ${liveSession})`,
      [options.graceMs],
    );
    if (rows.length > 0) await workerUtils.forceUnlockWorkers(rows.map((row) => row.worker_id));
    await sweeper.query(`DELETE FROM job_workers w WHERE NOT ${liveSession}`);
  };
  const timer = setInterval(() => {
    // A failed sweep (the database briefly away) is retried at the next tick.
    sweeping = sweeping.then(sweep).catch(() => undefined);
  }, options.sweepIntervalMs);
  timer.unref();

  return {
    register(workerId) {
      // One session answers one statement at a time: registrations wait for each other.
      const registered = registering.then(() =>
        session.query(
          `INSERT INTO job_workers (worker_id, backend_pid, backend_start, registered_at)
           SELECT $1, pid, backend_start, $2 FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
          [workerId, Date.now()],
        ),
      );
      registering = registered.catch(() => undefined);
      return registered.then(() => undefined);
    },
    async close() {
      closing = true;
      clearInterval(timer);
      await Promise.all([sweeping, registering]);
      await session.query('DELETE FROM job_workers WHERE backend_pid = pg_backend_pid()').catch(() => undefined);
      await Promise.all([session.end(), sweeper.end()]);
    },
  };
}
