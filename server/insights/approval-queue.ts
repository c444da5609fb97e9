import type { SqlDatabase } from '../../runtime/store/index.js';
import { APPROVAL_AGE_BANDS } from '../contract/insights.js';

type AgeBand = (typeof APPROVAL_AGE_BANDS)[number];

/** The upper age (ms, exclusive) of each band but the last. */
const BAND_LIMITS_MS: readonly number[] = [3_600_000, 4 * 3_600_000, 24 * 3_600_000, 3 * 86_400_000];

/** The most waiting tasks the dashboard lists. */
export const MAX_OLDEST_LISTED = 20;

/** A waiting approval task, oldest first. */
export interface WaitingTask {
  readonly tenantId: string;
  readonly taskId: string;
  readonly runId: string;
  readonly title: string;
  readonly createdAt: number;
  readonly dueAt: number | null;
}

/** The approval tasks waiting now. */
export interface ApprovalQueueFigures {
  readonly waiting: number;
  readonly overdue: number;
  readonly byAge: { band: AgeBand; count: number }[];
  readonly oldest: WaitingTask[];
}

/**
 * The approval queue now (not limited by the range): open tasks of the workspaces (of one
 * workflow's runs, when `workflowId` is given), how many are past their due time, how long they have
 * waited in APPROVAL_AGE_BANDS, and the longest-waiting. Reads the partial index
 * `tasks_open_by_tenant`.
 */
export async function approvalQueue(sql: SqlDatabase, tenantIds: readonly string[], workflowId: string | undefined, now: number): Promise<ApprovalQueueFigures> {
  const tenants = `t.tenant_id IN (${tenantIds.map(() => '?').join(', ')}) AND t.status = 'open'`;
  const ofWorkflow = workflowId === undefined ? '' : ' AND t.run_id IN (SELECT id FROM runs WHERE tenant_id = t.tenant_id AND workflow_id = ?)';
  const params = workflowId === undefined ? [...tenantIds] : [...tenantIds, workflowId];
  const count = (condition: string) => `COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`;
  const bands = BAND_LIMITS_MS.map((limit, index) => `${count(`t.created_at > ${now - limit}${index === 0 ? '' : ` AND t.created_at <= ${now - (BAND_LIMITS_MS[index - 1] ?? 0)}`}`)} AS band${index}`);
  const counts = await sql.get<Record<string, number>>(
    `SELECT COUNT(*) AS waiting, ${count(`t.due_at IS NOT NULL AND t.due_at < ${now}`)} AS overdue, ${bands.join(', ')},
       ${count(`t.created_at <= ${now - (BAND_LIMITS_MS[BAND_LIMITS_MS.length - 1] ?? 0)}`)} AS band${BAND_LIMITS_MS.length}
     FROM tasks t WHERE ${tenants}${ofWorkflow}`,
    params,
  );
  const oldest = await sql.all<WaitingTask>(
    `SELECT t.tenant_id AS "tenantId", t.id AS "taskId", t.run_id AS "runId", t.title, t.created_at AS "createdAt", t.due_at AS "dueAt"
     FROM tasks t WHERE ${tenants}${ofWorkflow} ORDER BY t.created_at, t.id LIMIT ${MAX_OLDEST_LISTED}`,
    params,
  );
  return {
    waiting: counts?.waiting ?? 0,
    overdue: counts?.overdue ?? 0,
    byAge: APPROVAL_AGE_BANDS.map((band, index) => ({ band, count: counts?.[`band${index}`] ?? 0 })),
    oldest,
  };
}
