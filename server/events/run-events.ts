import type { SqlDatabase } from '../../runtime/store/index.js';
import type { FinishedRun } from './finished-run.js';
import type { PlatformEventLog } from './platform-event-log.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * The failed runs of `run`'s workflow in its workspace that were created in the hour before it
 * ended, itself included when it failed: what "three failures in an hour" counts. Test runs and
 * runs another run started are not the workflow's own and do not count. Reads
 * runs_by_workflow_status (tenant, workflow, status, created_at).
 */
export async function failuresInLastHour(sql: SqlDatabase, run: FinishedRun): Promise<number> {
  if (run.workflowId === null) return 0;
  const row = await sql.get<{ failures: number }>(
    `SELECT COUNT(*) AS failures FROM runs WHERE tenant_id = ? AND workflow_id = ? AND status = 'failed' AND created_at >= ?
       AND workflow_version IS NOT NULL AND parent_run_id IS NULL AND (trigger_info IS NULL OR ${NOT_A_DRAFT[sql.dialect]})`,
    [run.tenantId, run.workflowId, run.finishedAt - HOUR_MS],
  );
  return row?.failures ?? 0;
}

/** A run's `trigger_info` (JSON text) does not mark a test run of a draft (`draft: true`). */
const NOT_A_DRAFT = {
  sqlite: "json_extract(trigger_info, '$.draft') IS NOT 1",
  postgres: "(trigger_info::jsonb ->> 'draft') IS DISTINCT FROM 'true'",
} as const;

/**
 * Records the events of a run's end, in its final commit: `run.finished` always, `run.failed` for a
 * failure, `run.slaBreached` when it ended after its workflow's SLA. `run.finished` and `run.failed`
 * carry `failuresInLastHour`. Test runs of drafts and runs another run started (forEach items,
 * sub-workflows) are not the workflow's own and raise none.
 */
export async function recordRunEvents(sql: SqlDatabase, events: PlatformEventLog, run: FinishedRun): Promise<void> {
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
  const counted = { ...data, failuresInLastHour: await failuresInLastHour(sql, run) };
  await events.record(run.tenantId, 'run.finished', counted);
  if (run.status === 'failed') await events.record(run.tenantId, 'run.failed', counted);
  if (run.slaBreached) await events.record(run.tenantId, 'run.slaBreached', { ...data, slaMinutes: run.slaMinutes });
}
