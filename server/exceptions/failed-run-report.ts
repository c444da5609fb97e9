import type { SqlDatabase } from '../../runtime/store/index.js';
import type { FinishedRun } from '../events/finished-run.js';
import type { ExceptionReport } from './exception-model.js';

/** Where an exception of a run comes from: its workflow, the run, and the workflow's SLA. */
export interface RunOrigin {
  readonly tenantId: string;
  readonly workflowId: string | null;
  readonly runId: string;
  readonly nodeId: string | null;
  readonly slaMinutes: number | null;
}

/** What the server reads of a run's stored definition. */
export interface StoredDefinition {
  name?: string;
  settings?: { slaMinutes?: number | null };
  nodes?: { id: string; name?: string }[];
}

/** The run's workflow definition as stored with it (name, SLA, node names). */
export async function runDefinition(sql: SqlDatabase, definitionHash: string): Promise<StoredDefinition> {
  return parseDefinition(await sql.get<{ body: string }>(DEFINITION_SQL, [definitionHash]));
}

/** The statement reading a stored definition's body by its hash. */
export const DEFINITION_SQL = 'SELECT body FROM definitions WHERE hash = ?';

/** A stored definition's row (`DEFINITION_SQL`) parsed; empty when the store has none. */
export function parseDefinition(row: { body: string } | undefined): StoredDefinition {
  return row ? (JSON.parse(row.body) as StoredDefinition) : {};
}

/** Where a run is from, for an exception one of its steps raises; undefined for a run the store does not have. */
export async function runOrigin(sql: SqlDatabase, runId: string, nodeId: string | null): Promise<RunOrigin | undefined> {
  const run = await sql.get<{ id: string; tenant_id: string; workflow_id: string | null; definition_hash: string }>('SELECT id, tenant_id, workflow_id, definition_hash FROM runs WHERE id = ?', [runId]);
  if (!run) return undefined;
  return { tenantId: run.tenant_id, workflowId: run.workflow_id, runId, nodeId, slaMinutes: (await runDefinition(sql, run.definition_hash)).settings?.slaMinutes ?? null };
}

/**
 * The exception a failed run leaves: for a run of an approved version that no other run started
 * (a forEach item or sub-workflow fails its parent, which reports it), never for a test run of a
 * draft. Undefined for any other run.
 */
export function failedRunReport(run: FinishedRun): { report: ExceptionReport; origin: RunOrigin } | undefined {
  if (run.status !== 'failed' || run.secondary) return undefined;
  const nodeId = run.error?.nodeId ?? null;
  const step = run.error?.nodeName ?? null;
  return {
    report: {
      category: 'run-failed',
      severity: 'high',
      title: step === null ? `${run.workflowName} failed` : `${run.workflowName} failed at "${step}"`,
      details: run.error?.message ?? 'the run failed',
      subject: null,
      owner: null,
      context: { errorCode: run.error?.code ?? null, workflowVersion: run.workflowVersion, ...(nodeId === null ? {} : { nodeId }) },
    },
    origin: { tenantId: run.tenantId, workflowId: run.workflowId, runId: run.runId, nodeId, slaMinutes: run.slaMinutes },
  };
}
