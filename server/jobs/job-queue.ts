import { EventEmitter } from 'node:events';
import { Logger, makeWorkerUtils, run, runMigrations, type TaskList, type WorkerEvents } from 'graphile-worker';
import { runPostgresMigrations } from '../../runtime/store/postgres/run-postgres-migrations.js';
import type { PostgresDatabase } from '../../runtime/store/sql/postgres-database.js';
import { jobQueueMigrations } from './job-queue-migrations.js';
import { startWorkerLiveness } from './worker-liveness.js';

/** A unit of work for a worker process: starting, resuming or timing out a run. */
export interface JobRequest {
  /** Which handler runs it (a key of the worker's `handlers`). */
  readonly kind: string;
  /** JSON data handed to the handler. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Not before this time (epoch milliseconds or a Date); now when absent. */
  readonly runAt?: number | Date;
  /**
   * At most one pending or running job per key: enqueueing a key whose job has not finished yet
   * does nothing (graphile-worker's `unsafe_dedupe` mode). Once that job finished the key is free.
   */
  readonly key?: string;
  /**
   * The jobs of one queue run one at a time, in the order they were enqueued, whichever workers
   * claim them (graphile-worker's `queue_name`); jobs without one run in parallel.
   */
  readonly queueName?: string;
}

/** Runs the jobs of one kind; a rejection fails the attempt, which is retried with back-off. */
export type JobHandler = (payload: Readonly<Record<string, unknown>>) => Promise<void>;

/** Options for {@link JobQueue.startWorker}. */
export interface WorkerOptions {
  /** How many jobs this process runs at once. */
  readonly concurrency: number;
  readonly handlers: Readonly<Record<string, JobHandler>>;
}

/** A running worker; `stop()` lets the jobs under way finish and releases the worker. */
export interface WorkerHandle {
  stop(): Promise<void>;
}

/** Tuning of {@link JobQueue}; the defaults suit production. */
export interface JobQueueOptions {
  /** Attempts per job before it is left failed (default 10). */
  readonly maxAttempts?: number;
  /** Fallback poll for due delayed jobs and retries; new jobs wake workers by LISTEN/NOTIFY (default 1000). */
  readonly pollIntervalMs?: number;
  /** How often a worker process looks for the jobs of crashed workers (default 1000). */
  readonly recoverySweepMs?: number;
  /** Claims younger than this are never taken from a worker (default 2000). */
  readonly recoveryGraceMs?: number;
  /**
   * Called when a worker process loses the session that proves it alive, so its jobs may be handed
   * to another worker while it still runs them. Default: exit the process (its supervisor restarts it).
   */
  readonly onWorkerLost?: (error: Error) => void;
}

/** graphile-worker's failures and warnings go to stderr; its debug and info lines are dropped. */
const reportedLevels: ReadonlySet<string> = new Set(['error', 'warning']);
const quietLogger = new Logger((scope) => (level, message) => {
  if (reportedLevels.has(level)) console.error(`[job-queue] ${message}`, scope.taskIdentifier ?? '');
});

/**
 * Flowgate's job queue on PostgreSQL, over graphile-worker (chosen by bench/job-queue.ts; see
 * docs/deployment.md, "The job queue"). Jobs are enqueued with SQL through Flowgate's own
 * {@link PostgresDatabase}, so inside `db.transaction` a job commits or rolls back with the run state
 * written beside it.
 */
export class JobQueue {
  private readonly maxAttempts: number;

  constructor(
    private readonly db: PostgresDatabase,
    private readonly connectionString: string,
    private readonly options: JobQueueOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 10;
  }

  /** Installs or upgrades graphile-worker's schema and Flowgate's worker table; safe to repeat. */
  async install(): Promise<void> {
    await runMigrations({ connectionString: this.connectionString, logger: quietLogger });
    await runPostgresMigrations(this.db, jobQueueMigrations);
  }

  /** Adds a job; inside `db.transaction` it joins that transaction. */
  async enqueue(job: JobRequest): Promise<void> {
    const runAt = job.runAt === undefined ? null : new Date(job.runAt).toISOString();
    await this.db.get(
      `SELECT id FROM graphile_worker.add_job(?, ?::json, queue_name => ?, run_at => ?::timestamptz, max_attempts => ?,
         job_key => ?, job_key_mode => 'unsafe_dedupe')`,
      [job.kind, JSON.stringify(job.payload), job.queueName ?? null, runAt, this.maxAttempts, job.key ?? null],
    );
  }

  /** Installs the schema, then claims and runs jobs of the handlers' kinds in this process. */
  async startWorker(options: WorkerOptions): Promise<WorkerHandle> {
    await this.install();
    const workerUtils = await makeWorkerUtils({ connectionString: this.connectionString, logger: quietLogger });
    const liveness = await startWorkerLiveness(this.connectionString, workerUtils, {
      sweepIntervalMs: this.options.recoverySweepMs ?? 1000,
      graceMs: this.options.recoveryGraceMs ?? 2000,
      onLost: this.options.onWorkerLost ?? exitLostWorker,
    });
    const events: WorkerEvents = new EventEmitter();
    const registrations: Promise<void>[] = [];
    events.on('worker:create', ({ worker }) => {
      registrations.push(liveness.register(worker.workerId));
    });
    const taskList: TaskList = {};
    for (const [kind, handler] of Object.entries(options.handlers)) {
      taskList[kind] = async (payload) => handler((payload ?? {}) as Record<string, unknown>);
    }
    const runner = await run({
      connectionString: this.connectionString,
      concurrency: options.concurrency,
      pollInterval: this.options.pollIntervalMs ?? 1000,
      noHandleSignals: true,
      taskList,
      events,
      logger: quietLogger,
    });
    await Promise.all(registrations);
    return {
      async stop() {
        await runner.stop();
        await liveness.close();
        await workerUtils.release();
      },
    };
  }
}

function exitLostWorker(error: Error): void {
  console.error(`[job-queue] ${error.message}: exiting so that no job runs twice`);
  process.exit(70);
}
