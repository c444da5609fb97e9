import { FINISHED_RUN_STATUSES, type RunRecord } from '../../runtime/store/index.js';

/**
 * Lets a request wait for a run to finish (webhooks answering `onCompletion`), fed by the engine's
 * `runSettled` events; a run that waits for a person, or outlasts the timeout, is not waited for.
 */
export class RunWatcher {
  private readonly waiters = new Map<string, ((run: RunRecord) => void)[]>();

  /** Feed from `EngineEvents.runSettled`. */
  settled(run: RunRecord): void {
    if (!FINISHED_RUN_STATUSES.has(run.status)) return;
    const waiting = this.waiters.get(run.id);
    if (!waiting) return;
    this.waiters.delete(run.id);
    for (const resolve of waiting) resolve(run);
  }

  /** Resolves with the finished run, or undefined after `timeoutMs`. */
  finished(runId: string, timeoutMs: number): Promise<RunRecord | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const remaining = (this.waiters.get(runId) ?? []).filter((waiter) => waiter !== done);
        if (remaining.length > 0) this.waiters.set(runId, remaining);
        else this.waiters.delete(runId);
        resolve(undefined);
      }, timeoutMs);
      const done = (run: RunRecord) => {
        clearTimeout(timer);
        resolve(run);
      };
      this.waiters.set(runId, [...(this.waiters.get(runId) ?? []), done]);
    });
  }
}
