/**
 * Engine runs/s on PostgreSQL with worker processes: a producer engine in dispatch mode (as an API
 * process runs it) starts runs of bench/engine.ts's workflow, each start committing the run and
 * its job together, while K worker processes (bench/postgres-engine-worker.ts) claim the jobs and
 * execute the runs on their own engines against the same database.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { nodeImplementations } from '../nodes/index.js';
import { Engine } from '../runtime/engine/index.js';
import { PostgresRunStore, openPostgresDatabase } from '../runtime/store/index.js';
import { JobQueue } from '../server/jobs/job-queue.js';
import { JobQueueRunDispatch } from '../server/jobs/run-dispatch-queue.js';
import { definition, input } from './engine.js';
import { cpuSeconds, postmasterPid, treeCpuSeconds } from './cpu-time.js';
import { freshDatabase } from './fresh-database.js';

/** Runs each worker process executes at once (the default of `flowgate worker`). */
export const WORKER_CONCURRENCY = 8;
/** Runs the producer keeps starting at once. */
const PRODUCER_CONCURRENCY = 16;

/** What one measurement with K worker processes found. */
export interface PostgresEngineFigures {
  /** Runs finished per second, from the first run's creation to the last one's end (as the store recorded them). */
  readonly runsPerSecond: number;
  readonly stepsPerSecond: number;
  /** How fast the producer alone started runs (run and job committed together). */
  readonly startsPerSecond: number;
  /** Runs that did not succeed (should be 0). */
  readonly unsucceeded: number;
  /** Transactions PostgreSQL committed per run (run state, jobs and the queue's own bookkeeping). */
  readonly commitsPerRun: number;
  /** CPU milliseconds spent per run, by whom (less dependent on other work on the machine than throughput). */
  readonly cpuMsPerRun: { readonly producer: number; readonly workers: number; readonly postgres: number };
}

function startWorker(url: string): Promise<ChildProcess> {
  const child = fork(join(import.meta.dirname, 'postgres-engine-worker.ts'), [url, String(WORKER_CONCURRENCY)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a bench worker process did not get ready within 60 s')), 60_000);
    child.once('message', () => (clearTimeout(timer), resolve(child)));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`a bench worker process exited ${code} before it was ready`))));
  });
}

async function stopWorkers(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** Transactions committed in the database `url` names so far (as far as the statistics were flushed). */
async function commitsSoFar(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ commits: string }>('SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()');
    return Number(result.rows[0]?.commits ?? 0);
  } finally {
    await client.end();
  }
}

/** CPU seconds used so far: this process (the producer), the worker processes and the PostgreSQL server. */
function cpuNow(children: readonly ChildProcess[], postmaster: number | undefined): { producer: number; workers: number; postgres: number } {
  const usage = process.cpuUsage();
  return {
    producer: (usage.user + usage.system) / 1e6,
    workers: children.reduce((sum, child) => sum + (child.pid === undefined ? 0 : cpuSeconds(child.pid)), 0),
    postgres: postmaster === undefined ? 0 : treeCpuSeconds(postmaster),
  };
}

/**
 * Starts `runs` runs on a fresh database `name` of the cluster at `serverUrl` with `workers` worker
 * processes claiming them, and waits (at most two minutes) until all of them finished.
 */
export async function measurePostgresEngine(serverUrl: string, name: string, workers: number, runs: number): Promise<PostgresEngineFigures> {
  const url = await freshDatabase(serverUrl, name);
  const postmaster = postmasterPid(Number(new URL(serverUrl).port));
  const db = openPostgresDatabase(url, { maxConnections: PRODUCER_CONCURRENCY });
  const store = await PostgresRunStore.open(db);
  const jobs = new JobQueue(db, url);
  await jobs.install();
  const producer = new Engine({ store, nodes: nodeImplementations, dispatch: new JobQueueRunDispatch(jobs), timers: false });
  const children: ChildProcess[] = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await stopWorkers(children);
    await producer.shutdown();
    await store.close();
  };
  try {
    children.push(...(await Promise.all(Array.from({ length: workers }, () => startWorker(url)))));
    const commitsBefore = await commitsSoFar(url);
    const cpuBefore = cpuNow(children, postmaster);
    let started = 0;
    const producing = performance.now();
    await Promise.all(
      Array.from({ length: PRODUCER_CONCURRENCY }, async () => {
        while (started < runs) {
          started += 1;
          await producer.start({ definition, input });
        }
      }),
    );
    const startsPerSecond = runs / ((performance.now() - producing) / 1000);
    const deadline = performance.now() + 120_000;
    const finished = async () => (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM runs WHERE status IN ('succeeded', 'failed', 'cancelled')`))?.n ?? 0;
    while ((await finished()) < runs) {
      if (performance.now() > deadline) throw new Error(`only ${await finished()} of ${runs} runs finished within two minutes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const cpuAfter = cpuNow(children, postmaster);
    const totals = await db.get<{ first: number; last: number; steps: number; succeeded: number }>(
      `SELECT MIN(created_at) AS first, MAX(finished_at) AS last, SUM(step_count) AS steps,
              SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END) AS succeeded FROM runs`,
    );
    await close();
    // Backends publish their statistics when they end (and at most once a second before).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const commitsPerRun = ((await commitsSoFar(url)) - commitsBefore) / runs;
    const seconds = ((totals?.last ?? 0) - (totals?.first ?? 0)) / 1000;
    const perRun = (key: keyof typeof cpuAfter) => ((cpuAfter[key] - cpuBefore[key]) * 1000) / runs;
    return {
      runsPerSecond: runs / seconds,
      stepsPerSecond: (totals?.steps ?? 0) / seconds,
      startsPerSecond,
      unsucceeded: runs - (totals?.succeeded ?? 0),
      commitsPerRun,
      cpuMsPerRun: { producer: perRun('producer'), workers: perRun('workers'), postgres: perRun('postgres') },
    };
  } finally {
    await close();
  }
}
