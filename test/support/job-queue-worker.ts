/**
 * A worker process for test/server/jobs/job-queue.test.ts: `node --import tsx job-queue-worker.ts <url> <name>`.
 * Each `hold` job records that `<name>` started it, then never finishes, so the test can SIGKILL
 * this process while it holds the job.
 */
import { JobQueue } from '../../server/jobs/job-queue.js';
import { openPostgresDatabase } from '../../runtime/store/sql/postgres-database.js';

const [url = '', name = 'child'] = process.argv.slice(2);
const db = openPostgresDatabase(url, { maxConnections: 2 });
const queue = new JobQueue(db, url, { pollIntervalMs: 200, recoverySweepMs: 200, recoveryGraceMs: 500 });
await queue.startWorker({
  concurrency: 1,
  handlers: {
    async hold(payload) {
      await db.run('INSERT INTO effects (run_id, worker) VALUES (?, ?)', [String(payload.runId), name]);
      await new Promise(() => undefined);
    },
  },
});
