import type { RunDispatch, RunOrder } from '../../runtime/engine/index.js';
import type { QueuedWrite } from '../../runtime/store/index.js';
import type { JobQueue } from './job-queue.js';

/** The kind of the jobs that carry run orders (`startRunWorker` runs them). */
export const RUN_JOB_KIND = 'flowgate.run';

/**
 * Hands the engine's run orders to worker processes as jobs. Each run has its own queue (named by
 * its id), so a run's orders run one at a time and in order, never on two workers at once. The
 * job queue must write through the same `PostgresDatabase` as the run store: the enqueue then runs
 * inside the store's batch transaction, and the order commits exactly when the state it belongs to
 * does.
 */
export class JobQueueRunDispatch implements RunDispatch {
  constructor(private readonly jobs: JobQueue) {}

  handOff(order: RunOrder): QueuedWrite {
    return () => this.jobs.enqueue({ kind: RUN_JOB_KIND, payload: order, queueName: order.runId });
  }
}
