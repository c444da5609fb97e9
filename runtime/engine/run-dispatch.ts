import { setTimeout as delay } from 'node:timers/promises';
import type { QueuedWrite, RunRecord, RunStore } from '../store/index.js';
import type { RunHandle } from './engine-api.js';
import { RunRequestError } from './errors.js';
import type { StepCompletion } from './run-driver.js';

/** How often a process that hands its runs off reads a run back to see whether it stopped. */
const RUN_POLL_MS = 100;

/**
 * What a worker is asked to do with a run: continue it (a bare order), deliver the completion of
 * one of its waits first, or cancel it. Orders are plain JSON, so they can travel as jobs.
 */
export type RunOrder = {
  readonly runId: string;
  /** A wait of the run ended (a decision, a signal, a timer, its children): resume it with this. */
  readonly completion?: { readonly nodeId: string; readonly completion: StepCompletion };
  /** The run is to be cancelled. */
  readonly cancel?: true;
};

/**
 * Where an engine in dispatch mode (`EngineOptions.dispatch`) sends its runs instead of driving
 * them itself: a job queue whose workers call `Engine.work` with each order.
 */
export interface RunDispatch {
  /**
   * The write that hands `order` over; the engine queues it (see `RunStore.queueWrite`) in the
   * commit that makes the order true (the run's creation, the task's closing), so the order is
   * stored exactly when that commit is.
   */
  handOff(order: RunOrder): QueuedWrite;
}

/**
 * Reads the run from the store every {@link RUN_POLL_MS} until `done` says so (or `giveUp`, when
 * the engine shuts down: then without reading again), and resolves with it as it then stands.
 */
export async function watchStoredRun(store: RunStore, runId: string, done: (run: RunRecord) => boolean, giveUp: () => boolean): Promise<RunRecord> {
  for (;;) {
    const run = await store.getRun(runId);
    if (!run) throw new RunRequestError(`run "${runId}" does not exist`);
    if (done(run) || giveUp()) return run;
    await delay(RUN_POLL_MS);
    // Given up while waiting: the store may be closing, so the run is answered as last read.
    if (giveUp()) return run;
  }
}

/** Whether a run has stopped: finished or waiting, no longer executing anywhere. */
export function hasStopped(run: RunRecord): boolean {
  return run.status !== 'running' && run.status !== 'queued';
}

/** A handle whose `settled` starts watching the store only when someone reads it. */
export function watchedRunHandle(runId: string, watch: () => Promise<RunRecord>): RunHandle {
  let settled: Promise<RunRecord> | undefined;
  return {
    runId,
    get settled() {
      settled ??= watch();
      return settled;
    },
  };
}
