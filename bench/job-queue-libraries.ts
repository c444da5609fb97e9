/**
 * The two queues bench/job-queue.ts compares, set up as Flowgate would run them: graphile-worker
 * through Flowgate's JobQueue (server/jobs/), pg-boss with LISTEN/NOTIFY, heartbeats and a
 * 5-second supervision pass. Both dedupe by key (graphile-worker's `unsafe_dedupe`, pg-boss's
 * `exclusive` policy) and enqueue through Flowgate's PostgresDatabase, in the caller's transaction.
 */
import { PgBoss, type Db } from 'pg-boss';
import { JobQueue, type JobHandler, type JobRequest } from '../server/jobs/job-queue.js';
import type { PostgresDatabase } from '../runtime/store/sql/postgres-database.js';

export type QueueLibrary = 'graphile' | 'pgboss';

const kinds = ['bump', 'hold'];

/** pg-boss's settings: heartbeats every 5 s, lost after 10 (its minimum), supervised every 5 s. */
function pgBoss(url: string): PgBoss {
  return new PgBoss({
    connectionString: url,
    useListenNotify: true,
    schedule: false,
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
    max: 6,
  });
}

async function createPgBossQueues(boss: PgBoss): Promise<void> {
  for (const name of kinds) {
    await boss.createQueue(name, { policy: 'exclusive', notify: true, retryLimit: 9, heartbeatSeconds: 10 });
  }
}

/** Enqueues through `db` (joining its ambient transaction) with one library. */
export interface BenchEnqueuer {
  enqueue(job: JobRequest): Promise<void>;
  /** Jobs the library holds for `key`, whatever their state. */
  countJobs(key: string): Promise<number>;
  close(): Promise<void>;
}

export async function openBenchEnqueuer(library: QueueLibrary, url: string, db: PostgresDatabase): Promise<BenchEnqueuer> {
  if (library === 'graphile') {
    const queue = new JobQueue(db, url);
    await queue.install();
    return {
      enqueue: (job) => queue.enqueue(job),
      async countJobs(key) {
        const row = await db.get<{ count: number }>('SELECT COUNT(*) AS count FROM graphile_worker.jobs WHERE key = ?', [key]);
        return row?.count ?? 0;
      },
      close: () => Promise.resolve(),
    };
  }
  const boss = pgBoss(url);
  boss.on('error', () => undefined);
  await boss.start();
  await createPgBossQueues(boss);
  // pg-boss's statements through Flowgate's database: inside db.transaction they join it.
  const adapter: Db = { executeSql: async (text, values) => ({ rows: await db.all(text, (values ?? []) as never) }) };
  return {
    async enqueue(job) {
      const startAfter = job.runAt === undefined ? undefined : new Date(job.runAt);
      await boss.send(job.kind, job.payload, { singletonKey: job.key, startAfter, db: adapter });
    },
    async countJobs(key) {
      const row = await db.get<{ count: number }>('SELECT COUNT(*) AS count FROM pgboss.job WHERE singleton_key = ?', [key]);
      return row?.count ?? 0;
    },
    close: () => boss.stop({ graceful: false, close: true }),
  };
}

/** Runs `handlers` in this process with `concurrency` jobs at once. */
export async function startBenchWorker(
  library: QueueLibrary,
  url: string,
  concurrency: number,
  handlers: Record<string, JobHandler>,
): Promise<void> {
  if (library === 'graphile') {
    const { openPostgresDatabase } = await import('../runtime/store/sql/postgres-database.js');
    await new JobQueue(openPostgresDatabase(url, { maxConnections: 2 }), url).startWorker({ concurrency, handlers });
    return;
  }
  const boss = pgBoss(url);
  boss.on('error', () => undefined);
  await boss.start();
  // pg-boss waits its polling interval after every fetch unless a full batch asks for more at once
  // (burstWhenBatchFull, which batchSize 1 ignores): two fetchers of two jobs each keep `concurrency`
  // (4) jobs in flight, each settled on its own.
  const batchSize = 2;
  for (const [name, handler] of Object.entries(handlers)) {
    await boss.work<Record<string, unknown>>(
      name,
      {
        localConcurrency: Math.max(1, Math.round(concurrency / batchSize)),
        batchSize,
        burstWhenBatchFull: true,
        perJobResults: true,
        pollingIntervalSeconds: 1,
        notifyPollingIntervalSeconds: 1,
      },
      async (jobs) => {
        const outcomes = await Promise.allSettled(jobs.map((job) => handler(job.data)));
        return outcomes.map((outcome, index) => ({
          id: jobs[index]?.id ?? '',
          status: outcome.status === 'fulfilled' ? ('completed' as const) : ('failed' as const),
        }));
      },
    );
  }
}
