import type { FinishedRun } from './finished-run.js';
import type { PlatformEventLog } from './platform-event-log.js';

/**
 * Records the events of a run's end, in its final commit: `run.finished` always, `run.failed` for a
 * failure, `run.slaBreached` when it ended after its workflow's SLA. Test runs of drafts and runs
 * another run started (forEach items, sub-workflows) are not the workflow's own and raise none.
 */
export function recordRunEvents(events: PlatformEventLog, run: FinishedRun): void {
  if (run.secondary) return;
  const data = {
    runId: run.runId,
    workflowId: run.workflowId,
    workflowVersion: run.workflowVersion,
    workflowName: run.workflowName,
    status: run.status,
    trigger: run.trigger,
    createdAt: new Date(run.createdAt).toISOString(),
    finishedAt: new Date(run.finishedAt).toISOString(),
    durationMs: run.durationMs,
    ...(run.error ? { error: run.error } : {}),
  };
  events.record(run.tenantId, 'run.finished', data);
  if (run.status === 'failed') events.record(run.tenantId, 'run.failed', data);
  if (run.slaBreached) events.record(run.tenantId, 'run.slaBreached', { ...data, slaMinutes: run.slaMinutes });
}
