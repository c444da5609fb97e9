import { MAX_SEARCH_ATTRIBUTES, workflowDefinitionSchema, type SearchAttributeChange, type WorkflowDefinition } from '../../definition/index.js';
import type {
  ChildRunProgress,
  EventWaitRecord,
  FailureRecord,
  NewRun,
  PayloadRef,
  QueuedWrite,
  RunFilter,
  RunRecord,
  RunStatus,
  RunStore,
  RunSummary,
  RunUpdate,
  StepPage,
  StepPageRequest,
  StepRecord,
  StepView,
  StepWrite,
  TaskDecision,
  TaskFilter,
  TaskRecord,
  TaskStatus,
  TimerRecord,
  UnfinishedRunCount,
  VersionRunFilter,
} from '../run-store.js';
import { RUN_STATUSES } from '../run-store.js';
import {
  attributesByRun,
  runSummaryColumns,
  stepPageQuery,
  toRunRecord,
  toRunSummary,
  toStepRecord,
  toStepView,
  toTaskRecord,
  toTimerRecord,
  type CutStepRow,
  type DecisionRow,
  type RunRow,
  type RunSummaryRow,
  type SearchAttributeRow,
  type StepRow,
  type TaskRow,
  type TimerRow,
} from '../rows.js';
import { runPageQuery, runStatusCountQuery } from '../run-list-sql.js';
import type { PostgresDatabase } from '../sql/postgres-database.js';
import type { SqlValue } from '../sql/sql-database.js';
import { runPostgresMigrations } from './run-postgres-migrations.js';
import { runtimePostgresMigrations } from './runtime-migrations.js';
import { PostgresWriteQueue } from './postgres-write-queue.js';

const RUN_UPDATE_COLUMNS: Record<keyof RunUpdate, string> = {
  status: 'status',
  outputJson: 'output',
  errorJson: 'error',
  responseJson: 'response',
  stepCount: 'step_count',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  errorWorkflowPending: 'error_workflow_pending',
  errorRunId: 'error_run_id',
  updatedAt: 'updated_at',
};

/** Every column of a run's insert, in order, keyed like {@link NewRun} and {@link RunUpdate}, so updates made before it commits merge in. */
const RUN_INSERT_COLUMNS = {
  id: 'id',
  tenantId: 'tenant_id',
  workflowId: 'workflow_id',
  workflowVersion: 'workflow_version',
  definitionHash: 'definition_hash',
  triggerNodeId: 'trigger_node_id',
  inputJson: 'input',
  paramsJson: 'params',
  triggerJson: 'trigger_info',
  parentRunId: 'parent_run_id',
  parentNodeId: 'parent_node_id',
  parentIndex: 'parent_index',
  initiatedBy: 'initiated_by',
  createdAt: 'created_at',
  businessKey: 'business_key',
  ...RUN_UPDATE_COLUMNS,
} as const;

type UnwrittenRun = Record<keyof typeof RUN_INSERT_COLUMNS, string | number | null>;

const INSERT_RUN = `INSERT INTO runs (${Object.values(RUN_INSERT_COLUMNS).join(', ')})
  VALUES (${Object.keys(RUN_INSERT_COLUMNS).map(() => '?').join(', ')})`;

const STEP_COLUMNS = ['run_id', 'node_id', 'iteration', 'seq', 'status', 'attempt', 'ports', 'input', 'output', 'error', 'wait_kind', 'wait', 'started_at', 'finished_at'];

/** Replaces the step keyed by run, node and iteration whole, as SQLite's INSERT OR REPLACE does. */
const UPSERT_STEP = `INSERT INTO steps (${STEP_COLUMNS.join(', ')}) VALUES (${STEP_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (run_id, node_id, iteration) DO UPDATE SET ${STEP_COLUMNS.slice(3).map((column) => `${column} = excluded.${column}`).join(', ')}`;

// A name the run holds already takes the new value; a new one is added only while the run holds
// fewer than the limit, so re-running a step changes nothing and no run grows unbounded.
const UPSERT_SEARCH_ATTRIBUTE = `INSERT INTO run_search_attributes (run_id, tenant_id, name, value)
  SELECT ?, ?, ?, ?
  WHERE EXISTS (SELECT 1 FROM run_search_attributes WHERE run_id = ? AND name = ?)
    OR (SELECT count(*) FROM run_search_attributes WHERE run_id = ?) < ${MAX_SEARCH_ATTRIBUTES}
  ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value`;

const STEP_KEY = 'run_id = ? AND node_id = ? AND iteration = ?';

/**
 * The run store on PostgreSQL (`FLOWGATE_DATABASE_URL`), with the SQLite store's contract: writes
 * are queued synchronously and committed in batches, one transaction per turn of the event loop
 * (see {@link PostgresWriteQueue}); reads go to the database and see what is committed.
 */
export class PostgresRunStore implements RunStore {
  private readonly queue: PostgresWriteQueue;
  /** Runs whose insert is queued but has not run yet, by id (updates merge into the insert). */
  private readonly unwrittenRuns = new Map<string, UnwrittenRun>();

  /** Wraps a database whose run store schema is migrated (see {@link PostgresRunStore.open}); the store closes it on close. */
  constructor(private readonly db: PostgresDatabase) {
    this.queue = new PostgresWriteQueue(db);
  }

  /** Migrates the run store's schema in `db` (shared with the server's tables) and opens the store on it. */
  static async open(db: PostgresDatabase): Promise<PostgresRunStore> {
    await runPostgresMigrations(db, runtimePostgresMigrations);
    return new PostgresRunStore(db);
  }

  saveDefinition(hash: string, definition: WorkflowDefinition): void {
    const body = JSON.stringify(definition);
    this.write('INSERT INTO definitions (hash, body, created_at) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING', [hash, body, Date.now()]);
  }

  async loadDefinition(hash: string): Promise<WorkflowDefinition | undefined> {
    const row = await this.db.get<{ body: string }>('SELECT body FROM definitions WHERE hash = ?', [hash]);
    return row ? workflowDefinitionSchema.parse(JSON.parse(row.body)) : undefined;
  }

  createRun(run: NewRun): void {
    const row: UnwrittenRun = {
      id: run.id,
      tenantId: run.tenantId,
      workflowId: run.workflowId,
      workflowVersion: run.workflowVersion,
      definitionHash: run.definitionHash,
      triggerNodeId: run.triggerNodeId,
      status: run.status,
      inputJson: run.inputJson,
      paramsJson: run.paramsJson,
      triggerJson: run.triggerJson,
      parentRunId: run.parentRunId,
      parentNodeId: run.parentNodeId,
      parentIndex: run.parentIndex,
      initiatedBy: run.initiatedBy,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      updatedAt: run.createdAt,
      outputJson: null,
      errorJson: null,
      responseJson: null,
      stepCount: 0,
      finishedAt: null,
      errorWorkflowPending: 0,
      errorRunId: null,
      businessKey: run.businessKey ?? null,
    };
    this.unwrittenRuns.set(run.id, row);
    this.queue.enqueue(async () => {
      this.unwrittenRuns.delete(run.id);
      await this.db.run(INSERT_RUN, Object.keys(RUN_INSERT_COLUMNS).map((key) => row[key as keyof UnwrittenRun]));
    });
  }

  updateRun(runId: string, update: RunUpdate): void {
    const changes = (Object.entries(update) as [keyof RunUpdate, string | number | boolean | null | undefined][])
      .filter((entry): entry is [keyof RunUpdate, string | number | boolean | null] => entry[1] !== undefined)
      .map(([key, value]) => [key, typeof value === 'boolean' ? Number(value) : value] as const);
    const unwritten = this.unwrittenRuns.get(runId);
    if (unwritten) {
      // Created in a batch whose insert has not run yet: the insert writes the run as it is now.
      for (const [key, value] of changes) unwritten[key] = value;
      return;
    }
    const assignments = changes.map(([key]) => `${RUN_UPDATE_COLUMNS[key]} = ?`).join(', ');
    this.write(`UPDATE runs SET ${assignments} WHERE id = ?`, [...changes.map(([, value]) => value), runId]);
  }

  writeStep(step: StepWrite): void {
    this.write(UPSERT_STEP, [
      step.runId,
      step.nodeId,
      step.iteration,
      step.seq,
      step.status,
      step.attempt,
      JSON.stringify(step.ports),
      step.inputJson,
      step.outputJson,
      step.errorJson,
      step.waitKind,
      step.waitJson,
      step.startedAt,
      step.finishedAt,
    ]);
  }

  setSearchAttributes(runId: string, tenantId: string, change: SearchAttributeChange): void {
    const { businessKey, attributes } = change;
    this.queue.enqueue(async () => {
      if (businessKey !== undefined) await this.db.run('UPDATE runs SET business_key = ? WHERE id = ?', [businessKey, runId]);
      for (const [name, value] of Object.entries(attributes)) {
        await this.db.run(UPSERT_SEARCH_ATTRIBUTE, [runId, tenantId, name, value, runId, name, runId]);
      }
    });
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const row = await this.db.get<RunRow>('SELECT * FROM runs WHERE id = ?', [runId]);
    return row ? (await this.records([row]))[0] : undefined;
  }

  async listSteps(runId: string): Promise<StepRecord[]> {
    return (await this.db.all<StepRow>('SELECT * FROM steps WHERE run_id = ? ORDER BY seq', [runId])).map(toStepRecord);
  }

  async listStepPage(runId: string, page: StepPageRequest): Promise<StepPage> {
    const query = stepPageQuery(runId, page, 'postgres');
    const rows = await this.db.all<CutStepRow>(query.sql, query.params);
    const steps: StepView[] = [];
    let bytes = 0;
    let more = false;
    for (const row of rows) {
      if (steps.length === page.limit || (steps.length > 0 && bytes >= page.budgetBytes)) {
        more = true;
        break;
      }
      const step = toStepView(row);
      bytes += step.shownBytes;
      steps.push(step.view);
    }
    return { steps, more };
  }

  async readPayload(ref: PayloadRef): Promise<string | null> {
    // Columns come from fixed lists, never from the caller's text.
    let row: { text: string | null } | undefined;
    if (!('nodeId' in ref)) {
      const column = ref.part === 'input' ? 'input' : 'output';
      row = await this.db.get(`SELECT ${column} AS text FROM runs WHERE id = ?`, [ref.runId]);
    } else {
      const column = ref.part === 'input' ? 'input' : ref.part === 'output' ? 'output' : 'error';
      row = await this.db.get(`SELECT ${column} AS text FROM steps WHERE ${STEP_KEY}`, [ref.runId, ref.nodeId, ref.iteration]);
    }
    return typeof row?.text === 'string' ? row.text : null;
  }

  async listRunIdsByStatus(status: RunStatus): Promise<string[]> {
    return ids(await this.db.all<{ id: string }>('SELECT id FROM runs WHERE status = ? ORDER BY created_at, id', [status]));
  }

  async listRuns(filter: RunFilter): Promise<RunSummary[]> {
    const query = runPageQuery(filter, filter.limit, 'postgres');
    return this.summaries(await this.db.all<RunSummaryRow>(query.sql, query.params));
  }

  async countRunsByStatus(filter: Omit<RunFilter, 'status' | 'after' | 'limit'>, cap: number): Promise<Record<RunStatus, number>> {
    const counts = await Promise.all(
      RUN_STATUSES.map(async (status) => {
        const query = runStatusCountQuery(filter, status, cap, 'postgres');
        const row = await this.db.get<{ count: number }>(query.sql, query.params);
        return [status, row?.count ?? 0] as const;
      }),
    );
    return Object.fromEntries(counts) as Record<RunStatus, number>;
  }

  async getRunSummaries(runIds: readonly string[]): Promise<RunSummary[]> {
    if (runIds.length === 0) return [];
    const rows = await this.db.all<RunSummaryRow>(`SELECT ${runSummaryColumns('postgres')} FROM runs WHERE id = ANY(?::text[])`, [textArray(runIds)]);
    return this.summaries(rows);
  }

  async countUnfinishedRuns(tenantId: string, workflowId: string): Promise<UnfinishedRunCount[]> {
    const rows = await this.db.all<{ workflow_version: number; count: number }>(
      `SELECT workflow_version, COUNT(*) AS count FROM runs
        WHERE status IN ('queued', 'running', 'waiting') AND tenant_id = ? AND workflow_id = ? AND workflow_version IS NOT NULL
        GROUP BY workflow_version ORDER BY workflow_version`,
      [tenantId, workflowId],
    );
    return rows.map((row) => ({ version: row.workflow_version, count: row.count }));
  }

  async listRunIdsAwaitingErrorWorkflow(): Promise<string[]> {
    return ids(await this.db.all<{ id: string }>('SELECT id FROM runs WHERE error_workflow_pending = 1 ORDER BY created_at'));
  }

  async listFinishedRunIds(filter: VersionRunFilter): Promise<string[]> {
    const rows = await this.db.all<{ id: string }>(
      `SELECT id FROM runs WHERE tenant_id = ? AND workflow_id = ? AND workflow_version = ? AND status IN ('succeeded', 'failed')
        ORDER BY created_at DESC, id DESC LIMIT ?`,
      [filter.tenantId, filter.workflowId, filter.workflowVersion, filter.limit],
    );
    return ids(rows);
  }

  async listChildRuns(parentRunId: string, parentNodeId?: string): Promise<RunRecord[]> {
    const rows =
      parentNodeId === undefined
        ? await this.db.all<RunRow>('SELECT * FROM runs WHERE parent_run_id = ? ORDER BY parent_node_id, parent_index', [parentRunId])
        : await this.db.all<RunRow>('SELECT * FROM runs WHERE parent_run_id = ? AND parent_node_id = ? ORDER BY parent_index', [parentRunId, parentNodeId]);
    return this.records(rows);
  }

  async childRunProgress(parentRunId: string, parentNodeId: string): Promise<ChildRunProgress> {
    const [counts, failed] = await Promise.all([
      this.db.get<{ started: number; unfinished: number }>(
        `SELECT COUNT(*) AS started, COUNT(*) FILTER (WHERE status NOT IN ('succeeded', 'failed', 'cancelled')) AS unfinished
          FROM runs WHERE parent_run_id = ? AND parent_node_id = ?`,
        [parentRunId, parentNodeId],
      ),
      this.db.get<RunRow>(
        `SELECT * FROM runs WHERE parent_run_id = ? AND parent_node_id = ? AND status IN ('failed', 'cancelled') ORDER BY parent_index LIMIT 1`,
        [parentRunId, parentNodeId],
      ),
    ]);
    return { started: counts?.started ?? 0, unfinished: counts?.unfinished ?? 0, firstFailed: failed && (await this.records([failed]))[0] };
  }

  async getStep(runId: string, nodeId: string, iteration: string): Promise<StepRecord | undefined> {
    const row = await this.db.get<StepRow>(`SELECT * FROM steps WHERE ${STEP_KEY}`, [runId, nodeId, iteration]);
    return row ? toStepRecord(row) : undefined;
  }

  async listWaitingSteps(waitKind: string): Promise<StepRecord[]> {
    return (await this.db.all<StepRow>("SELECT * FROM steps WHERE status = 'waiting' AND wait_kind = ?", [waitKind])).map(toStepRecord);
  }

  addTimer(timer: Omit<TimerRecord, 'id'>): void {
    this.write('INSERT INTO timers (run_id, node_id, iteration, kind, due_at) VALUES (?, ?, ?, ?, ?)', [
      timer.runId,
      timer.nodeId,
      timer.iteration,
      timer.kind,
      timer.dueAt,
    ]);
  }

  deleteTimers(runId: string, nodeId: string, iteration: string): void {
    this.write(`DELETE FROM timers WHERE ${STEP_KEY}`, [runId, nodeId, iteration]);
  }

  deleteTimer(id: number): void {
    this.write('DELETE FROM timers WHERE id = ?', [id]);
  }

  async nextTimerDue(): Promise<number | undefined> {
    const row = await this.db.get<{ due: number | null }>('SELECT MIN(due_at) AS due FROM timers');
    return row?.due ?? undefined;
  }

  async listDueTimers(now: number, limit: number): Promise<TimerRecord[]> {
    return (await this.db.all<TimerRow>('SELECT * FROM timers WHERE due_at <= ? ORDER BY due_at, id LIMIT ?', [now, limit])).map(toTimerRecord);
  }

  addEventWait(wait: EventWaitRecord): void {
    this.write(
      `INSERT INTO event_waits (tenant_id, correlation_key, run_id, node_id, iteration, created_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (run_id, node_id, iteration)
        DO UPDATE SET tenant_id = excluded.tenant_id, correlation_key = excluded.correlation_key, created_at = excluded.created_at`,
      [wait.tenantId, wait.correlationKey, wait.runId, wait.nodeId, wait.iteration, wait.createdAt],
    );
  }

  deleteEventWait(runId: string, nodeId: string, iteration: string): void {
    this.write(`DELETE FROM event_waits WHERE ${STEP_KEY}`, [runId, nodeId, iteration]);
  }

  async listEventWaits(tenantId: string, correlationKey: string): Promise<EventWaitRecord[]> {
    const rows = await this.db.all<{ tenant_id: string; correlation_key: string; run_id: string; node_id: string; iteration: string; created_at: number }>(
      'SELECT * FROM event_waits WHERE tenant_id = ? AND correlation_key = ? ORDER BY created_at',
      [tenantId, correlationKey],
    );
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      correlationKey: row.correlation_key,
      runId: row.run_id,
      nodeId: row.node_id,
      iteration: row.iteration,
      createdAt: row.created_at,
    }));
  }

  createTask(task: Omit<TaskRecord, 'decisions' | 'status' | 'escalatedAt' | 'closedAt'>): void {
    this.write(
      `INSERT INTO tasks (id, tenant_id, run_id, node_id, iteration, status, title, instructions, fields, policy, initiated_by, due_at, on_due, created_at)
        VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [
        task.id,
        task.tenantId,
        task.runId,
        task.nodeId,
        task.iteration,
        task.title,
        task.instructions,
        JSON.stringify(task.fields),
        JSON.stringify(task.policy),
        task.initiatedBy,
        task.dueAt,
        task.onDue,
        task.createdAt,
      ],
    );
  }

  async getTask(taskId: string): Promise<TaskRecord | undefined> {
    return this.withDecisions(await this.db.get<TaskRow>('SELECT * FROM tasks WHERE id = ?', [taskId]));
  }

  async getTaskForStep(runId: string, nodeId: string, iteration: string): Promise<TaskRecord | undefined> {
    return this.withDecisions(await this.db.get<TaskRow>(`SELECT * FROM tasks WHERE ${STEP_KEY}`, [runId, nodeId, iteration]));
  }

  async listTasks(filter: TaskFilter): Promise<TaskRecord[]> {
    const conditions: [string, SqlValue][] = [['tenant_id = ?', filter.tenantId]];
    if (filter.status) conditions.push(['status = ?', filter.status]);
    if (filter.runId) conditions.push(['run_id = ?', filter.runId]);
    // Through the decisions' primary key (task_id, actor_id), task by task of the tenant.
    if (filter.decidedBy !== undefined) conditions.push(['EXISTS (SELECT 1 FROM task_decisions d WHERE d.task_id = tasks.id AND d.actor_id = ?)', filter.decidedBy]);
    const order = filter.newestFirst === true ? 'created_at DESC, id DESC' : 'created_at, id';
    const limit = filter.limit === undefined ? '' : ' LIMIT ?';
    const params = [...conditions.map(([, value]) => value), ...(filter.limit === undefined ? [] : [filter.limit])];
    const rows = await this.db.all<TaskRow>(`SELECT * FROM tasks WHERE ${conditions.map(([condition]) => condition).join(' AND ')} ORDER BY ${order}${limit}`, params);
    const decisions = await this.decisionsByTask(rows.map((row) => row.id));
    return rows.map((row) => toTaskRecord(row, decisions.get(row.id) ?? []));
  }

  addDecision(taskId: string, decision: TaskDecision): void {
    this.write('INSERT INTO task_decisions (task_id, actor_id, decision, comment, token_id, decided_at) VALUES (?, ?, ?, ?, ?, ?)', [
      taskId,
      decision.actorId,
      decision.decision,
      decision.comment,
      decision.tokenId,
      decision.decidedAt,
    ]);
  }

  updateTask(taskId: string, update: { status?: TaskStatus; closedAt?: number | null; escalatedAt?: number | null }): void {
    const assignments: [string, SqlValue][] = [];
    if (update.status !== undefined) assignments.push(['status = ?', update.status]);
    if (update.closedAt !== undefined) assignments.push(['closed_at = ?', update.closedAt]);
    if (update.escalatedAt !== undefined) assignments.push(['escalated_at = ?', update.escalatedAt]);
    if (assignments.length === 0) return;
    this.write(`UPDATE tasks SET ${assignments.map(([assignment]) => assignment).join(', ')} WHERE id = ?`, [...assignments.map(([, value]) => value), taskId]);
  }

  cancelOpenTask(runId: string, nodeId: string, iteration: string, closedAt: number): void {
    this.write(`UPDATE tasks SET status = 'cancelled', closed_at = ? WHERE ${STEP_KEY} AND status = 'open'`, [closedAt, runId, nodeId, iteration]);
  }

  endUnfinishedSteps(runId: string, failure: Omit<FailureRecord, 'nodeId'>, finishedAt: number): void {
    const failureJson = JSON.stringify(failure);
    this.queue.enqueue(async () => {
      await this.db.run(
        `UPDATE steps SET status = 'failed', error = jsonb_set(?::jsonb, '{nodeId}', to_jsonb(node_id))::text, wait_kind = NULL,
          wait = NULL, finished_at = ? WHERE run_id = ? AND status IN ('running', 'waiting')`,
        [failureJson, finishedAt, runId],
      );
      await this.db.run("UPDATE tasks SET status = 'cancelled', closed_at = ? WHERE run_id = ? AND status = 'open'", [finishedAt, runId]);
      await this.db.run('DELETE FROM timers WHERE run_id = ?', [runId]);
      await this.db.run('DELETE FROM event_waits WHERE run_id = ?', [runId]);
    });
  }

  async isTokenUsed(tokenId: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 FROM task_decisions WHERE token_id = ?', [tokenId])) !== undefined;
  }

  async pruneRuns(tenantId: string, finishedBefore: number): Promise<number> {
    await this.queue.flush();
    return this.db.run(
      `DELETE FROM runs WHERE tenant_id = ? AND finished_at IS NOT NULL AND finished_at < ?
        AND status IN ('succeeded', 'failed', 'cancelled') AND error_workflow_pending = 0
        AND NOT EXISTS (SELECT 1 FROM runs parent WHERE parent.id = runs.parent_run_id AND parent.finished_at IS NULL)`,
      [tenantId, finishedBefore],
    );
  }

  /**
   * Queues a write of the application's own tables into the run store's commit. On this store it
   * may be asynchronous: it runs inside the batch's transaction, so every statement it makes
   * through the store's {@link PostgresDatabase} joins that commit, after the writes queued before it.
   */
  queueWrite(write: QueuedWrite): void {
    this.queue.enqueue(write);
  }

  exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.db.exclusive(name, work);
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  async close(): Promise<void> {
    // As on SQLite, closing commits what is queued; a failed commit has already failed its flushes.
    await this.queue.flush().catch(() => undefined);
    await this.db.close();
  }

  /** Queues one statement. */
  private write(sql: string, params: readonly SqlValue[]): void {
    this.queue.enqueue(async () => {
      await this.db.run(sql, params);
    });
  }

  /** Runs as records, each with its search attributes. */
  private async records(rows: readonly RunRow[]): Promise<RunRecord[]> {
    const attributes = await this.searchAttributes(rows.map((row) => row.id));
    return rows.map((row) => toRunRecord(row, attributes.get(row.id) ?? {}));
  }

  /** Run summaries, each with its search attributes. */
  private async summaries(rows: readonly RunSummaryRow[]): Promise<RunSummary[]> {
    const attributes = await this.searchAttributes(rows.map((row) => row.id));
    return rows.map((row) => toRunSummary(row, attributes.get(row.id) ?? {}));
  }

  /** The search attributes of these runs, through the primary key, by run id. */
  private async searchAttributes(runIds: readonly string[]): Promise<Map<string, Record<string, string>>> {
    if (runIds.length === 0) return new Map();
    const rows = await this.db.all<SearchAttributeRow>(
      'SELECT run_id, name, value FROM run_search_attributes WHERE run_id = ANY(?::text[]) ORDER BY run_id, name',
      [textArray(runIds)],
    );
    return attributesByRun(rows);
  }

  private async withDecisions(row: TaskRow | undefined): Promise<TaskRecord | undefined> {
    if (!row) return undefined;
    return toTaskRecord(row, (await this.decisionsByTask([row.id])).get(row.id) ?? []);
  }

  /** The decisions on these tasks, in decision order, by task id. */
  private async decisionsByTask(taskIds: readonly string[]): Promise<Map<string, DecisionRow[]>> {
    const byTask = new Map<string, DecisionRow[]>();
    if (taskIds.length === 0) return byTask;
    const rows = await this.db.all<DecisionRow & { task_id: string }>(
      'SELECT * FROM task_decisions WHERE task_id = ANY(?::text[]) ORDER BY task_id, decided_at, actor_id',
      [textArray(taskIds)],
    );
    for (const row of rows) byTask.set(row.task_id, [...(byTask.get(row.task_id) ?? []), row]);
    return byTask;
  }
}

function ids(rows: readonly { id: string }[]): string[] {
  return rows.map((row) => row.id);
}

/**
 * A list of texts bound as one parameter, as PostgreSQL's array literal (`{"a","b"}`), so any
 * number of ids takes one placeholder. SqlValue has no arrays, so the literal is built here, each
 * element quoted and escaped.
 */
function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`).join(',')}}`;
}
