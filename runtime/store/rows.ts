import { CutPayload, type FailureRecord, type RunRecord, type RunStatus, type RunSummary, type StepPageRequest, type StepRecord, type StepView, type TaskDecision, type TaskRecord, type TimerRecord } from './run-store.js';
import type { SqlDialect, SqlValue } from './sql/sql-database.js';

/** A statement's text with `?` placeholders, and the values bound to them in order. */
export interface SqlStatement {
  readonly sql: string;
  readonly params: SqlValue[];
}

/** A `runs` row. */
export interface RunRow {
  id: string;
  tenant_id: string;
  workflow_id: string | null;
  workflow_version: number | null;
  definition_hash: string;
  trigger_node_id: string;
  status: RunStatus;
  input: string;
  params: string;
  trigger_info: string | null;
  output: string | null;
  error: string | null;
  response: string | null;
  step_count: number;
  parent_run_id: string | null;
  parent_node_id: string | null;
  parent_index: number | null;
  initiated_by: string | null;
  error_workflow_pending: number;
  error_run_id: string | null;
  business_key: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

/** A `steps` row. */
export interface StepRow {
  run_id: string;
  node_id: string;
  iteration: string;
  seq: number;
  status: StepRecord['status'];
  attempt: number;
  ports: string;
  input: string | null;
  output: string | null;
  error: string | null;
  wait: string | null;
  started_at: number | null;
  finished_at: number | null;
}

/** A `tasks` row. */
export interface TaskRow {
  id: string;
  tenant_id: string;
  run_id: string;
  node_id: string;
  iteration: string;
  status: TaskRecord['status'];
  title: string;
  instructions: string;
  fields: string;
  policy: string;
  initiated_by: string | null;
  due_at: number | null;
  on_due: TaskRecord['onDue'];
  escalated_at: number | null;
  created_at: number;
  closed_at: number | null;
}

/** A `task_decisions` row. */
export interface DecisionRow {
  actor_id: string;
  decision: TaskDecision['decision'];
  comment: string;
  decided_at: number;
  token_id: string | null;
}

/** A `timers` row. */
export interface TimerRow {
  id: number;
  run_id: string;
  node_id: string;
  iteration: string;
  kind: TimerRecord['kind'];
  due_at: number;
}

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

/** A run's search attributes as `run_search_attributes` rows hold them. */
export interface SearchAttributeRow {
  run_id: string;
  name: string;
  value: string;
}

/** Attribute rows grouped by run id, names in order. */
export function attributesByRun(rows: readonly SearchAttributeRow[]): Map<string, Record<string, string>> {
  const byRun = new Map<string, Record<string, string>>();
  for (const row of rows) {
    let attributes = byRun.get(row.run_id);
    if (!attributes) byRun.set(row.run_id, (attributes = {}));
    attributes[row.name] = row.value;
  }
  return byRun;
}

export function toRunRecord(row: RunRow, searchAttributes: Readonly<Record<string, string>>): RunRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    workflowId: row.workflow_id,
    workflowVersion: row.workflow_version,
    definitionHash: row.definition_hash,
    triggerNodeId: row.trigger_node_id,
    status: row.status,
    input: JSON.parse(row.input),
    params: JSON.parse(row.params) as Record<string, unknown>,
    trigger: parseJson(row.trigger_info),
    output: parseJson(row.output),
    error: parseJson(row.error) as FailureRecord | null,
    response: parseJson(row.response),
    stepCount: row.step_count,
    parentRunId: row.parent_run_id,
    parentNodeId: row.parent_node_id,
    parentIndex: row.parent_index,
    initiatedBy: row.initiated_by,
    errorWorkflowPending: row.error_workflow_pending === 1,
    errorRunId: row.error_run_id,
    businessKey: row.business_key,
    searchAttributes,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  };
}

/** Byte length of a text column, on each engine. */
function byteLength(column: string, dialect: SqlDialect): string {
  return dialect === 'sqlite' ? `length(CAST(${column} AS BLOB))` : `octet_length(${column})`;
}

/** Whether the run is a draft run, as 0 or 1: no approved version, or `draft: true` in its trigger metadata. */
function draftColumn(dialect: SqlDialect): string {
  return dialect === 'sqlite'
    ? `(workflow_version IS NULL OR (json_valid(trigger_info) AND json_extract(trigger_info, '$.draft') IS 1)) AS draft`
    : `CASE WHEN workflow_version IS NULL OR (trigger_info::jsonb -> 'draft') IN ('true'::jsonb, '1'::jsonb) THEN 1 ELSE 0 END AS draft`;
}

/** The failure's code, message and node as a JSON object's text, read in place. */
function errorHeadlineColumn(dialect: SqlDialect): string {
  return dialect === 'sqlite'
    ? `CASE WHEN json_valid(error) THEN json_object('code', json_extract(error, '$.code'), 'message', json_extract(error, '$.message'), 'nodeId', json_extract(error, '$.nodeId')) END AS error_headline`
    : `CASE WHEN error IS NOT NULL THEN json_build_object('code', error::jsonb -> 'code', 'message', error::jsonb -> 'message', 'nodeId', error::jsonb -> 'nodeId')::text END AS error_headline`;
}

/** The columns of a run summary: everything but the payloads, whose sizes and the failure's headline the database reads in place. */
export function runSummaryColumns(dialect: SqlDialect): string {
  return `id, tenant_id, workflow_id, workflow_version, trigger_node_id, status, step_count, parent_run_id, parent_node_id, parent_index, initiated_by,
  business_key, created_at, started_at, finished_at, ${byteLength('input', dialect)} AS input_bytes, coalesce(${byteLength('output', dialect)}, 0) AS output_bytes,
  trigger_type, ${draftColumn(dialect)}, ${errorHeadlineColumn(dialect)}`;
}

/** A row of {@link runSummaryColumns}. */
export interface RunSummaryRow {
  id: string;
  tenant_id: string;
  workflow_id: string | null;
  workflow_version: number | null;
  trigger_node_id: string;
  status: RunStatus;
  step_count: number;
  parent_run_id: string | null;
  parent_node_id: string | null;
  parent_index: number | null;
  initiated_by: string | null;
  business_key: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  input_bytes: number;
  output_bytes: number;
  trigger_type: unknown;
  draft: number;
  error_headline: string | null;
}

export function toRunSummary(row: RunSummaryRow, searchAttributes: Readonly<Record<string, string>>): RunSummary {
  const headline = row.error_headline === null ? null : (JSON.parse(row.error_headline) as { code: unknown; message: unknown; nodeId: unknown });
  return {
    id: row.id,
    tenantId: row.tenant_id,
    workflowId: row.workflow_id,
    workflowVersion: row.workflow_version,
    triggerNodeId: row.trigger_node_id,
    triggerType: typeof row.trigger_type === 'string' ? row.trigger_type : null,
    status: row.status,
    error:
      headline === null
        ? null
        : {
            code: typeof headline.code === 'string' ? headline.code : 'UNKNOWN',
            message: typeof headline.message === 'string' ? headline.message : '',
            ...(typeof headline.nodeId === 'string' ? { nodeId: headline.nodeId } : {}),
          },
    stepCount: row.step_count,
    parentRunId: row.parent_run_id,
    parentNodeId: row.parent_node_id,
    parentIndex: row.parent_index,
    initiatedBy: row.initiated_by,
    draft: row.draft === 1,
    inputBytes: row.input_bytes,
    outputBytes: row.output_bytes,
    businessKey: row.business_key,
    searchAttributes,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/**
 * A body column of `steps` as a page reads it: the text when at most `cap` bytes, else NULL with
 * the size and the first `previewChars` characters, so an oversized body is never loaded whole.
 */
function cutColumn(column: 'input' | 'output' | 'error', page: StepPageRequest, dialect: SqlDialect): SqlStatement {
  const size = byteLength(column, dialect);
  return {
    sql: `CASE WHEN ${size} > ? THEN NULL ELSE ${column} END AS ${column}, ${size} AS ${column}_bytes,
    CASE WHEN ${size} > ? THEN substr(${column}, 1, ?) END AS ${column}_preview`,
    params: [page.bodyCapBytes, page.bodyCapBytes, page.previewChars],
  };
}

/** One page of a run's steps after `page.afterSeq`, one row more than the page holds (so the caller learns whether more follow), bodies cut. */
export function stepPageQuery(runId: string, page: StepPageRequest, dialect: SqlDialect): SqlStatement {
  const bodies = (['input', 'output', 'error'] as const).map((column) => cutColumn(column, page, dialect));
  return {
    sql: `SELECT run_id, node_id, iteration, seq, status, attempt, ports, started_at, finished_at, ${bodies.map((body) => body.sql).join(', ')}
      FROM steps WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    params: [...bodies.flatMap((body) => body.params), runId, page.afterSeq, page.limit + 1],
  };
}

/** A row of a step page (see {@link stepPageQuery}). */
export interface CutStepRow extends Omit<StepRow, 'wait'> {
  input_bytes: number | null;
  input_preview: string | null;
  output_bytes: number | null;
  output_preview: string | null;
  error_bytes: number | null;
  error_preview: string | null;
}

function cutOrParsed(text: string | null, bytes: number | null, preview: string | null): unknown {
  if (preview !== null) return new CutPayload(bytes ?? 0, preview);
  return parseJson(text);
}

/** A step of a page, and how many bytes of body it shows. */
export function toStepView(row: CutStepRow): { view: StepView; shownBytes: number } {
  const shown = (text: string | null, preview: string | null) => (preview ?? text ?? '').length;
  return {
    view: {
      runId: row.run_id,
      nodeId: row.node_id,
      iteration: row.iteration,
      seq: row.seq,
      status: row.status,
      attempt: row.attempt,
      ports: JSON.parse(row.ports) as string[],
      input: cutOrParsed(row.input, row.input_bytes, row.input_preview),
      output: cutOrParsed(row.output, row.output_bytes, row.output_preview),
      error: cutOrParsed(row.error, row.error_bytes, row.error_preview) as FailureRecord | CutPayload | null,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    },
    shownBytes: shown(row.input, row.input_preview) + shown(row.output, row.output_preview) + shown(row.error, row.error_preview),
  };
}

export function toStepRecord(row: StepRow): StepRecord {
  return {
    runId: row.run_id,
    nodeId: row.node_id,
    iteration: row.iteration,
    seq: row.seq,
    status: row.status,
    attempt: row.attempt,
    ports: JSON.parse(row.ports) as string[],
    input: parseJson(row.input),
    output: parseJson(row.output),
    error: parseJson(row.error) as FailureRecord | null,
    wait: parseJson(row.wait),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function toTaskRecord(row: TaskRow, decisions: readonly DecisionRow[]): TaskRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    runId: row.run_id,
    nodeId: row.node_id,
    iteration: row.iteration,
    status: row.status,
    title: row.title,
    instructions: row.instructions,
    fields: JSON.parse(row.fields) as Record<string, unknown>,
    policy: JSON.parse(row.policy) as TaskRecord['policy'],
    initiatedBy: row.initiated_by,
    dueAt: row.due_at,
    onDue: row.on_due,
    escalatedAt: row.escalated_at,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    decisions: decisions.map((decision) => ({
      actorId: decision.actor_id,
      decision: decision.decision,
      comment: decision.comment,
      decidedAt: decision.decided_at,
      tokenId: decision.token_id,
    })),
  };
}

export function toTimerRecord(row: TimerRow): TimerRecord {
  return { id: row.id, runId: row.run_id, nodeId: row.node_id, iteration: row.iteration, kind: row.kind, dueAt: row.due_at };
}
