import type Database from 'better-sqlite3';
import { workflowDefinitionSchema, type WorkflowDefinition } from '../../definition/index.js';
import type { FailureRecord, NewRun, RunRecord, RunStatus, RunStore, RunUpdate, StepRecord, StepWrite } from '../run-store.js';
import { openDatabase, type DatabaseOptions } from './open-database.js';
import { runMigrations } from './run-migrations.js';
import { runtimeMigrations } from './runtime-migrations.js';
import { WriteQueue } from './write-queue.js';

interface RunRow {
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
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

interface StepRow {
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
  started_at: number | null;
  finished_at: number | null;
}

const RUN_UPDATE_COLUMNS: Record<keyof RunUpdate, string> = {
  status: 'status',
  outputJson: 'output',
  errorJson: 'error',
  responseJson: 'response',
  stepCount: 'step_count',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  updatedAt: 'updated_at',
};

/** The embedded run store: one SQLite file, WAL, `synchronous=FULL` unless configured otherwise. */
export class SqliteRunStore implements RunStore {
  private readonly queue: WriteQueue;
  private readonly statements;
  private readonly updateStatements = new Map<string, Database.Statement>();

  /** Wraps an open database (shared with the server's tables), migrating the run store's schema. */
  constructor(private readonly db: Database.Database) {
    runMigrations(db, runtimeMigrations);
    this.queue = new WriteQueue(db);
    this.statements = {
      insertDefinition: db.prepare('INSERT OR IGNORE INTO definitions (hash, body, created_at) VALUES (?, ?, ?)'),
      selectDefinition: db.prepare('SELECT body FROM definitions WHERE hash = ?'),
      insertRun: db.prepare(`INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, definition_hash, trigger_node_id,
        status, input, params, trigger_info, created_at, started_at, updated_at)
        VALUES (@id, @tenantId, @workflowId, @workflowVersion, @definitionHash, @triggerNodeId,
        @status, @inputJson, @paramsJson, @triggerJson, @createdAt, @startedAt, @createdAt)`),
      upsertStep: db.prepare(`INSERT OR REPLACE INTO steps (run_id, node_id, iteration, seq, status, attempt, ports,
        input, output, error, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      selectRun: db.prepare('SELECT * FROM runs WHERE id = ?'),
      selectSteps: db.prepare('SELECT * FROM steps WHERE run_id = ? ORDER BY seq'),
      selectRunIdsByStatus: db.prepare('SELECT id FROM runs WHERE status = ? ORDER BY created_at, id').pluck(),
    };
  }

  /** Opens the database file at `filename` and the store on it. */
  static open(filename: string, options: DatabaseOptions = {}): SqliteRunStore {
    return new SqliteRunStore(openDatabase(filename, options));
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
    this.queue.enqueue(() => this.statements.insertRun.run(run));
  }

  updateRun(runId: string, update: RunUpdate): void {
    const keys = (Object.keys(update) as (keyof RunUpdate)[]).filter((key) => update[key] !== undefined).sort();
    const statement = this.updateStatement(keys);
    this.queue.enqueue(() => statement.run({ ...update, runId }));
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
        step.startedAt,
        step.finishedAt,
      ),
    );
  }

  getRun(runId: string): Promise<RunRecord | undefined> {
    const row = this.statements.selectRun.get(runId) as RunRow | undefined;
    return Promise.resolve(row ? toRunRecord(row) : undefined);
  }

  listSteps(runId: string): Promise<StepRecord[]> {
    const rows = this.statements.selectSteps.all(runId) as StepRow[];
    return Promise.resolve(rows.map(toStepRecord));
  }

  listRunIdsByStatus(status: RunStatus): Promise<string[]> {
    return Promise.resolve(this.statements.selectRunIdsByStatus.all(status) as string[]);
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  close(): Promise<void> {
    this.queue.flushNow();
    this.db.close();
    return Promise.resolve();
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

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

function toRunRecord(row: RunRow): RunRecord {
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
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  };
}

function toStepRecord(row: StepRow): StepRecord {
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
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
