import type Database from 'better-sqlite3';
import type { SqlDatabase, SqlValue } from '../../runtime/store/index.js';
import { FINISHED_RUN_SQL, toFinishedRun, type FinishedRun, type FinishedRunRow } from '../events/finished-run.js';
import type { RunFinishedWriter } from '../events/server-journal.js';
import { DEFINITION_SQL, parseDefinition } from '../exceptions/failed-run-report.js';
import { durationBin } from './duration-histogram.js';
import { dayStart, hourStart, weekStart } from './time-buckets.js';

/** One statement of a run's rollup writes. */
interface RollupWrite {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** How many of a run's steps needed more than one attempt, and how many of those succeeded. */
interface RetriedSteps {
  readonly retried: number;
  readonly succeeded: number;
}

const RETRIED_STEPS_SQL = "SELECT COUNT(*) AS retried, COALESCE(SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END), 0) AS succeeded FROM steps WHERE run_id = ? AND attempt > 1";

const addRunTo = (table: string, time: 'hour' | 'day') => `
  INSERT INTO ${table} (tenant_id, ${time}, workflow_id, succeeded, failed, cancelled, sla_met, sla_breached, sla_minutes, retried_steps, retried_succeeded)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (tenant_id, ${time}, workflow_id) DO UPDATE SET
    succeeded = ${table}.succeeded + excluded.succeeded,
    failed = ${table}.failed + excluded.failed,
    cancelled = ${table}.cancelled + excluded.cancelled,
    sla_met = ${table}.sla_met + excluded.sla_met,
    sla_breached = ${table}.sla_breached + excluded.sla_breached,
    sla_minutes = COALESCE(excluded.sla_minutes, ${table}.sla_minutes),
    retried_steps = ${table}.retried_steps + excluded.retried_steps,
    retried_succeeded = ${table}.retried_succeeded + excluded.retried_succeeded`;
const ADD_RUN_PER_HOUR = addRunTo('run_rollups', 'hour');
const ADD_RUN_PER_DAY = addRunTo('run_rollups_daily', 'day');

const addDurationTo = (table: string, time: 'day' | 'week') => `
  INSERT INTO ${table} (tenant_id, ${time}, workflow_id, bin, count) VALUES (?, ?, ?, ?, 1)
  ON CONFLICT (tenant_id, ${time}, workflow_id, bin) DO UPDATE SET count = ${table}.count + 1`;
const ADD_DURATION_PER_DAY = addDurationTo('run_duration_bins', 'day');
const ADD_DURATION_PER_WEEK = addDurationTo('run_duration_bins_weekly', 'week');

const addFailureTo = (table: string, time: 'hour' | 'day') => `
  INSERT INTO ${table} (tenant_id, ${time}, workflow_id, node_id, node_name, count) VALUES (?, ?, ?, ?, ?, 1)
  ON CONFLICT (tenant_id, ${time}, workflow_id, node_id) DO UPDATE SET count = ${table}.count + 1, node_name = excluded.node_name`;
const ADD_FAILURE_PER_HOUR = addFailureTo('node_failures', 'hour');
const ADD_FAILURE_PER_DAY = addFailureTo('node_failures_daily', 'day');

const ADD_BREACH = `
  INSERT INTO sla_breaches (run_id, tenant_id, workflow_id, finished_at, duration_ms, sla_minutes) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (run_id) DO NOTHING`;

/**
 * The rollup writes of a run as it ends (none for a run that is not its workflow's own): per UTC
 * hour and per UTC day of its end the outcome, SLA met or breached, and the steps that needed more
 * than one attempt (and how many of those then succeeded) into `run_rollups` and
 * `run_rollups_daily`; the duration (creation to end) into the UTC day's and the UTC week's
 * log-scale histograms `run_duration_bins` and `run_duration_bins_weekly`; a failure into
 * `node_failures` and `node_failures_daily` at the node it failed at; and a breach of the SLA into
 * `sla_breaches`.
 */
function rollupWrites(run: FinishedRun, retried: RetriedSteps): RollupWrite[] {
  if (run.secondary || run.workflowId === null) return [];
  const hour = hourStart(run.finishedAt);
  const day = dayStart(run.finishedAt);
  const underSla = run.slaMinutes !== null;
  const counts = [
    run.workflowId,
    Number(run.status === 'succeeded'),
    Number(run.status === 'failed'),
    Number(run.status === 'cancelled'),
    Number(underSla && !run.slaBreached),
    Number(underSla && run.slaBreached),
    run.slaMinutes,
    retried.retried,
    retried.succeeded,
  ];
  const bin = durationBin(run.durationMs);
  const writes: RollupWrite[] = [
    { sql: ADD_RUN_PER_HOUR, params: [run.tenantId, hour, ...counts] },
    { sql: ADD_RUN_PER_DAY, params: [run.tenantId, day, ...counts] },
    { sql: ADD_DURATION_PER_DAY, params: [run.tenantId, day, run.workflowId, bin] },
    { sql: ADD_DURATION_PER_WEEK, params: [run.tenantId, weekStart(run.finishedAt), run.workflowId, bin] },
  ];
  const failedAt = run.status === 'failed' ? (run.error?.nodeId ?? null) : null;
  if (failedAt !== null) {
    const name = run.error?.nodeName ?? failedAt;
    writes.push({ sql: ADD_FAILURE_PER_HOUR, params: [run.tenantId, hour, run.workflowId, failedAt, name] });
    writes.push({ sql: ADD_FAILURE_PER_DAY, params: [run.tenantId, day, run.workflowId, failedAt, name] });
  }
  if (underSla && run.slaBreached) writes.push({ sql: ADD_BREACH, params: [run.runId, run.tenantId, run.workflowId, run.finishedAt, run.durationMs, run.slaMinutes] });
  return writes;
}

/**
 * Keeps the Insights rollups as a run ends, in the commit that ends it (see `rollupWrites`; the
 * same statements backfill them in migration server/19). Only a workflow's own runs count: test
 * runs of drafts and runs another run started (forEach items, sub-workflows) are left out.
 */
export function runRollupWriter(sql: SqlDatabase): RunFinishedWriter {
  return async (run: FinishedRun) => {
    if (run.secondary || run.workflowId === null) return;
    const retried = (await sql.get<RetriedSteps>(RETRIED_STEPS_SQL, [run.runId])) ?? { retried: 0, succeeded: 0 };
    for (const write of rollupWrites(run, retried)) await sql.run(write.sql, write.params);
  };
}

/**
 * Builds the rollups from the runs a store already holds (an upgrade keeps its history), a
 * thousand runs per read, with the same statements as the live path. Runs inside the synchronous
 * SQLite migration server/19 (a PostgreSQL database starts after it, empty), hence better-sqlite3
 * and the SQLite `rowid`.
 */
export function backfillRunRollups(db: Database.Database): number {
  const page = db.prepare("SELECT rowid, id FROM runs WHERE rowid > ? AND finished_at IS NOT NULL AND status IN ('succeeded', 'failed', 'cancelled') ORDER BY rowid LIMIT 1000");
  const runRow = db.prepare(FINISHED_RUN_SQL);
  const definition = db.prepare(DEFINITION_SQL);
  const retriedSteps = db.prepare(RETRIED_STEPS_SQL);
  let after = 0;
  let written = 0;
  for (;;) {
    const rows = page.all(after) as { rowid: number; id: string }[];
    if (rows.length === 0) return written;
    for (const row of rows) {
      const stored = runRow.get(row.id) as FinishedRunRow | undefined;
      const run = stored && toFinishedRun(stored, parseDefinition(definition.get(stored.definition_hash) as { body: string } | undefined));
      if (run) {
        for (const write of rollupWrites(run, retriedSteps.get(run.runId) as RetriedSteps)) db.prepare(write.sql).run(...write.params);
        written += 1;
      }
    }
    after = rows[rows.length - 1]?.rowid ?? after;
  }
}
