import type Database from 'better-sqlite3';
import type { FinishedRun } from './finished-run.js';
import type { PlatformEventLog } from './platform-event-log.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * The failed runs of `run`'s workflow in its workspace that were created in the hour before it
 * ended, itself included when it failed: what "three failures in an hour" counts. Test runs and
 * runs another run started are not the workflow's own and do not count. Reads
 * runs_by_workflow_status (tenant, workflow, status, created_at).
 */
export function failuresInLastHour(db: Database.Database, run: FinishedRun): number {
  if (run.workflowId === null) return 0;
  return db
    .prepare(
      `SELECT COUNT(*) FROM runs WHERE tenant_id = ? AND workflow_id = ? AND status = 'failed' AND created_at >= ?
         AND workflow_version IS NOT NULL AND parent_run_id IS NULL AND (trigger_info IS NULL OR json_extract(trigger_info, '$.draft') IS NOT 1)`,
    )
    .pluck()
    .get(run.tenantId, run.workflowId, run.finishedAt - HOUR_MS) as number;
}

/**
 * Records the events of a run's end, in its final commit: `run.finished` always, `run.failed` for a
 * failure, `run.slaBreached` when it ended after its workflow's SLA. `run.finished` and `run.failed`
 * carry `failuresInLastHour`. Test runs of drafts and runs another run started (forEach items,
 * sub-workflows) are not the workflow's own and raise none.
 */
export function recordRunEvents(db: Database.Database, events: PlatformEventLog, run: FinishedRun): void {
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
    ...(run.error ? { error: { code: run.error.code, message: run.error.message, nodeId: run.error.nodeId } } : {}),
  };
  const counted = { ...data, failuresInLastHour: failuresInLastHour(db, run) };
  events.record(run.tenantId, 'run.finished', counted);
  if (run.status === 'failed') events.record(run.tenantId, 'run.failed', counted);
  if (run.slaBreached) events.record(run.tenantId, 'run.slaBreached', { ...data, slaMinutes: run.slaMinutes });
}
