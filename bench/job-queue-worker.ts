/**
 * One worker process of bench/job-queue.ts: `tsx bench/job-queue-worker.ts <graphile|pgboss> <url> <concurrency>`.
 * Jobs of kind `bump` add one to a bench row (and report their enqueue-to-start latency when
 * asked); a `hold` job reports that it started and never finishes, for the crash test.
 */
import pg from 'pg';
import { startBenchWorker } from './job-queue-libraries.js';

const [library, url, concurrencyText] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 4 });
const send = (message: object) => process.send?.(message);

await startBenchWorker(library === 'pgboss' ? 'pgboss' : 'graphile', url ?? '', Number(concurrencyText), {
  async bump(payload) {
    await pool.query('UPDATE bench_items SET n = n + 1 WHERE id = $1', [payload.id]);
    if (payload.sentAt) send({ type: 'started', latencyMs: Date.now() - Number(payload.sentAt) });
  },
  async hold() {
    send({ type: 'holding' });
    await new Promise(() => undefined);
  },
});
send({ type: 'ready' });
