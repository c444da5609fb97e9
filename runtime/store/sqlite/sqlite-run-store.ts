import type Database from 'better-sqlite3';
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
  StepView,
  StepRecord,
  StepWrite,
  TaskDecision,
  TaskFilter,
  UnfinishedRunCount,
  TaskRecord,
  TaskStatus,
  TimerRecord,
  VersionRunFilter,
} from '../run-store.js';
import { RUN_STATUSES } from '../run-store.js';
import { openDatabase, type DatabaseOptions } from './open-database.js';
import { runMigrations } from './run-migrations.js';
import { runtimeMigrations } from './runtime-migrations.js';
import {
  attributesByRun,
  runSummaryColumns,
  stepPageQuery,
  toRunRecord,
  toRunSummary,
  toStepRecord,
  toStepView,
  type CutStepRow,
  toTaskRecord,
  toTimerRecord,
  type DecisionRow,
  type RunRow,
  type RunSummaryRow,
  type SearchAttributeRow,
  type StepRow,
  type TaskRow,
  type TimerRow,
} from '../rows.js';
import { runPageQuery, runStatusCountQuery } from '../run-list-sql.js';
import { WriteQueue } from './write-queue.js';
import { SqliteDatabase } from '../sql/sqlite-database.js';

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

/** The named parameters of a run's insert, every column, so updates made before it commits merge in. */
type UnwrittenRun = Record<string, string | number | null>;

/** Prepares every statement the store uses, once. */
function prepareStatements(db: Database.Database) {
  return {
    insertDefinition: db.prepare('INSERT OR IGNORE INTO definitions (hash, body, created_at) VALUES (?, ?, ?)'),
    selectDefinition: db.prepare('SELECT body FROM definitions WHERE hash = ?'),
    insertRun: db.prepare(`INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, definition_hash, trigger_node_id,
      status, input, params, trigger_info, parent_run_id, parent_node_id, parent_index, initiated_by,
      created_at, started_at, updated_at, output, error, response, step_count, finished_at, error_workflow_pending, error_run_id, business_key)
      VALUES (@id, @tenantId, @workflowId, @workflowVersion, @definitionHash, @triggerNodeId, @status, @inputJson,
      @paramsJson, @triggerJson, @parentRunId, @parentNodeId, @parentIndex, @initiatedBy, @createdAt, @startedAt, @updatedAt,
      @outputJson, @errorJson, @responseJson, @stepCount, @finishedAt, @errorWorkflowPending, @errorRunId, @businessKey)`),
    updateBusinessKey: db.prepare('UPDATE runs SET business_key = ? WHERE id = ?'),
    // A name the run holds already takes the new value; a new one is added only while the run
    // holds fewer than the limit, so re-running a step changes nothing and no run grows unbounded.
    upsertSearchAttribute: db.prepare(`INSERT INTO run_search_attributes (run_id, tenant_id, name, value)
      SELECT @runId, @tenantId, @name, @value
      WHERE EXISTS (SELECT 1 FROM run_search_attributes WHERE run_id = @runId AND name = @name)
        OR (SELECT count(*) FROM run_search_attributes WHERE run_id = @runId) < ${MAX_SEARCH_ATTRIBUTES}
      ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value`),
    upsertStep: db.prepare(`INSERT OR REPLACE INTO steps (run_id, node_id, iteration, seq, status, attempt, ports,
      input, output, error, wait_kind, wait, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    selectRun: db.prepare('SELECT * FROM runs WHERE id = ?'),
    selectSteps: db.prepare('SELECT * FROM steps WHERE run_id = ? ORDER BY seq'),
    selectRunInput: db.prepare('SELECT input FROM runs WHERE id = ?').pluck(),
    selectRunOutput: db.prepare('SELECT output FROM runs WHERE id = ?').pluck(),
    selectStepInput: db.prepare('SELECT input FROM steps WHERE run_id = ? AND node_id = ? AND iteration = ?').pluck(),
    selectStepOutput: db.prepare('SELECT output FROM steps WHERE run_id = ? AND node_id = ? AND iteration = ?').pluck(),
    selectStepError: db.prepare('SELECT error FROM steps WHERE run_id = ? AND node_id = ? AND iteration = ?').pluck(),
    selectStep: db.prepare('SELECT * FROM steps WHERE run_id = ? AND node_id = ? AND iteration = ?'),
    selectWaitingSteps: db.prepare("SELECT * FROM steps WHERE status = 'waiting' AND wait_kind = ?"),
    selectRunIdsByStatus: db.prepare('SELECT id FROM runs WHERE status = ? ORDER BY created_at, id').pluck(),
    // The unary + keeps SQLite off runs_by_workflow (a workflow's whole history): through runs_by_status
    // only the unfinished runs of the store are read.
    countUnfinishedRuns: db.prepare(`SELECT workflow_version, COUNT(*) AS count FROM runs
      WHERE status IN ('queued', 'running', 'waiting') AND +tenant_id = ? AND +workflow_id = ? AND workflow_version IS NOT NULL
      GROUP BY workflow_version ORDER BY workflow_version`),
    selectRunIdsAwaitingErrorWorkflow: db.prepare('SELECT id FROM runs WHERE error_workflow_pending = 1 ORDER BY created_at').pluck(),
    selectFinishedRunIds: db.prepare(`SELECT id FROM runs WHERE tenant_id = @tenantId AND workflow_id = @workflowId
      AND workflow_version = @workflowVersion AND status IN ('succeeded', 'failed') ORDER BY created_at DESC, id DESC LIMIT @limit`).pluck(),
    selectChildRuns: db.prepare('SELECT * FROM runs WHERE parent_run_id = ? AND parent_node_id = ? ORDER BY parent_index'),
    countChildRuns: db.prepare(`SELECT COUNT(*) AS started, COALESCE(SUM(status NOT IN ('succeeded', 'failed', 'cancelled')), 0) AS unfinished
      FROM runs WHERE parent_run_id = ? AND parent_node_id = ?`),
    selectFirstFailedChildRun: db.prepare(`SELECT * FROM runs WHERE parent_run_id = ? AND parent_node_id = ? AND status IN ('failed', 'cancelled')
      ORDER BY parent_index LIMIT 1`),
    selectAllChildRuns: db.prepare('SELECT * FROM runs WHERE parent_run_id = ? ORDER BY parent_node_id, parent_index'),
    cancelOpenTask: db.prepare(`UPDATE tasks SET status = 'cancelled', closed_at = ?
      WHERE run_id = ? AND node_id = ? AND iteration = ? AND status = 'open'`),
    endUnfinishedSteps: db.prepare(`UPDATE steps SET status = 'failed', error = json_set(?, '$.nodeId', node_id), wait_kind = NULL,
      wait = NULL, finished_at = ? WHERE run_id = ? AND status IN ('running', 'waiting')`),
    cancelOpenTasks: db.prepare("UPDATE tasks SET status = 'cancelled', closed_at = ? WHERE run_id = ? AND status = 'open'"),
    deleteRunTimers: db.prepare('DELETE FROM timers WHERE run_id = ?'),
    deleteRunEventWaits: db.prepare('DELETE FROM event_waits WHERE run_id = ?'),
    insertTimer: db.prepare('INSERT INTO timers (run_id, node_id, iteration, kind, due_at) VALUES (?, ?, ?, ?, ?)'),
    deleteStepTimers: db.prepare('DELETE FROM timers WHERE run_id = ? AND node_id = ? AND iteration = ?'),
    deleteTimer: db.prepare('DELETE FROM timers WHERE id = ?'),
    selectNextDue: db.prepare('SELECT MIN(due_at) FROM timers').pluck(),
    selectDueTimers: db.prepare('SELECT * FROM timers WHERE due_at <= ? ORDER BY due_at, id LIMIT ?'),
    insertEventWait: db.prepare(`INSERT OR REPLACE INTO event_waits (tenant_id, correlation_key, run_id, node_id, iteration, created_at)
      VALUES (@tenantId, @correlationKey, @runId, @nodeId, @iteration, @createdAt)`),
    deleteEventWait: db.prepare('DELETE FROM event_waits WHERE run_id = ? AND node_id = ? AND iteration = ?'),
    selectEventWaits: db.prepare('SELECT * FROM event_waits WHERE tenant_id = ? AND correlation_key = ? ORDER BY created_at'),
    insertTask: db.prepare(`INSERT OR IGNORE INTO tasks (id, tenant_id, run_id, node_id, iteration, status, title, instructions, fields,
      policy, initiated_by, due_at, on_due, created_at)
      VALUES (@id, @tenantId, @runId, @nodeId, @iteration, 'open', @title, @instructions, @fields, @policy, @initiatedBy,
      @dueAt, @onDue, @createdAt)`),
    selectTask: db.prepare('SELECT * FROM tasks WHERE id = ?'),
    selectTaskForStep: db.prepare('SELECT * FROM tasks WHERE run_id = ? AND node_id = ? AND iteration = ?'),
    selectDecisions: db.prepare('SELECT * FROM task_decisions WHERE task_id = ? ORDER BY decided_at, actor_id'),
    insertDecision: db.prepare(`INSERT INTO task_decisions (task_id, actor_id, decision, comment, token_id, decided_at)
      VALUES (?, ?, ?, ?, ?, ?)`),
    selectTokenUse: db.prepare('SELECT 1 FROM task_decisions WHERE token_id = ?').pluck(),
    pruneRuns: db.prepare(`DELETE FROM runs WHERE tenant_id = ? AND finished_at IS NOT NULL AND finished_at < ?
      AND status IN ('succeeded', 'failed', 'cancelled') AND error_workflow_pending = 0
      AND NOT EXISTS (SELECT 1 FROM runs parent WHERE parent.id = runs.parent_run_id AND parent.finished_at IS NULL)`),
  };
}

/** The embedded run store: one SQLite file, WAL, `synchronous=FULL` unless configured otherwise. */
export class SqliteRunStore implements RunStore {
  private readonly queue: WriteQueue;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly updateStatements = new Map<string, Database.Statement>();
  /** Runs whose insert is queued but not yet committed, by id (updates merge into the insert). */
  private readonly unwrittenRuns = new Map<string, UnwrittenRun>();

  private readonly db: Database.Database;

  /**
   * Wraps an open database (shared with the server's tables), migrating the run store's schema.
   * Its own statements run synchronously on the connection; writes queued with
   * {@link queueWrite} may also go through `sql` and join the same commit.
   */
  constructor(private readonly sql: SqliteDatabase) {
    this.db = sql.connection;
    runMigrations(this.db, runtimeMigrations);
    this.queue = new WriteQueue(sql);
    this.statements = prepareStatements(this.db);
  }

  /** Opens the database file at `filename` and the store on it. */
  static open(filename: string, options: DatabaseOptions = {}): SqliteRunStore {
    return new SqliteRunStore(new SqliteDatabase(openDatabase(filename, options)));
  }

  saveDefinition(hash: string, definition: WorkflowDefinition): void {
    const body = JSON.stringify(definition);
    this.queue.enqueue(() => this.statements.insertDefinition.run(hash, body, Date.now()));
  }

  loadDefinition(hash: string): Promise<WorkflowDefinition | undefined> {
    const row = this.statements.selectDefinition.get(hash) as { body: string } | undefined;
    return Promise.resolve(row ? workflowDefinitionSchema.parse(JSON.parse(row.body)) : undefined);
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
    this.queue.enqueue(() => {
      this.unwrittenRuns.delete(run.id);
      this.statements.insertRun.run(row);
    });
  }

  updateRun(runId: string, update: RunUpdate): void {
    const unwritten = this.unwrittenRuns.get(runId);
    if (unwritten) {
      // Created in the batch that has not committed yet: the insert writes the run as it is now.
      for (const [key, value] of Object.entries(update) as [string, string | number | boolean | null | undefined][]) {
        if (value !== undefined) unwritten[key] = typeof value === 'boolean' ? Number(value) : value;
      }
      return;
    }
    const keys = (Object.keys(update) as (keyof RunUpdate)[]).filter((key) => update[key] !== undefined).sort();
    const statement = this.updateStatement(keys);
    const values: Record<string, unknown> = { ...update, runId };
    if (update.errorWorkflowPending !== undefined) values.errorWorkflowPending = update.errorWorkflowPending ? 1 : 0;
    this.queue.enqueue(() => statement.run(values));
  }

  writeStep(step: StepWrite): void {
    this.queue.enqueue(() =>
      this.statements.upsertStep.run(
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
      ),
    );
  }

  setSearchAttributes(runId: string, tenantId: string, change: SearchAttributeChange): void {
    const { businessKey, attributes } = change;
    this.queue.enqueue(() => {
      if (businessKey !== undefined) this.statements.updateBusinessKey.run(businessKey, runId);
      for (const [name, value] of Object.entries(attributes)) this.statements.upsertSearchAttribute.run({ runId, tenantId, name, value });
    });
  }

  getRun(runId: string): Promise<RunRecord | undefined> {
    const row = this.statements.selectRun.get(runId) as RunRow | undefined;
    return Promise.resolve(row ? this.records([row])[0] : undefined);
  }

  listSteps(runId: string): Promise<StepRecord[]> {
    return Promise.resolve((this.statements.selectSteps.all(runId) as StepRow[]).map(toStepRecord));
  }

  listStepPage(runId: string, page: StepPageRequest): Promise<StepPage> {
    const steps: StepView[] = [];
    let bytes = 0;
    let more = false;
    const query = stepPageQuery(runId, page, 'sqlite');
    const rows = this.db.prepare(query.sql).iterate(...query.params);
    for (const row of rows as IterableIterator<CutStepRow>) {
      if (steps.length === page.limit || (steps.length > 0 && bytes >= page.budgetBytes)) {
        more = true;
        break;
      }
      const step = toStepView(row);
      bytes += step.shownBytes;
      steps.push(step.view);
    }
    return Promise.resolve({ steps, more });
  }

  readPayload(ref: PayloadRef): Promise<string | null> {
    const { statements } = this;
    let text: unknown;
    if (!('nodeId' in ref)) text = (ref.part === 'input' ? statements.selectRunInput : statements.selectRunOutput).get(ref.runId);
    else {
      const statement = ref.part === 'input' ? statements.selectStepInput : ref.part === 'output' ? statements.selectStepOutput : statements.selectStepError;
      text = statement.get(ref.runId, ref.nodeId, ref.iteration);
    }
    return Promise.resolve(typeof text === 'string' ? text : null);
  }

  listRunIdsByStatus(status: RunStatus): Promise<string[]> {
    return Promise.resolve(this.statements.selectRunIdsByStatus.all(status) as string[]);
  }

  listRuns(filter: RunFilter): Promise<RunSummary[]> {
    const query = runPageQuery(filter, filter.limit, 'sqlite');
    const rows = this.db.prepare(query.sql).all(...query.params) as RunSummaryRow[];
    return Promise.resolve(this.summaries(rows));
  }

  countRunsByStatus(filter: Omit<RunFilter, 'status' | 'after' | 'limit'>, cap: number): Promise<Record<RunStatus, number>> {
    const count = (status: RunStatus) => {
      const query = runStatusCountQuery(filter, status, cap, 'sqlite');
      return this.db.prepare(query.sql).pluck().get(...query.params) as number;
    };
    const counts = Object.fromEntries(RUN_STATUSES.map((status) => [status, count(status)]));
    return Promise.resolve(counts as Record<RunStatus, number>);
  }

  getRunSummaries(runIds: readonly string[]): Promise<RunSummary[]> {
    const summaries: RunSummary[] = [];
    // Chunks well under SQLite's limit of bound parameters.
    for (let start = 0; start < runIds.length; start += 500) {
      const chunk = runIds.slice(start, start + 500);
      const rows = this.db.prepare(`SELECT ${runSummaryColumns('sqlite')} FROM runs WHERE id IN (${chunk.map(() => '?').join(', ')})`).all(...chunk) as RunSummaryRow[];
      summaries.push(...this.summaries(rows));
    }
    return Promise.resolve(summaries);
  }

  countUnfinishedRuns(tenantId: string, workflowId: string): Promise<UnfinishedRunCount[]> {
    const rows = this.statements.countUnfinishedRuns.all(tenantId, workflowId) as { workflow_version: number; count: number }[];
    return Promise.resolve(rows.map((row) => ({ version: row.workflow_version, count: row.count })));
  }

  listRunIdsAwaitingErrorWorkflow(): Promise<string[]> {
    return Promise.resolve(this.statements.selectRunIdsAwaitingErrorWorkflow.all() as string[]);
  }

  listFinishedRunIds(filter: VersionRunFilter): Promise<string[]> {
    return Promise.resolve(this.statements.selectFinishedRunIds.all(filter) as string[]);
  }

  listChildRuns(parentRunId: string, parentNodeId?: string): Promise<RunRecord[]> {
    const rows =
      parentNodeId === undefined
        ? this.statements.selectAllChildRuns.all(parentRunId)
        : this.statements.selectChildRuns.all(parentRunId, parentNodeId);
    return Promise.resolve(this.records(rows as RunRow[]));
  }

  childRunProgress(parentRunId: string, parentNodeId: string): Promise<ChildRunProgress> {
    const counts = this.statements.countChildRuns.get(parentRunId, parentNodeId) as { started: number; unfinished: number };
    const failed = this.statements.selectFirstFailedChildRun.get(parentRunId, parentNodeId) as RunRow | undefined;
    return Promise.resolve({ ...counts, firstFailed: failed && this.records([failed])[0] });
  }

  getStep(runId: string, nodeId: string, iteration: string): Promise<StepRecord | undefined> {
    const row = this.statements.selectStep.get(runId, nodeId, iteration) as StepRow | undefined;
    return Promise.resolve(row ? toStepRecord(row) : undefined);
  }

  listWaitingSteps(waitKind: string): Promise<StepRecord[]> {
    return Promise.resolve((this.statements.selectWaitingSteps.all(waitKind) as StepRow[]).map(toStepRecord));
  }

  addTimer(timer: Omit<TimerRecord, 'id'>): void {
    this.queue.enqueue(() => this.statements.insertTimer.run(timer.runId, timer.nodeId, timer.iteration, timer.kind, timer.dueAt));
  }

  deleteTimers(runId: string, nodeId: string, iteration: string): void {
    this.queue.enqueue(() => this.statements.deleteStepTimers.run(runId, nodeId, iteration));
  }

  deleteTimer(id: number): void {
    this.queue.enqueue(() => this.statements.deleteTimer.run(id));
  }

  nextTimerDue(): Promise<number | undefined> {
    return Promise.resolve((this.statements.selectNextDue.get() as number | null) ?? undefined);
  }

  listDueTimers(now: number, limit: number): Promise<TimerRecord[]> {
    return Promise.resolve((this.statements.selectDueTimers.all(now, limit) as TimerRow[]).map(toTimerRecord));
  }

  addEventWait(wait: EventWaitRecord): void {
    this.queue.enqueue(() => this.statements.insertEventWait.run(wait));
  }

  deleteEventWait(runId: string, nodeId: string, iteration: string): void {
    this.queue.enqueue(() => this.statements.deleteEventWait.run(runId, nodeId, iteration));
  }

  listEventWaits(tenantId: string, correlationKey: string): Promise<EventWaitRecord[]> {
    const rows = this.statements.selectEventWaits.all(tenantId, correlationKey) as {
      tenant_id: string;
      correlation_key: string;
      run_id: string;
      node_id: string;
      iteration: string;
      created_at: number;
    }[];
    return Promise.resolve(
      rows.map((row) => ({
        tenantId: row.tenant_id,
        correlationKey: row.correlation_key,
        runId: row.run_id,
        nodeId: row.node_id,
        iteration: row.iteration,
        createdAt: row.created_at,
      })),
    );
  }

  createTask(task: Omit<TaskRecord, 'decisions' | 'status' | 'escalatedAt' | 'closedAt'>): void {
    const row = { ...task, fields: JSON.stringify(task.fields), policy: JSON.stringify(task.policy) };
    this.queue.enqueue(() => this.statements.insertTask.run(row));
  }

  getTask(taskId: string): Promise<TaskRecord | undefined> {
    return Promise.resolve(this.withDecisions(this.statements.selectTask.get(taskId) as TaskRow | undefined));
  }

  getTaskForStep(runId: string, nodeId: string, iteration: string): Promise<TaskRecord | undefined> {
    return Promise.resolve(this.withDecisions(this.statements.selectTaskForStep.get(runId, nodeId, iteration) as TaskRow | undefined));
  }

  listTasks(filter: TaskFilter): Promise<TaskRecord[]> {
    const conditions = ['tenant_id = @tenantId'];
    if (filter.status) conditions.push('status = @status');
    if (filter.runId) conditions.push('run_id = @runId');
    // Through the decisions' primary key (task_id, actor_id), task by task of the tenant.
    if (filter.decidedBy !== undefined) conditions.push('EXISTS (SELECT 1 FROM task_decisions d WHERE d.task_id = tasks.id AND d.actor_id = @decidedBy)');
    const order = filter.newestFirst === true ? 'created_at DESC, id DESC' : 'created_at, id';
    const limit = filter.limit === undefined ? '' : ' LIMIT @limit';
    const rows = this.db
      .prepare(`SELECT * FROM tasks WHERE ${conditions.join(' AND ')} ORDER BY ${order}${limit}`)
      .all({ tenantId: filter.tenantId, status: filter.status, runId: filter.runId, decidedBy: filter.decidedBy, limit: filter.limit }) as TaskRow[];
    return Promise.resolve(rows.map((row) => this.withDecisions(row) as TaskRecord));
  }

  addDecision(taskId: string, decision: TaskDecision): void {
    this.queue.enqueue(() =>
      this.statements.insertDecision.run(taskId, decision.actorId, decision.decision, decision.comment, decision.tokenId, decision.decidedAt),
    );
  }

  updateTask(taskId: string, update: { status?: TaskStatus; closedAt?: number | null; escalatedAt?: number | null }): void {
    const assignments: string[] = [];
    if (update.status !== undefined) assignments.push('status = @status');
    if (update.closedAt !== undefined) assignments.push('closed_at = @closedAt');
    if (update.escalatedAt !== undefined) assignments.push('escalated_at = @escalatedAt');
    if (assignments.length === 0) return;
    const statement = this.db.prepare(`UPDATE tasks SET ${assignments.join(', ')} WHERE id = @taskId`);
    this.queue.enqueue(() => statement.run({ ...update, taskId }));
  }

  cancelOpenTask(runId: string, nodeId: string, iteration: string, closedAt: number): void {
    this.queue.enqueue(() => this.statements.cancelOpenTask.run(closedAt, runId, nodeId, iteration));
  }

  endUnfinishedSteps(runId: string, failure: Omit<FailureRecord, 'nodeId'>, finishedAt: number): void {
    const failureJson = JSON.stringify(failure);
    this.queue.enqueue(() => {
      this.statements.endUnfinishedSteps.run(failureJson, finishedAt, runId);
      this.statements.cancelOpenTasks.run(finishedAt, runId);
      this.statements.deleteRunTimers.run(runId);
      this.statements.deleteRunEventWaits.run(runId);
    });
  }

  isTokenUsed(tokenId: string): Promise<boolean> {
    return Promise.resolve(this.statements.selectTokenUse.get(tokenId) !== undefined);
  }

  async pruneRuns(tenantId: string, finishedBefore: number): Promise<number> {
    await this.queue.flush();
    const result = this.statements.pruneRuns.run(tenantId, finishedBefore);
    return result.changes;
  }

  queueWrite(write: QueuedWrite): void {
    this.queue.enqueue(write);
  }

  exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.sql.exclusive(name, work);
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.db.close();
  }

  /** Runs as records, each with its search attributes. */
  private records(rows: readonly RunRow[]): RunRecord[] {
    const attributes = this.searchAttributes(rows.map((row) => row.id));
    return rows.map((row) => toRunRecord(row, attributes.get(row.id) ?? {}));
  }

  /** Run summaries, each with its search attributes. */
  private summaries(rows: readonly RunSummaryRow[]): RunSummary[] {
    const attributes = this.searchAttributes(rows.map((row) => row.id));
    return rows.map((row) => toRunSummary(row, attributes.get(row.id) ?? {}));
  }

  /** The search attributes of these runs, through the primary key, by run id. */
  private searchAttributes(runIds: readonly string[]): Map<string, Record<string, string>> {
    const rows: SearchAttributeRow[] = [];
    // Chunks well under SQLite's limit of bound parameters.
    for (let start = 0; start < runIds.length; start += 500) {
      const chunk = runIds.slice(start, start + 500);
      const placeholders = chunk.map(() => '?').join(', ');
      rows.push(...(this.db.prepare(`SELECT run_id, name, value FROM run_search_attributes WHERE run_id IN (${placeholders}) ORDER BY run_id, name`).all(...chunk) as SearchAttributeRow[]));
    }
    return attributesByRun(rows);
  }

  private withDecisions(row: TaskRow | undefined): TaskRecord | undefined {
    return row ? toTaskRecord(row, this.statements.selectDecisions.all(row.id) as DecisionRow[]) : undefined;
  }

  /** One prepared UPDATE per combination of changed columns, reused across runs. */
  private updateStatement(keys: readonly (keyof RunUpdate)[]): Database.Statement {
    const cacheKey = keys.join(',');
    let statement = this.updateStatements.get(cacheKey);
    if (!statement) {
      const assignments = keys.map((key) => `${RUN_UPDATE_COLUMNS[key]} = @${key}`).join(', ');
      statement = this.db.prepare(`UPDATE runs SET ${assignments} WHERE id = @runId`);
      this.updateStatements.set(cacheKey, statement);
    }
    return statement;
  }
}
