import type Database from 'better-sqlite3';
import type { ExceptionReport } from './exception-model.js';

/** Where an exception of a run comes from: its workflow, the run, and the workflow's SLA. */
export interface RunOrigin {
  readonly tenantId: string;
  readonly workflowId: string | null;
  readonly runId: string;
  readonly nodeId: string | null;
  readonly slaMinutes: number | null;
}

interface RunRow {
  id: string;
  tenant_id: string;
  workflow_id: string | null;
  workflow_version: number | null;
  parent_run_id: string | null;
  trigger_info: string | null;
  status: string;
  error: string | null;
  definition_hash: string;
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
  const run = db.prepare('SELECT id, tenant_id, workflow_id, definition_hash FROM runs WHERE id = ?').get(runId) as Pick<RunRow, 'id' | 'tenant_id' | 'workflow_id' | 'definition_hash'> | undefined;
  if (!run) return undefined;
  return { tenantId: run.tenant_id, workflowId: run.workflow_id, runId, nodeId, slaMinutes: runDefinition(db, run.definition_hash).settings?.slaMinutes ?? null };
}

/**
 * The exception a failed run leaves: for a run of an approved version that no other run started
 * (a forEach item or sub-workflow fails its parent, which reports it), never for a test run of a
 * draft. Undefined for any other run.
 */
export function failedRunReport(db: Database.Database, runId: string): { report: ExceptionReport; origin: RunOrigin } | undefined {
  const run = db.prepare('SELECT id, tenant_id, workflow_id, workflow_version, parent_run_id, trigger_info, status, error, definition_hash FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (!run || run.status !== 'failed' || run.parent_run_id !== null || run.workflow_version === null) return undefined;
  const trigger = run.trigger_info === null ? null : (JSON.parse(run.trigger_info) as { draft?: unknown } | null);
  if (trigger?.draft === true) return undefined;
  const failure = run.error === null ? {} : (JSON.parse(run.error) as { code?: string; message?: string; nodeId?: string });
  const definition = runDefinition(db, run.definition_hash);
  const nodeId = failure.nodeId ?? null;
  const step = definition.nodes?.find((node) => node.id === nodeId);
  const workflowName = definition.name ?? 'A workflow';
  return {
    report: {
      category: 'run-failed',
      severity: 'high',
      title: step ? `${workflowName} failed at "${step.name ?? step.id}"` : `${workflowName} failed`,
      details: failure.message ?? 'the run failed',
      subject: null,
      owner: null,
      context: { errorCode: failure.code ?? null, workflowVersion: run.workflow_version, ...(nodeId === null ? {} : { nodeId }) },
    },
    origin: { tenantId: run.tenant_id, workflowId: run.workflow_id, runId: run.id, nodeId, slaMinutes: definition.settings?.slaMinutes ?? null },
  };
}
