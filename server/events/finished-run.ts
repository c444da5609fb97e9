import type { SqlDatabase } from '../../runtime/store/index.js';
import { runDefinition, type StoredDefinition } from '../exceptions/failed-run-report.js';

/** What the server keeps of a run as it ends: events, exceptions and rollups read it. */
export interface FinishedRun {
  readonly runId: string;
  readonly tenantId: string;
  readonly workflowId: string | null;
  readonly workflowVersion: number | null;
  readonly workflowName: string;
  readonly status: 'succeeded' | 'failed' | 'cancelled';
  /** The trigger type that started it (`webhook`, `schedule`, `manual`, ...), null when unknown. */
  readonly trigger: string | null;
  readonly createdAt: number;
  readonly finishedAt: number;
  /** From its creation (when it was accepted) to its end. */
  readonly durationMs: number;
  readonly slaMinutes: number | null;
  /** It ended more than `slaMinutes` after its creation. */
  readonly slaBreached: boolean;
  /** The failure, for a failed run. */
  readonly error: { readonly code: string | null; readonly message: string; readonly nodeId: string | null; /** The failed step's name (its id when unnamed). */ readonly nodeName: string | null } | null;
  /** A test run of a draft, or a run another run started (forEach item, sub-workflow): not the workflow's own. */
  readonly secondary: boolean;
}

/** A run's row as {@link FINISHED_RUN_SQL} reads it. */
export interface FinishedRunRow {
  id: string;
  tenant_id: string;
  workflow_id: string | null;
  workflow_version: number | null;
  parent_run_id: string | null;
  trigger_info: string | null;
  status: string;
  error: string | null;
  definition_hash: string;
  created_at: number;
  finished_at: number | null;
}

/** How a step is named: its name, else its id; null for a node the definition does not have. */
function nodeName(node: { id: string; name?: string } | undefined): string | null {
  return node ? (node.name ?? node.id) : null;
}

/** The columns of a run {@link toFinishedRun} reads. */
export const FINISHED_RUN_SQL = 'SELECT id, tenant_id, workflow_id, workflow_version, parent_run_id, trigger_info, status, error, definition_hash, created_at, finished_at FROM runs WHERE id = ?';

/** The run as it ended; undefined for a run the store does not have or that has not ended. */
export async function finishedRun(sql: SqlDatabase, runId: string): Promise<FinishedRun | undefined> {
  const run = await sql.get<FinishedRunRow>(FINISHED_RUN_SQL, [runId]);
  return run && toFinishedRun(run, await runDefinition(sql, run.definition_hash));
}

/** A run's row (`FINISHED_RUN_SQL`) and its stored definition as it ended; undefined for a run that has not ended. */
export function toFinishedRun(run: FinishedRunRow, definition: StoredDefinition): FinishedRun | undefined {
  if (run.finished_at === null || !['succeeded', 'failed', 'cancelled'].includes(run.status)) return undefined;
  const trigger = run.trigger_info === null ? null : (JSON.parse(run.trigger_info) as { type?: string; draft?: unknown } | null);
  const slaMinutes = definition.settings?.slaMinutes ?? null;
  const durationMs = Math.max(0, run.finished_at - run.created_at);
  const failure = run.status === 'failed' && run.error !== null ? (JSON.parse(run.error) as { code?: string; message?: string; nodeId?: string }) : null;
  return {
    runId: run.id,
    tenantId: run.tenant_id,
    workflowId: run.workflow_id,
    workflowVersion: run.workflow_version,
    workflowName: definition.name ?? 'A workflow',
    status: run.status as FinishedRun['status'],
    trigger: trigger?.type ?? null,
    createdAt: run.created_at,
    finishedAt: run.finished_at,
    durationMs,
    slaMinutes,
    slaBreached: slaMinutes !== null && durationMs > slaMinutes * 60_000,
    error: failure && {
      code: failure.code ?? null,
      message: failure.message ?? 'the run failed',
      nodeId: failure.nodeId ?? null,
      nodeName: nodeName(definition.nodes?.find((node) => node.id === failure.nodeId)),
    },
    secondary: trigger?.draft === true || run.parent_run_id !== null || run.workflow_version === null,
  };
}
