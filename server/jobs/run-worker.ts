import { z } from 'zod';
import type { Engine } from '../../runtime/engine/index.js';
import type { JobQueue, WorkerHandle } from './job-queue.js';
import { RUN_JOB_KIND } from './run-dispatch-queue.js';

const failureSchema = z.strictObject({
  message: z.string(),
  code: z.string(),
  nodeId: z.string().optional(),
  attempt: z.number().optional(),
  details: z.json().optional(),
  retryable: z.boolean().optional(),
  retryAfterMs: z.number().optional(),
});

const stepCompletionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('succeeded'), ports: z.array(z.string()), output: z.json() }),
  z.strictObject({ kind: z.literal('failed'), failure: failureSchema }),
  z.strictObject({ kind: z.literal('rerun') }),
]);

/** A run order as a job carries it (see `RunOrder`). */
const runOrderSchema = z.strictObject({
  runId: z.string().min(1),
  completion: z.strictObject({ nodeId: z.string().min(1), completion: stepCompletionSchema }).optional(),
  cancel: z.literal(true).optional(),
});

/** Options for {@link startRunWorker}. */
export interface RunWorkerOptions {
  /** How many runs this process executes at once. */
  readonly concurrency: number;
}

/**
 * Makes this process a worker: it claims run orders from the job queue (see
 * `JobQueueRunDispatch`) and carries each out with `engine.work`; the job ends when the run stops
 * here (finished or waiting). A payload that is not a run order fails its job with the reason.
 */
export function startRunWorker(jobQueue: JobQueue, engine: Engine, options: RunWorkerOptions): Promise<WorkerHandle> {
  return jobQueue.startWorker({
    concurrency: options.concurrency,
    handlers: {
      [RUN_JOB_KIND]: async (payload) => {
        const order = runOrderSchema.safeParse(payload);
        if (!order.success) throw new Error(`the job is not a run order: ${z.prettifyError(order.error)}`);
        await engine.work(order.data);
      },
    },
  });
}
