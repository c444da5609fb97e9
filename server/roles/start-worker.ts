import type { ServerConfig } from '../config.js';
import { startRunWorker } from '../jobs/run-worker.js';
import { openProcess } from './open-process.js';
import type { RoleProcess } from './role-process.js';

/**
 * Starts a worker process (`--role worker`): claims run jobs from the PostgreSQL job queue and
 * executes their runs, `config.workerConcurrency` at once. At `close()` it stops claiming, steps
 * under way finish and are recorded, and runs interrupted between steps are handed to the queue
 * again for another worker.
 */
export async function startWorker(config: ServerConfig): Promise<RoleProcess> {
  const opened = await openProcess(config);
  const { app } = opened;
  const worker = app.jobs && (await startRunWorker(app.jobs, app.engine, { concurrency: config.workerConcurrency }).catch(async (error: unknown) => {
    await opened.close();
    throw error;
  }));
  if (!worker) {
    await opened.close();
    throw new Error('a worker needs the job queue: start it with FLOWGATE_DATABASE_URL and --role worker');
  }
  app.logger.info({ role: config.role, concurrency: config.workerConcurrency }, 'flowgate worker started');
  return {
    async close() {
      await Promise.all([app.engine.shutdown(), worker.stop()]);
      await opened.close();
    },
  };
}
