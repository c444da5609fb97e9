import type Database from 'better-sqlite3';
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

interface StoredDefinition {
  name?: string;
  settings?: { slaMinutes?: number | null };
  nodes?: { id: string; name?: string }[];
}

/** The run's workflow definition as stored with it (name, SLA, node names). */
export function runDefinition(db: Database.Database, definitionHash: string): StoredDefinition {
  const row = db.prepare('SELECT body FROM definitions WHERE hash = ?').get(definitionHash) as { body: string } | undefined;
  return row ? (JSON.parse(row.body) as StoredDefinition) : {};
}

/** Where a run is from, for an exception one of its steps raises; undefined for a run the store does not have. */
export function runOrigin(db: Database.Database, runId: string, nodeId: string | null): RunOrigin | undefined {
  const run = db.prepare('SELECT id, tenant_id, workflow_id, definition_hash FROM runs WHERE id = ?').get(runId) as { id: string; tenant_id: string; workflow_id: string | null; definition_hash: string } | undefined;
  if (!run) return undefined;
  return { tenantId: run.tenant_id, workflowId: run.workflow_id, runId, nodeId, slaMinutes: runDefinition(db, run.definition_hash).settings?.slaMinutes ?? null };
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
