import type { SqlDatabase } from '../../runtime/store/index.js';
import { histogramQuantile, type BinCount } from './duration-histogram.js';
import { scopeCondition, type InsightsScope } from './insights-scope.js';
import { HOUR_MS, daysAndEdgeHours, hourStart, weeksAndEdgeDays, type Span } from './time-buckets.js';

/** Finished runs of one bucket (its start in epoch ms). */
export interface RunBucketCounts {
  readonly bucketStart: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
}

/** A workflow's run figures over the range, from the daily and hourly rollups. */
export interface WorkflowRunTotals {
  readonly tenantId: string;
  readonly workflowId: string;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly slaMet: number;
  readonly slaBreached: number;
  /** The largest SLA its runs in the range were held to; null without one. */
  readonly slaMinutes: number | null;
  readonly retriedSteps: number;
  readonly retriedSucceeded: number;
}

/** A workflow's duration percentiles over the range's UTC days. */
export interface WorkflowDurations {
  readonly tenantId: string;
  readonly workflowId: string;
  readonly runs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

/** Failures at one node of a workflow over the range. */
export interface NodeFailureCount {
  readonly tenantId: string;
  readonly workflowId: string;
  readonly nodeId: string;
  readonly nodeName: string;
  readonly failures: number;
}

/** A run that ended past its SLA. */
export interface SlaBreach {
  readonly runId: string;
  readonly tenantId: string;
  readonly workflowId: string;
  readonly finishedAt: number;
  readonly durationMs: number;
  readonly slaMinutes: number;
}

/** The most breaches the dashboard lists. */
export const MAX_BREACHES_LISTED = 100;

/** A rollup table, the column of its time and the spans of that time to read. */
interface RollupPart {
  readonly table: string;
  readonly time: 'hour' | 'day';
  readonly span: Span;
}

/**
 * The rollup tables to read for the hours from `hourStart(from)` up to `to`: the whole UTC days
 * from `daily`, the hours at the range's edges from `hourly`.
 */
function hourParts(scope: InsightsScope, hourly: string, daily: string): RollupPart[] {
  const { days, edgeHours } = daysAndEdgeHours(scope.from, scope.to);
  return [...(days === null ? [] : [{ table: daily, time: 'day' as const, span: days }]), ...edgeHours.map((span) => ({ table: hourly, time: 'hour' as const, span }))];
}

/**
 * Reads of the run rollups kept by `runRollupWriter`. Run figures cover the UTC hours from the one
 * `from` falls in up to `to`: the whole UTC days among them are read from the daily rollups and
 * only the hours at the range's edges from the hourly ones, so 90 days of a partner's 200
 * workflows read ~20,000 rows instead of ~430,000. Duration histograms cover the UTC days from
 * `from`'s up to `to`, read the same way from weekly and daily histograms. The coarse tables are
 * keyed (workspace, workflow, …, time), so SQLite sums them per workflow (or node, bin) in key order
 * without sorting; the fine ones (workspace, time, …), so the few edge hours or days are sought by
 * time and only they are sorted.
 */
export class RunFigures {
  constructor(private readonly sql: SqlDatabase) {}

  /**
   * Finished runs per bucket of `bucketMs` (an hour or a day), by outcome; buckets without runs are
   * left out. Hour buckets read the hourly rollups only; day buckets the daily rollups for whole
   * days and the hourly ones at the edges. SQLite sums each workspace's periods in the order of
   * the `…_by_hour` / `…_by_day` index (no sort; PostgreSQL's planner picks its own plan); they are
   * then added up into buckets here.
   */
  async overTime(scope: InsightsScope, bucketMs: number): Promise<RunBucketCounts[]> {
    const where = scopeCondition(scope);
    const parts: RollupPart[] = bucketMs === HOUR_MS ? [{ table: 'run_rollups', time: 'hour', span: { from: hourStart(scope.from), to: scope.to } }] : hourParts(scope, 'run_rollups', 'run_rollups_daily');
    const periods: { start: number; succeeded: number; failed: number; cancelled: number }[] = [];
    for (const { table, time, span } of parts) {
      const indexed = this.sql.dialect === 'sqlite' ? ` INDEXED BY ${table}_by_${time}` : '';
      periods.push(
        ...(await this.sql.all<{ start: number; succeeded: number; failed: number; cancelled: number }>(
          `SELECT ${time} AS start, SUM(succeeded) AS succeeded, SUM(failed) AS failed, SUM(cancelled) AS cancelled
           FROM ${table}${indexed} WHERE ${where.sql} AND ${time} >= ? AND ${time} < ? GROUP BY tenant_id, ${time}`,
          [...where.params, span.from, span.to],
        )),
      );
    }
    const buckets = new Map<number, { bucketStart: number; succeeded: number; failed: number; cancelled: number }>();
    for (const row of periods) {
      const bucketStart = row.start - (row.start % bucketMs);
      const bucket = buckets.get(bucketStart) ?? { bucketStart, succeeded: 0, failed: 0, cancelled: 0 };
      bucket.succeeded += row.succeeded;
      bucket.failed += row.failed;
      bucket.cancelled += row.cancelled;
      buckets.set(bucketStart, bucket);
    }
    return [...buckets.values()].sort((a, b) => a.bucketStart - b.bucketStart);
  }

  /**
   * Each workflow's totals (outcomes, SLA, retries) over the range: each part summed per workflow
   * by SQLite (the daily rollups in key order, the edge hours over their time range), the parts
   * added up here.
   */
  async byWorkflow(scope: InsightsScope): Promise<WorkflowRunTotals[]> {
    const where = scopeCondition(scope);
    const totals = new Map<string, WorkflowRunTotals>();
    for (const { table, time, span } of hourParts(scope, 'run_rollups', 'run_rollups_daily')) {
      const rows = await this.sql.all<WorkflowRunTotals>(
        `SELECT tenant_id AS "tenantId", workflow_id AS "workflowId", SUM(succeeded) AS succeeded, SUM(failed) AS failed, SUM(cancelled) AS cancelled,
           SUM(sla_met) AS "slaMet", SUM(sla_breached) AS "slaBreached", MAX(sla_minutes) AS "slaMinutes",
           SUM(retried_steps) AS "retriedSteps", SUM(retried_succeeded) AS "retriedSucceeded"
         FROM ${table} WHERE ${where.sql} AND ${time} >= ? AND ${time} < ? GROUP BY tenant_id, workflow_id`,
        [...where.params, span.from, span.to],
      );
      for (const row of rows) {
        const key = `${row.tenantId}/${row.workflowId}`;
        const seen = totals.get(key);
        totals.set(
          key,
          seen === undefined
            ? row
            : {
                ...seen,
                succeeded: seen.succeeded + row.succeeded,
                failed: seen.failed + row.failed,
                cancelled: seen.cancelled + row.cancelled,
                slaMet: seen.slaMet + row.slaMet,
                slaBreached: seen.slaBreached + row.slaBreached,
                slaMinutes: seen.slaMinutes === null || row.slaMinutes === null ? (seen.slaMinutes ?? row.slaMinutes) : Math.max(seen.slaMinutes, row.slaMinutes),
                retriedSteps: seen.retriedSteps + row.retriedSteps,
                retriedSucceeded: seen.retriedSucceeded + row.retriedSucceeded,
              },
        );
      }
    }
    return [...totals.values()];
  }

  /**
   * Each workflow's p50 and p95 duration (creation to end), from its histograms: the whole weeks
   * summed per workflow and bin in the key order of `run_duration_bins_weekly`; the edge days
   * workflow by workflow (those with runs in the days, from the daily rollups), each seeking its
   * days in `run_duration_bins` (workspace, workflow, day, bin) and sorting only its own bins.
   */
  async durations(scope: InsightsScope): Promise<WorkflowDurations[]> {
    const where = scopeCondition(scope);
    const { weeks, edgeDays } = weeksAndEdgeDays(scope.from, scope.to);
    type Row = BinCount & { tenantId: string; workflowId: string };
    const rows: Row[] =
      weeks === null
        ? []
        : await this.sql.all<Row>(
            `SELECT tenant_id AS "tenantId", workflow_id AS "workflowId", bin, SUM(count) AS count
             FROM run_duration_bins_weekly WHERE ${where.sql} AND week >= ? AND week < ? GROUP BY tenant_id, workflow_id, bin`,
            [...where.params, weeks.from, weeks.to],
          );
    for (const span of edgeDays) {
      const workflowsWithRuns = await this.sql.all<{ tenantId: string; workflowId: string }>(
        `SELECT DISTINCT tenant_id AS "tenantId", workflow_id AS "workflowId" FROM run_rollups_daily WHERE ${where.sql} AND day >= ? AND day < ?`,
        [...where.params, span.from, span.to],
      );
      for (const { tenantId, workflowId } of workflowsWithRuns) {
        const bins = await this.sql.all<BinCount>('SELECT bin, SUM(count) AS count FROM run_duration_bins WHERE tenant_id = ? AND workflow_id = ? AND day >= ? AND day < ? GROUP BY bin', [tenantId, workflowId, span.from, span.to]);
        for (const bin of bins) rows.push({ tenantId, workflowId, ...bin });
      }
    }
    const histograms = new Map<string, { tenantId: string; workflowId: string; bins: BinCount[] }>();
    for (const row of rows) {
      const key = `${row.tenantId}/${row.workflowId}`;
      const histogram = histograms.get(key) ?? { tenantId: row.tenantId, workflowId: row.workflowId, bins: [] };
      histogram.bins.push(row);
      histograms.set(key, histogram);
    }
    return [...histograms.values()].map(({ tenantId, workflowId, bins }) => ({
      tenantId,
      workflowId,
      runs: bins.reduce((sum, bin) => sum + bin.count, 0),
      p50Ms: histogramQuantile(bins, 0.5),
      p95Ms: histogramQuantile(bins, 0.95),
    }));
  }

  /** Failed runs per node they failed at, most first: each part summed by SQLite, the parts added up here. */
  async failuresByNode(scope: InsightsScope): Promise<NodeFailureCount[]> {
    const where = scopeCondition(scope);
    const failures = new Map<string, NodeFailureCount>();
    for (const { table, time, span } of hourParts(scope, 'node_failures', 'node_failures_daily')) {
      const rows = await this.sql.all<NodeFailureCount>(
        `SELECT tenant_id AS "tenantId", workflow_id AS "workflowId", node_id AS "nodeId", MAX(node_name) AS "nodeName", SUM(count) AS failures
         FROM ${table} WHERE ${where.sql} AND ${time} >= ? AND ${time} < ? GROUP BY tenant_id, workflow_id, node_id`,
        [...where.params, span.from, span.to],
      );
      for (const row of rows) {
        const key = `${row.tenantId}/${row.workflowId}/${row.nodeId}`;
        const seen = failures.get(key);
        failures.set(key, seen === undefined ? row : { ...seen, nodeName: seen.nodeName > row.nodeName ? seen.nodeName : row.nodeName, failures: seen.failures + row.failures });
      }
    }
    return [...failures.values()].sort((a, b) => b.failures - a.failures || a.nodeId.localeCompare(b.nodeId));
  }

  /**
   * The newest breaches of the SLA that ended in the range (exactly, not by hour): the newest of
   * each workspace read backwards along the covering index `sla_breaches_by_tenant` (workspace,
   * end, …), then merged, so a partner's roll-up never sorts every breach of its customers.
   */
  async breaches(scope: InsightsScope): Promise<SlaBreach[]> {
    const ofWorkflow = scope.workflowId === undefined ? '' : ' AND workflow_id = ?';
    const newest = `SELECT run_id AS "runId", tenant_id AS "tenantId", workflow_id AS "workflowId", finished_at AS "finishedAt", duration_ms AS "durationMs", sla_minutes AS "slaMinutes"
       FROM sla_breaches WHERE tenant_id = ?${ofWorkflow} AND finished_at >= ? AND finished_at < ? ORDER BY finished_at DESC, run_id LIMIT ${MAX_BREACHES_LISTED}`;
    const rows: SlaBreach[] = [];
    for (const tenantId of scope.tenantIds) {
      rows.push(...(await this.sql.all<SlaBreach>(newest, [...(scope.workflowId === undefined ? [tenantId] : [tenantId, scope.workflowId]), scope.from, scope.to])));
    }
    return rows.sort((a, b) => b.finishedAt - a.finishedAt || a.runId.localeCompare(b.runId)).slice(0, MAX_BREACHES_LISTED);
  }
}
