/**
 * Job queue on PostgreSQL: graphile-worker (through Flowgate's JobQueue) against pg-boss, side by
 * side, on a throwaway cluster: transactional enqueue (a row INSERT and the job in one transaction
 * through PostgresDatabase), end-to-end jobs/s with 1, 2 and 4 worker processes (each job an UPDATE),
 * enqueue-to-start latency at a fixed rate, and how long a SIGKILLed worker's job takes to move.
 * Run alone with `npx tsx bench/job-queue.ts`; `BENCH_SECONDS` sets each measuring time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { openPostgresDatabase, type PostgresDatabase } from '../runtime/store/sql/postgres-database.js';
import { startPostgresServer } from '../test/support/postgres-server.js';
import { freshDatabase } from './fresh-database.js';
import { openBenchEnqueuer, type BenchEnqueuer, type QueueLibrary } from './job-queue-libraries.js';

const libraries: readonly QueueLibrary[] = ['graphile', 'pgboss'];
const labels: Record<QueueLibrary, string> = { graphile: 'graphile-worker 0.16', pgboss: 'pg-boss 12' };
const workerCounts = [1, 2, 4];
const concurrencyPerWorker = 4;

interface Figures {
  enqueuePerSecond: number;
  endToEnd: Record<number, number>;
  latencyP50: number;
  latencyP95: number;
  recoverySeconds: number;
}

type WorkerMessage = { type: 'ready' } | { type: 'holding' } | { type: 'started'; latencyMs: number };

interface BenchWorker {
  readonly child: ChildProcess;
  next(type: WorkerMessage['type'], timeoutMs?: number): Promise<WorkerMessage>;
  onStarted(listener: (latencyMs: number) => void): void;
}

function startWorker(library: QueueLibrary, url: string, concurrency: number): BenchWorker {
  const child = fork(join(import.meta.dirname, 'job-queue-worker.ts'), [library, url, String(concurrency)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const waiting: { type: string; resolve: (message: WorkerMessage) => void }[] = [];
  const startedListeners: ((latencyMs: number) => void)[] = [];
  child.on('message', (message: WorkerMessage) => {
    if (message.type === 'started') startedListeners.forEach((listener) => listener(message.latencyMs));
    const index = waiting.findIndex((entry) => entry.type === message.type);
    if (index >= 0) waiting.splice(index, 1)[0]?.resolve(message);
  });
  return {
    child,
    next: (type, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${library} worker: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
        waiting.push({ type, resolve: (message) => (clearTimeout(timer), resolve(message)) });
      }),
    onStarted: (listener) => startedListeners.push(listener),
  };
}

async function stopWorkers(workers: readonly BenchWorker[]): Promise<void> {
  await Promise.all(
    workers.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A bench row and its job, committed together (or not at all when `fail` is set). */
async function insertWithJob(db: PostgresDatabase, queue: BenchEnqueuer, extra: Record<string, unknown> = {}, fail = false): Promise<number> {
  return db.transaction(async () => {
    const row = await db.get<{ id: number }>('INSERT INTO bench_items (n) VALUES (0) RETURNING id');
    const id = row?.id ?? 0;
    await queue.enqueue({ kind: 'bump', payload: { id, ...extra }, key: `item-${id}` });
    if (fail) throw new Error('rolled back on purpose');
    return id;
  });
}

async function verifyTransactional(db: PostgresDatabase, queue: BenchEnqueuer, library: QueueLibrary): Promise<void> {
  let rolledBackId = 0;
  await db
    .transaction(async () => {
      const row = await db.get<{ id: number }>('INSERT INTO bench_items (n) VALUES (0) RETURNING id');
      rolledBackId = row?.id ?? 0;
      await queue.enqueue({ kind: 'bump', payload: { id: rolledBackId }, key: `item-${rolledBackId}` });
      throw new Error('rolled back on purpose');
    })
    .catch(() => undefined);
  const committedId = await insertWithJob(db, queue);
  const rolledBack = await queue.countJobs(`item-${rolledBackId}`);
  const committed = await queue.countJobs(`item-${committedId}`);
  await queue.enqueue({ kind: 'bump', payload: { id: committedId }, key: `item-${committedId}` });
  const afterDuplicate = await queue.countJobs(`item-${committedId}`);
  if (rolledBack !== 0 || committed !== 1 || afterDuplicate !== 1) {
    throw new Error(`${library}: rolled back ${rolledBack} (want 0), committed ${committed} (want 1), after a duplicate key ${afterDuplicate} (want 1)`);
  }
  console.log(`  ${labels[library]}: rollback leaves no job, commit leaves one, a repeated key adds none — verified`);
}

async function measureEnqueue(db: PostgresDatabase, queue: BenchEnqueuer, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let count = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (performance.now() < until) {
        await insertWithJob(db, queue);
        count += 1;
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

async function clearQueue(db: PostgresDatabase, library: QueueLibrary): Promise<void> {
  if (library === 'graphile') await db.exec('DELETE FROM graphile_worker._private_jobs');
  else await db.exec('DELETE FROM pgboss.job');
  await db.exec('DELETE FROM bench_items');
}

async function measureEndToEnd(db: PostgresDatabase, queue: BenchEnqueuer, library: QueueLibrary, url: string, workers: number, seconds: number): Promise<number> {
  await clearQueue(db, library);
  const backlog = 4000;
  for (let i = 0; i < backlog; i += 8) await Promise.all(Array.from({ length: 8 }, () => insertWithJob(db, queue)));
  const children = Array.from({ length: workers }, () => startWorker(library, url, concurrencyPerWorker));
  try {
    await Promise.all(children.map((worker) => worker.next('ready')));
    const doneNow = async () => (await db.get<{ done: number }>('SELECT COUNT(*) AS done FROM bench_items WHERE n > 0'))?.done ?? 0;
    const startDone = await doneNow();
    const started = performance.now();
    let done = startDone;
    while (performance.now() - started < seconds * 1000 && done < backlog) {
      await sleep(100);
      done = await doneNow();
    }
    return (done - startDone) / ((performance.now() - started) / 1000);
  } finally {
    await stopWorkers(children);
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measureLatency(db: PostgresDatabase, queue: BenchEnqueuer, library: QueueLibrary, url: string, seconds: number): Promise<[number, number]> {
  await clearQueue(db, library);
  const worker = startWorker(library, url, concurrencyPerWorker);
  try {
    await worker.next('ready');
    const latencies: number[] = [];
    worker.onStarted((latencyMs) => latencies.push(latencyMs));
    const ratePerSecond = 50;
    const jobs = Math.max(100, ratePerSecond * seconds);
    const begin = performance.now();
    for (let i = 0; i < jobs; i += 1) {
      const due = begin + (i * 1000) / ratePerSecond;
      await sleep(Math.max(0, due - performance.now()));
      await insertWithJob(db, queue, { sentAt: Date.now() });
    }
    const deadline = performance.now() + 30_000;
    while (latencies.length < jobs && performance.now() < deadline) await sleep(50);
    const sorted = [...latencies].sort((a, b) => a - b);
    return [percentile(sorted, 50), percentile(sorted, 95)];
  } finally {
    await stopWorkers([worker]);
  }
}

async function measureRecovery(db: PostgresDatabase, queue: BenchEnqueuer, library: QueueLibrary, url: string): Promise<number> {
  await clearQueue(db, library);
  const first = startWorker(library, url, 1);
  let second: BenchWorker | undefined;
  try {
    await first.next('ready');
    const holding = first.next('holding');
    await queue.enqueue({ kind: 'hold', payload: {}, key: 'held' });
    await holding;
    second = startWorker(library, url, 1);
    await second.next('ready');
    const pickedUp = second.next('holding', 300_000);
    const killedAt = performance.now();
    first.child.kill('SIGKILL');
    await pickedUp;
    return (performance.now() - killedAt) / 1000;
  } finally {
    await stopWorkers(second ? [first, second] : [first]);
  }
}

async function measureLibrary(serverUrl: string, library: QueueLibrary, seconds: number): Promise<Figures> {
  const url = await freshDatabase(serverUrl, `bench_${library}`);
  const db = openPostgresDatabase(url);
  await db.exec('CREATE TABLE bench_items (id BIGSERIAL PRIMARY KEY, n INTEGER NOT NULL)');
  const queue = await openBenchEnqueuer(library, url, db);
  try {
    await verifyTransactional(db, queue, library);
    const enqueuePerSecond = await measureEnqueue(db, queue, seconds);
    const endToEnd: Record<number, number> = {};
    for (const workers of workerCounts) endToEnd[workers] = await measureEndToEnd(db, queue, library, url, workers, seconds);
    const [latencyP50, latencyP95] = await measureLatency(db, queue, library, url, seconds);
    const recoverySeconds = await measureRecovery(db, queue, library, url);
    return { enqueuePerSecond, endToEnd, latencyP50, latencyP95, recoverySeconds };
  } finally {
    await queue.close();
    await db.close();
  }
}

/** Prints the figures of both libraries side by side with ratios (graphile-worker / pg-boss). */
export async function benchJobQueue(seconds: number): Promise<void> {
  console.log('\nJob queue on PostgreSQL (graphile-worker vs pg-boss; own cluster, one database each)');
  const server = await startPostgresServer();
  try {
    const figures = {} as Record<QueueLibrary, Figures>;
    for (const library of libraries) figures[library] = await measureLibrary(server.url, library, seconds);
    const g = figures.graphile;
    const b = figures.pgboss;
    const row = (name: string, graphile: number, boss: number, unit: string, digits = 0) =>
      console.log(
        `  ${name.padEnd(44)} ${graphile.toFixed(digits).padStart(9)} ${boss.toFixed(digits).padStart(9)} ${unit.padEnd(5)} ratio ${(graphile / boss).toFixed(2)}`,
      );
    console.log(`  ${''.padEnd(44)} ${'graphile'.padStart(9)} ${'pg-boss'.padStart(9)}`);
    row('transactional enqueue (INSERT + job, 4 conns)', g.enqueuePerSecond, b.enqueuePerSecond, 'jobs/s');
    for (const workers of workerCounts) {
      row(`end to end, ${workers} worker process(es) × ${concurrencyPerWorker}`, g.endToEnd[workers] ?? 0, b.endToEnd[workers] ?? 0, 'jobs/s');
    }
    row('enqueue-to-start latency p50 (50 jobs/s)', g.latencyP50, b.latencyP50, 'ms', 1);
    row('enqueue-to-start latency p95 (50 jobs/s)', g.latencyP95, b.latencyP95, 'ms', 1);
    row('crash recovery after SIGKILL', g.recoverySeconds, b.recoverySeconds, 's', 1);
  } finally {
    server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchJobQueue(Number(process.env.BENCH_SECONDS ?? 3));
