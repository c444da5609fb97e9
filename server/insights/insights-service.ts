import type { SqlDatabase } from '../../runtime/store/index.js';
import type { Insights } from '../contract/insights.js';
import { isoTime } from '../domain/iso-time.js';
import { approvalQueue } from './approval-queue.js';
import { exceptionCounts } from './exception-volumes.js';
import type { InsightsScope } from './insights-scope.js';
import { RunFigures } from './run-figures.js';
import { DAY_MS, HOUR_MS, dayStart, hourStart } from './time-buckets.js';

/** The dashboard's filters once checked: workspaces, range (epoch ms), bucket, workflow. */
export interface InsightsRequest extends InsightsScope {
  readonly bucket: 'hour' | 'day';
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * The Insights dashboard: run figures from the rollups, exception volumes and the approval queue
 * from their indexed tables, named with the workspaces' and workflows' current names.
 */
export class InsightsService {
  private readonly runs: RunFigures;

  constructor(
    private readonly sql: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.runs = new RunFigures(sql);
  }

  /** Every figure of the dashboard for the request. */
  async insights(request: InsightsRequest): Promise<Insights> {
    const { tenantIds, workflowId } = request;
    const tenantName = await this.tenantNames(tenantIds);
    const workflowName = await this.workflowNames(tenantIds);
    const workspace = (tenantId: string) => ({ tenantId, tenantName: tenantName.get(tenantId) ?? tenantId });
    const workflow = (tenantId: string, id: string) => ({ ...workspace(tenantId), workflowId: id, workflowName: workflowName.get(`${tenantId}/${id}`) ?? 'A deleted workflow' });

    const totals = await this.runs.byWorkflow(request);
    const exceptions = await exceptionCounts(this.sql, request);
    const queue = await approvalQueue(this.sql, tenantIds, workflowId, this.now());
    const runsOverTime = await this.runsOverTime(request);
    const breaches = await this.runs.breaches(request);
    const durations = await this.runs.durations(request);
    const failuresByNode = await this.runs.failuresByNode(request);
    const sum = (pick: (row: (typeof totals)[number]) => number, rows = totals) => rows.reduce((total, row) => total + pick(row), 0);
    const withSla = totals.filter((row) => row.slaMinutes !== null && row.slaMet + row.slaBreached > 0);
    const met = sum((row) => row.slaMet, withSla);
    const breached = sum((row) => row.slaBreached, withSla);
    const retriedSteps = sum((row) => row.retriedSteps);
    const retriedSucceeded = sum((row) => row.retriedSucceeded);

    return {
      from: isoTime(request.from),
      to: isoTime(request.to),
      bucket: request.bucket,
      workspaces: tenantIds.map(workspace),
      runsOverTime,
      byWorkspace: tenantIds.map((tenantId) => {
        const own = totals.filter((row) => row.tenantId === tenantId);
        return {
          ...workspace(tenantId),
          runs: sum((row) => row.succeeded + row.failed + row.cancelled, own),
          failed: sum((row) => row.failed, own),
          slaBreached: sum((row) => row.slaBreached, own),
          openExceptions: exceptions.openByTenant.get(tenantId) ?? 0,
        };
      }),
      sla: {
        runsWithSla: met + breached,
        met,
        breached,
        adherence: share(met, met + breached),
        byWorkflow: withSla.map((row) => ({
          ...workflow(row.tenantId, row.workflowId),
          slaMinutes: row.slaMinutes ?? 0,
          met: row.slaMet,
          breached: row.slaBreached,
          adherence: share(row.slaMet, row.slaMet + row.slaBreached),
        })),
        breaches: breaches.map((breach) => ({
          ...workflow(breach.tenantId, breach.workflowId),
          runId: breach.runId,
          finishedAt: isoTime(breach.finishedAt),
          durationMs: breach.durationMs,
          slaMinutes: breach.slaMinutes,
        })),
      },
      durations: durations.map((row) => ({ ...workflow(row.tenantId, row.workflowId), runs: row.runs, p50Ms: row.p50Ms, p95Ms: row.p95Ms })),
      failuresByNode: failuresByNode.map((row) => ({ ...workflow(row.tenantId, row.workflowId), nodeId: row.nodeId, nodeName: row.nodeName, failures: row.failures })),
      exceptions: {
        total: exceptions.total,
        open: exceptions.open,
        byCategory: exceptions.byCategory,
        bySeverity: exceptions.bySeverity,
        byWorkflow: exceptions.byWorkflow.map((row) => ({ ...workflow(row.tenantId, row.workflowId), count: row.count })),
      },
      approvals: {
        waiting: queue.waiting,
        overdue: queue.overdue,
        byAge: queue.byAge,
        oldest: queue.oldest.map((task) => ({
          ...workspace(task.tenantId),
          taskId: task.taskId,
          runId: task.runId,
          title: task.title,
          createdAt: isoTime(task.createdAt),
          dueAt: isoTime(task.dueAt),
          overdue: task.dueAt !== null && task.dueAt < this.now(),
        })),
      },
      retries: { retriedSteps, succeeded: retriedSucceeded, successRate: share(retriedSucceeded, retriedSteps) },
    };
  }

  /** Every bucket of the range (UTC hours or days), with zeros where no run ended. */
  private async runsOverTime(request: InsightsRequest): Promise<Insights['runsOverTime']> {
    const size = request.bucket === 'hour' ? HOUR_MS : DAY_MS;
    const counted = new Map((await this.runs.overTime(request, size)).map((row) => [row.bucketStart, row]));
    const buckets: Insights['runsOverTime'] = [];
    for (let start = request.bucket === 'hour' ? hourStart(request.from) : dayStart(request.from); start < request.to; start += size) {
      const row = counted.get(start);
      buckets.push({ bucketStart: isoTime(start), succeeded: row?.succeeded ?? 0, failed: row?.failed ?? 0, cancelled: row?.cancelled ?? 0 });
    }
    return buckets;
  }

  private async tenantNames(tenantIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.sql.all<{ id: string; name: string }>(`SELECT id, name FROM tenants WHERE id IN (${tenantIds.map(() => '?').join(', ')})`, tenantIds);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  private async workflowNames(tenantIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.sql.all<{ tenant_id: string; id: string; name: string }>(`SELECT tenant_id, id, name FROM workflows WHERE tenant_id IN (${tenantIds.map(() => '?').join(', ')})`, tenantIds);
    return new Map(rows.map((row) => [`${row.tenant_id}/${row.id}`, row.name]));
  }
}
