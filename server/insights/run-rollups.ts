import type Database from 'better-sqlite3';
import { finishedRun, type FinishedRun } from '../events/finished-run.js';
import type { RunFinishedWriter } from '../events/server-journal.js';
import { durationBin } from './duration-histogram.js';
import { dayStart, hourStart, weekStart } from './time-buckets.js';

/**
 * Keeps the Insights rollups as a run ends, in the commit that ends it (the same code backfills
 * them in migration server/19). Only a workflow's own runs count: test runs of drafts and runs
 * another run started (forEach items, sub-workflows) are left out. Per UTC hour and per UTC day of
 * the run's end it adds the outcome, SLA met or breached, and the steps that needed more than one
 * attempt (and how many of those then succeeded) to `run_rollups` and `run_rollups_daily`; the
 * duration (creation to end) to the UTC day's and the UTC week's log-scale histograms
 * `run_duration_bins` and `run_duration_bins_weekly`; a failure to `node_failures` and
 * `node_failures_daily` at the node it failed at; and a breach of the SLA to `sla_breaches`.
 */
export function runRollupWriter(db: Database.Database): RunFinishedWriter {
  const retries = db.prepare("SELECT COUNT(*) AS retried, COALESCE(SUM(status = 'succeeded'), 0) AS succeeded FROM steps WHERE run_id = ? AND attempt > 1");
  const addRunTo = (table: string, time: 'hour' | 'day') =>
    db.prepare(`
      INSERT INTO ${table} (tenant_id, ${time}, workflow_id, succeeded, failed, cancelled, sla_met, sla_breached, sla_minutes, retried_steps, retried_succeeded)
      VALUES (@tenantId, @${time}, @workflowId, @succeeded, @failed, @cancelled, @slaMet, @slaBreached, @slaMinutes, @retried, @retriedSucceeded)
      ON CONFLICT (tenant_id, ${time}, workflow_id) DO UPDATE SET
        succeeded = succeeded + excluded.succeeded,
        failed = failed + excluded.failed,
        cancelled = cancelled + excluded.cancelled,
        sla_met = sla_met + excluded.sla_met,
        sla_breached = sla_breached + excluded.sla_breached,
        sla_minutes = COALESCE(excluded.sla_minutes, sla_minutes),
        retried_steps = retried_steps + excluded.retried_steps,
        retried_succeeded = retried_succeeded + excluded.retried_succeeded`);
  const addRunPerHour = addRunTo('run_rollups', 'hour');
  const addRunPerDay = addRunTo('run_rollups_daily', 'day');
  const addDurationTo = (table: string, time: 'day' | 'week') =>
    db.prepare(`
      INSERT INTO ${table} (tenant_id, ${time}, workflow_id, bin, count) VALUES (?, ?, ?, ?, 1)
      ON CONFLICT (tenant_id, ${time}, workflow_id, bin) DO UPDATE SET count = count + 1`);
  const addDurationPerDay = addDurationTo('run_duration_bins', 'day');
  const addDurationPerWeek = addDurationTo('run_duration_bins_weekly', 'week');
  const addFailureTo = (table: string, time: 'hour' | 'day') =>
    db.prepare(`
      INSERT INTO ${table} (tenant_id, ${time}, workflow_id, node_id, node_name, count) VALUES (?, ?, ?, ?, ?, 1)
      ON CONFLICT (tenant_id, ${time}, workflow_id, node_id) DO UPDATE SET count = count + 1, node_name = excluded.node_name`);
  const addFailurePerHour = addFailureTo('node_failures', 'hour');
  const addFailurePerDay = addFailureTo('node_failures_daily', 'day');
  const addBreach = db.prepare(`
    INSERT OR IGNORE INTO sla_breaches (run_id, tenant_id, workflow_id, finished_at, duration_ms, sla_minutes) VALUES (?, ?, ?, ?, ?, ?)`);

  return (run: FinishedRun) => {
    if (run.secondary || run.workflowId === null) return;
    const hour = hourStart(run.finishedAt);
    const day = dayStart(run.finishedAt);
    const retried = retries.get(run.runId) as { retried: number; succeeded: number };
    const underSla = run.slaMinutes !== null;
    const counts = {
      tenantId: run.tenantId,
      workflowId: run.workflowId,
      succeeded: Number(run.status === 'succeeded'),
      failed: Number(run.status === 'failed'),
      cancelled: Number(run.status === 'cancelled'),
      slaMet: Number(underSla && !run.slaBreached),
      slaBreached: Number(underSla && run.slaBreached),
      slaMinutes: run.slaMinutes,
      retried: retried.retried,
      retriedSucceeded: retried.succeeded,
    };
    addRunPerHour.run({ ...counts, hour });
    addRunPerDay.run({ ...counts, day });
    const bin = durationBin(run.durationMs);
    addDurationPerDay.run(run.tenantId, day, run.workflowId, bin);
    addDurationPerWeek.run(run.tenantId, weekStart(run.finishedAt), run.workflowId, bin);
    const failedAt = run.status === 'failed' ? (run.error?.nodeId ?? null) : null;
    if (failedAt !== null) {
      const name = run.error?.nodeName ?? failedAt;
      addFailurePerHour.run(run.tenantId, hour, run.workflowId, failedAt, name);
      addFailurePerDay.run(run.tenantId, day, run.workflowId, failedAt, name);
    }
    if (underSla && run.slaBreached) addBreach.run(run.runId, run.tenantId, run.workflowId, run.finishedAt, run.durationMs, run.slaMinutes);
  };
}

/**
 * Builds the rollups from the runs a store already holds (an upgrade keeps its history), a
 * thousand runs per read, through the same writer as the live path.
 */
export function backfillRunRollups(db: Database.Database): number {
  const write = runRollupWriter(db);
  const page = db.prepare("SELECT rowid, id FROM runs WHERE rowid > ? AND finished_at IS NOT NULL AND status IN ('succeeded', 'failed', 'cancelled') ORDER BY rowid LIMIT 1000");
  let after = 0;
  let written = 0;
  for (;;) {
    const rows = page.all(after) as { rowid: number; id: string }[];
    if (rows.length === 0) return written;
    for (const row of rows) {
      const run = finishedRun(db, row.id);
      if (run) {
        write(run);
        written += 1;
      }
    }
    after = rows[rows.length - 1]?.rowid ?? after;
  }
}
