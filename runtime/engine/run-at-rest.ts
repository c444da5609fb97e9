import type { FailureRecord, RunRecord, RunStore } from '../store/index.js';
import type { DriveOutcome } from './run-driver.js';

/** How a run that no driver holds ends. */
export interface RestingEnd {
  readonly status: 'cancelled' | 'failed';
  /** The run's error; null for a cancellation. */
  readonly failure: FailureRecord | null;
  /** What each step that was still running or waiting is recorded with. */
  readonly stepFailure: Omit<FailureRecord, 'nodeId'>;
}

/**
 * Ends a run no driver holds (cancelled by an operator, or failed because it cannot be resumed)
 * from the store alone: unfinished steps are recorded failed, waits released, the run given its
 * final status, all in one commit. Neither the definition nor the run's data is loaded or checked
 * again, so this works for every run, including one whose definition no longer validates.
 * `run` is the run as stored when it could be read; the outcome keeps its response and step count.
 * `together` is written in the same commit as the end.
 */
export async function endRunAtRest(
  store: RunStore,
  runId: string,
  run: RunRecord | undefined,
  end: RestingEnd,
  now: number,
  together?: () => unknown,
): Promise<DriveOutcome> {
  store.endUnfinishedSteps(runId, end.stepFailure, now);
  store.updateRun(runId, {
    status: end.status,
    errorJson: end.failure === null ? null : JSON.stringify(end.failure),
    errorWorkflowPending: false,
    finishedAt: now,
    updatedAt: now,
  });
  if (together) store.queueWrite(together);
  await store.flush();
  return {
    status: end.status,
    output: null,
    error: end.failure,
    response: run?.response ?? null,
    stepCount: run?.stepCount ?? 0,
    finishedAt: now,
    errorWorkflowPending: false,
  };
}
