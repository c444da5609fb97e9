/**
 * One worker process of bench/postgres-engine.ts: `tsx bench/postgres-engine-worker.ts <url> <concurrency>`.
 * Opens its own pool, run store, job queue and engine (dispatch mode) on the shared database, as a
 * `flowgate worker` does, claims run jobs with `startRunWorker` and reports `ready` once claiming.
 */
import { nodeImplementations } from '../nodes/index.js';
import { Engine } from '../runtime/engine/index.js';
import { PostgresRunStore, openPostgresDatabase } from '../runtime/store/index.js';
import { JobQueue } from '../server/jobs/job-queue.js';
import { JobQueueRunDispatch } from '../server/jobs/run-dispatch-queue.js';
import { startRunWorker } from '../server/jobs/run-worker.js';

const [url = '', concurrencyText = '8'] = process.argv.slice(2);
const db = openPostgresDatabase(url);
const store = await PostgresRunStore.open(db);
const jobs = new JobQueue(db, url);
const engine = new Engine({ store, nodes: nodeImplementations, dispatch: new JobQueueRunDispatch(jobs) });
await startRunWorker(jobs, engine, { concurrency: Number(concurrencyText) });
process.send?.({ type: 'ready' });
