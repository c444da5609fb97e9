import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../runtime/engine/index.js';
import { PostgresRunStore, openPostgresDatabase, type PostgresDatabase, type RunRecord, type RunStatus } from '../../../runtime/store/index.js';
import { JobQueue, type WorkerHandle } from '../../../server/jobs/job-queue.js';
import { JobQueueRunDispatch, RUN_JOB_KIND } from '../../../server/jobs/run-dispatch-queue.js';
import { startRunWorker } from '../../../server/jobs/run-worker.js';
import { rewriteWait, type StoredWait } from '../../../runtime/engine/wait-registry.js';
import { workflow } from '../../support/definitions.js';
import { TestClock, waitFixture } from '../../support/engine-harness.js';
import { freshPostgresDatabase } from '../../support/postgres.js';
import { observe, testNodes, type Observations } from '../../support/test-nodes.js';

/** Short recovery settings, as in job-queue.test.ts. */
const testTuning = { pollIntervalMs: 200, recoverySweepMs: 200, recoveryGraceMs: 500 };
const ann = { id: 'ann@partner.example', roles: ['approver'] };
/** The body of the `for-each` fixture's items, resolved by id: each item's SKU and its length. */
const checkLine = workflow(
  [
    { id: 'line', type: 'trigger.manual' },
    { id: 'result', type: 'data.transform', config: { fields: { sku: { var: 'input.sku' }, length: { var: 'input.sku.length' } } } },
  ],
  [['line', 'out', 'result']],
);

/** One process's view of the deployment: its own pool, run store, job queue and engine in dispatch mode. */
interface ProcessSide {
  readonly db: PostgresDatabase;
  readonly store: PostgresRunStore;
  readonly jobs: JobQueue;
  readonly engine: Engine;
}

/** Jobs as graphile-worker holds them (only pending or running ones; finished jobs are deleted). */
interface JobRow {
  readonly queue: string | null;
  readonly payload: Record<string, unknown>;
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('runs as jobs on PostgreSQL: an API engine hands runs off, a worker engine executes them', () => {
  let url: string;
  let observations: Observations;
  let sides: ProcessSide[];
  let api: ProcessSide;
  let worker: ProcessSide;
  let workers: WorkerHandle[];
  let clock: TestClock;

  /** A process's side; `timers: false` for an API process. */
  async function openSide(timers: boolean): Promise<ProcessSide> {
    const db = openPostgresDatabase(url);
    const store = await PostgresRunStore.open(db);
    const jobs = new JobQueue(db, url, testTuning);
    await jobs.install();
    const engine = new Engine({
      store,
      nodes: testNodes(observations),
      clock,
      dispatch: new JobQueueRunDispatch(jobs),
      timers,
      workflows: { resolve: (_tenantId, workflowId) => Promise.resolve(workflowId === 'check-line' ? { workflowId, version: 1, definition: checkLine } : undefined) },
    });
    const side = { db, store, jobs, engine };
    sides.push(side);
    return side;
  }
  async function startWorker(): Promise<WorkerHandle> {
    const handle = await startRunWorker(worker.jobs, worker.engine, { concurrency: 2 });
    workers.push(handle);
    return handle;
  }
  async function stopWorkers(): Promise<void> {
    await Promise.all(workers.splice(0).map((handle) => handle.stop()));
  }
  const jobs = () =>
    api.db.all<JobRow>(
      `SELECT q.queue_name AS queue, j.payload FROM graphile_worker._private_jobs j
       JOIN graphile_worker._private_tasks t ON t.id = j.task_id
       LEFT JOIN graphile_worker._private_job_queues q ON q.id = j.job_queue_id
       WHERE t.identifier = ? ORDER BY j.id`,
      [RUN_JOB_KIND],
    );
  const runs = () => api.db.all<{ id: string }>('SELECT id FROM runs');
  const until = (runId: string, status: RunStatus) =>
    waitFor(
      () => api.store.getRun(runId),
      (run) => run?.status === status,
      `run ${runId} to be ${status}`,
    ) as Promise<RunRecord>;
  const steps = async (runId: string) => (await api.engine.trace(runId))?.steps.map((step) => `${step.nodeId}:${step.status}`);
  /** Starts the fixture on the API engine and waits until the worker left it waiting, with its task when it has one. */
  async function startWaiting(name: string, input: Record<string, unknown>) {
    const handle = await api.engine.start({ definition: waitFixture(name), input });
    const run = await handle.settled;
    expect(run.status).toBe('waiting');
    const [task] = await api.store.listTasks({ tenantId: 'local', runId: run.id });
    return { run, task };
  }

  beforeEach(async () => {
    url = await freshPostgresDatabase();
    observations = observe();
    clock = new TestClock();
    sides = [];
    workers = [];
    api = await openSide(false);
    worker = await openSide(true);
  });
  afterEach(async () => {
    await stopWorkers();
    for (const side of sides) await side.engine.shutdown().catch(() => undefined);
    for (const side of sides) await side.store.close().catch(() => undefined);
  });

  it('executes a run started on the API engine on the worker, and the handle settles with the finished run', async () => {
    await startWorker();
    const definition = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'effect', type: 'test.effect' },
      ],
      [['start', 'out', 'effect']],
    );
    const handle = await api.engine.start({ definition, input: { order: 'SO-1' } });
    expect(api.engine.activeRuns).toBe(0);
    const run = await handle.settled;
    expect(run).toMatchObject({ id: handle.runId, status: 'succeeded', output: { order: 'SO-1' } });
    expect(await steps(run.id)).toEqual(['start:succeeded', 'effect:succeeded']);
    expect(observations.effects).toEqual([{ key: `${run.id}:effect:0`, attempt: 1 }]);
    expect(api.engine.activeRuns).toBe(0);
    await waitFor(jobs, (rows) => rows.length === 0, 'the job to be done');
  });

  it('resumes a run waiting at an approval gate on the worker when the API engine decides the task', async () => {
    await startWorker();
    const { run, task } = await startWaiting('approval-single', { orderId: 'SO-77', amount: 240 });
    if (!task) throw new Error('no task was opened');
    const decided = await api.engine.decide(task.id, { decision: 'approve', actor: ann });
    expect(decided.status).toBe('approved');
    const finished = await until(run.id, 'succeeded');
    expect(finished.output).toEqual({ result: 'refunded', by: ann.id });
    expect(await steps(run.id)).toEqual(['received:succeeded', 'approve:succeeded', 'decline:skipped', 'expired:skipped', 'refund:succeeded']);
    expect(api.engine.activeRuns).toBe(0);
  });

  it('resumes a run waiting for an event on the worker when the API engine delivers the signal', async () => {
    await startWorker();
    const { run } = await startWaiting('wait-for-event', { orderId: 'SO-1' });
    expect(await api.engine.signal('local', 'pickup:SO-1', { carrier: 'DHL' })).toBe(1);
    expect((await until(run.id, 'succeeded')).output).toEqual({ status: 'picked', carrier: 'DHL' });
    expect(await api.engine.signal('local', 'pickup:SO-1', { carrier: 'DHL' })).toBe(0);
  });

  it('resumes a run on the worker when the worker engine fires its timer', async () => {
    await startWorker();
    const { run } = await startWaiting('delay', {});
    clock.advance(90_000);
    await worker.engine.runDueTimers();
    expect((await until(run.id, 'succeeded')).output).toEqual({ reminded: true });
  });

  it('runs forEach items as child runs of their own and continues the parent when they are done', async () => {
    await startWorker();
    const lines = [{ sku: 'A' }, { sku: 'BB' }, { sku: 'CCC' }];
    const handle = await api.engine.start({ definition: waitFixture('for-each'), input: { lines } });
    const run = await until(handle.runId, 'succeeded');
    expect(run.output).toEqual({ results: lines.map((line) => ({ sku: line.sku, length: line.sku.length })) });
    expect((await api.store.listChildRuns(run.id, 'lines')).map((child) => [child.parentIndex, child.status])).toEqual([
      [0, 'succeeded'],
      [1, 'succeeded'],
      [2, 'succeeded'],
    ]);
  });

  it('retries a failed run on the worker from the step that failed', async () => {
    await startWorker();
    observations.onEffect = () => {
      throw new Error('the ERP is down');
    };
    const definition = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'effect', type: 'test.effect' },
      ],
      [['start', 'out', 'effect']],
    );
    const failed = await (await api.engine.start({ definition, input: { order: 'SO-3' } })).settled;
    expect(failed.status).toBe('failed');
    delete observations.onEffect;
    const retried = await api.engine.retry(failed.id);
    expect(await retried.settled).toMatchObject({ status: 'succeeded', output: { order: 'SO-3' } });
    expect(observations.effects).toEqual([{ key: `${failed.id}:effect:0`, attempt: 2 }]);
    expect(api.engine.activeRuns).toBe(0);
  });

  it('hands a run interrupted by the shutdown of its worker to another worker, which finishes it', async () => {
    await startWorker();
    const definition = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'slow', type: 'test.wait', config: { ms: 300 } },
        { id: 'effect', type: 'test.effect' },
      ],
      [
        ['start', 'out', 'slow'],
        ['slow', 'out', 'effect'],
      ],
    );
    const handle = await api.engine.start({ definition, input: { order: 'SO-4' } });
    await waitFor(
      () => Promise.resolve(observations.maxConcurrent),
      (running) => running > 0,
      'the slow step to start',
    );
    await worker.engine.shutdown();
    await stopWorkers();
    expect(observations.effects).toEqual([]);
    expect((await api.store.getRun(handle.runId))?.status).toBe('running');
    expect(await jobs()).toEqual([{ queue: handle.runId, payload: { runId: handle.runId } }]);

    worker = await openSide(true);
    await startWorker();
    expect(await handle.settled).toMatchObject({ status: 'succeeded', output: { order: 'SO-4' } });
    expect(await steps(handle.runId)).toEqual(['start:succeeded', 'slow:succeeded', 'effect:succeeded']);
    expect(observations.effects).toEqual([{ key: `${handle.runId}:effect:0`, attempt: 1 }]);
  });

  it('cancels a waiting run through the worker and answers once it is cancelled', async () => {
    await startWorker();
    const { run, task } = await startWaiting('approval-single', { orderId: 'SO-78', amount: 10 });
    const cancelled = await api.engine.cancel(run.id);
    expect(cancelled.status).toBe('cancelled');
    expect((await api.store.getTask(task?.id ?? ''))?.status).toBe('cancelled');
  });

  it('stores a run and its job in one commit: a creation that fails leaves neither', async () => {
    const definition = waitFixture('approval-single');
    await expect(
      api.engine.start(
        { definition, input: { orderId: 'SO-1', amount: 1 } },
        {
          together: () => {
            throw new Error('the audit entry could not be written');
          },
        },
      ),
    ).rejects.toThrow('the audit entry could not be written');
    expect(await jobs()).toEqual([]);
    expect(await runs()).toEqual([]);

    // The failed commit poisoned that process's store; another process starts the run.
    const other = await openSide(false);
    const handle = await other.engine.start({ definition, input: { orderId: 'SO-2', amount: 2 } });
    expect(await runs()).toEqual([{ id: handle.runId }]);
    expect(await jobs()).toEqual([{ queue: handle.runId, payload: { runId: handle.runId } }]);
  });

  it('stores a completion and its job in one commit: a decision that fails to commit leaves the run waiting and no job', async () => {
    await startWorker();
    const { run, task } = await startWaiting('approval-single', { orderId: 'SO-9', amount: 90 });
    if (!task) throw new Error('no task was opened');
    await stopWorkers();
    await expect(
      api.engine.decide(task.id, { decision: 'approve', actor: ann }, () => {
        throw new Error('the audit entry could not be written');
      }),
    ).rejects.toThrow('the audit entry could not be written');
    expect(await jobs()).toEqual([]);
    expect((await api.store.getTask(task.id))?.status).toBe('open');
    expect((await api.store.getStep(run.id, 'approve', '0'))?.status).toBe('waiting');

    const other = await openSide(false);
    await other.engine.decide(task.id, { decision: 'approve', actor: ann });
    const [job] = await jobs();
    expect(job).toMatchObject({ queue: run.id, payload: { runId: run.id, completion: { nodeId: 'approve', completion: { kind: 'succeeded', ports: ['approved'] } } } });
    await startWorker();
    expect((await until(run.id, 'succeeded')).output).toEqual({ result: 'refunded', by: ann.id });
  });

  it('applies a completion delivered twice once: the second job changes nothing', async () => {
    await startWorker();
    const { run, task } = await startWaiting('approval-single', { orderId: 'SO-10', amount: 100 });
    if (!task) throw new Error('no task was opened');
    await stopWorkers();
    await api.engine.decide(task.id, { decision: 'approve', actor: ann });
    const [job] = await jobs();
    if (!job) throw new Error('the decision enqueued no job');
    // As after a crash between running a job and recording it done: the same order again.
    await api.jobs.enqueue({ kind: RUN_JOB_KIND, payload: job.payload, queueName: run.id });
    expect(await jobs()).toHaveLength(2);

    await startWorker();
    await waitFor(jobs, (rows) => rows.length === 0, 'both jobs to be done');
    const finished = await until(run.id, 'succeeded');
    expect(finished.stepCount).toBe(3);
    expect(await steps(run.id)).toEqual(['received:succeeded', 'approve:succeeded', 'decline:skipped', 'expired:skipped', 'refund:succeeded']);
    expect(await worker.engine.work({ runId: run.id, completion: { nodeId: 'approve', completion: { kind: 'rerun' } } })).toMatchObject({ status: 'succeeded' });
    expect(await steps(run.id)).toEqual(['received:succeeded', 'approve:succeeded', 'decline:skipped', 'expired:skipped', 'refund:succeeded']);
  });

  it('resumes a waiting run whose step already holds a completion (it went waiting while the order queued behind it)', async () => {
    await startWorker();
    const { run } = await startWaiting('wait-for-event', { orderId: 'SO-11' });
    await stopWorkers();
    const step = await api.store.getStep(run.id, 'pickup', '0');
    if (!step) throw new Error('the run does not wait');
    rewriteWait(api.store, step, { ...(step.wait as StoredWait), completion: { kind: 'succeeded', ports: ['received'], output: { carrier: 'UPS' } } });
    await api.store.flush();
    expect((await api.store.getRun(run.id))?.status).toBe('waiting');
    expect(await worker.engine.work({ runId: run.id })).toMatchObject({ status: 'succeeded', output: { status: 'picked', carrier: 'UPS' } });
  });

  it('fails a job whose payload is not a run order, with the reason', async () => {
    await api.jobs.enqueue({ kind: RUN_JOB_KIND, payload: { run: 'nope' }, queueName: 'nope' });
    await startWorker();
    const row = await waitFor(
      () => api.db.get<{ error: string | null }>('SELECT last_error AS error FROM graphile_worker.jobs WHERE task_identifier = ?', [RUN_JOB_KIND]),
      (found) => (found?.error ?? null) !== null,
      'the job to fail',
    );
    expect(row?.error).toContain('the job is not a run order');
  });
});
