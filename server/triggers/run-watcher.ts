import { setTimeout as delay } from 'node:timers/promises';
import { FINISHED_RUN_STATUSES, type RunRecord } from '../../runtime/store/index.js';

/** How often a watcher without the engine's events reads a watched run back. */
const STORE_POLL_MS = 100;

/**
 * Lets a request wait for a run to finish (webhooks answering `onCompletion`), fed by the engine's
 * `runSettled` events; a run that waits for a person, or outlasts the timeout, is not waited for.
 * In a process whose runs execute on workers (roles other than `all`) those events fire on the
 * workers, so the watcher reads the run from the store instead (`readRun`).
 */
export class RunWatcher {
  private readonly waiters = new Map<string, ((run: RunRecord) => void)[]>();

  constructor(private readonly readRun?: (runId: string) => Promise<RunRecord | undefined>) {}

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
    if (this.readRun) return this.pollFinished(this.readRun, runId, Date.now() + timeoutMs);
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

  private async pollFinished(readRun: (runId: string) => Promise<RunRecord | undefined>, runId: string, deadline: number): Promise<RunRecord | undefined> {
    for (;;) {
      const run = await readRun(runId);
      if (run && FINISHED_RUN_STATUSES.has(run.status)) return run;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await delay(Math.min(STORE_POLL_MS, left), undefined, { ref: false });
    }
  }
}
