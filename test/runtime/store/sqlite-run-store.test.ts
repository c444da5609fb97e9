import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMigrationSequence } from '../../../runtime/definition/index.js';
import { SqliteRunStore, openDatabase, runMigrations, runtimeMigrations, type NewRun, type StepWrite, SqliteDatabase } from '../../../runtime/store/index.js';
import { workflow } from '../../support/definitions.js';
import { tempDir } from '../../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
let dbPath: string;
beforeEach(() => {
  dir = tempDir();
  dbPath = join(dir.path, 'flowgate.db');
});
afterEach(() => dir.remove());

const definition = workflow([{ id: 'start', type: 'trigger.manual' }], []);

function newRun(id: string, overrides: Partial<NewRun> = {}): NewRun {
  return {
    id,
    tenantId: 'tenant-a',
    workflowId: 'wf-1',
    workflowVersion: 3,
    definitionHash: 'hash-1',
    triggerNodeId: 'start',
    status: 'running',
    inputJson: '{"orderId":"SO-1"}',
    paramsJson: '{"limit":5}',
    triggerJson: '{"type":"manual"}',
    parentRunId: null,
    parentNodeId: null,
    parentIndex: null,
    initiatedBy: null,
    createdAt: 1_700_000_000_000,
    startedAt: 1_700_000_000_000,
    ...overrides,
  };
}

function step(runId: string, nodeId: string, seq: number, overrides: Partial<StepWrite> = {}): StepWrite {
  return {
    runId,
    nodeId,
    iteration: '0',
    seq,
    status: 'succeeded',
    attempt: 1,
    ports: ['out'],
    inputJson: '{"a":1}',
    outputJson: '{"b":2}',
    errorJson: null,
    waitKind: null,
    waitJson: null,
    startedAt: 1,
    finishedAt: 2,
    ...overrides,
  };
}

describe('SqliteRunStore', () => {
  it('opens in WAL mode with synchronous=FULL by default, NORMAL when asked', () => {
    const full = openDatabase(dbPath);
    expect(full.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(full.pragma('synchronous', { simple: true })).toBe(2);
    full.close();
    const normal = openDatabase(dbPath, { synchronous: 'NORMAL' });
    expect(normal.pragma('synchronous', { simple: true })).toBe(1);
    normal.close();
  });

  it('migrates an empty database to the latest schema once, and reopens without migrating again', async () => {
    const store = SqliteRunStore.open(dbPath);
    await store.close();
    const db = new Database(dbPath);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['definitions', 'event_waits', 'run_search_attributes', 'runs', 'schema_migrations', 'steps', 'task_decisions', 'tasks', 'timers']);
    const applied = db.prepare('SELECT sequence_id, version FROM schema_migrations ORDER BY version').all();
    expect(applied).toEqual(
      Array.from({ length: runtimeMigrations.latest }, (_, index) => ({ sequence_id: 'runtime-store', version: index + 1 })),
    );
    db.close();
    const again = SqliteRunStore.open(dbPath);
    await again.close();
    const check = new Database(dbPath);
    expect(check.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(runtimeMigrations.latest);
    check.close();
  });

  it('migrates a version 1 database with runs in it to the latest schema, keeping the data', async () => {
    const db = openDatabase(dbPath);
    runMigrations(db, createMigrationSequence<Database.Database>({ sequenceId: 'runtime-store', baseline: 0, sequence: runtimeMigrations.sequence.slice(0, 1) }));
    db.prepare("INSERT INTO definitions VALUES ('hash-1', '{}', 1)").run();
    db.prepare(`INSERT INTO runs (id, tenant_id, definition_hash, trigger_node_id, status, input, params, created_at, updated_at)
      VALUES ('run-v1', 'tenant-a', 'hash-1', 'start', 'succeeded', '{"a":1}', '{}', 1, 2)`).run();
    db.prepare(`INSERT INTO steps (run_id, node_id, iteration, seq, status, attempt, ports) VALUES ('run-v1', 'start', '0', 0, 'succeeded', 1, '["out"]')`).run();
    db.close();
    const store = SqliteRunStore.open(dbPath);
    expect(await store.getRun('run-v1')).toMatchObject({ status: 'succeeded', input: { a: 1 }, parentRunId: null, initiatedBy: null, errorWorkflowPending: false });
    expect(await store.listSteps('run-v1')).toEqual([expect.objectContaining({ nodeId: 'start', wait: null, ports: ['out'] })]);
    await store.close();
  });

  it('refuses a database written by a newer Flowgate', () => {
    const db = openDatabase(dbPath);
    runMigrations(db, runtimeMigrations);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run('runtime-store', runtimeMigrations.latest + 1, Date.now());
    expect(() => new SqliteRunStore(new SqliteDatabase(db))).toThrow(/newer than this Flowgate/);
    db.close();
  });

  it('applies only the migrations a database has not seen, each recorded', () => {
    const db = openDatabase(dbPath);
    const log: string[] = [];
    const sequence = (count: number) =>
      createMigrationSequence<Database.Database>({
        sequenceId: 'demo',
        baseline: 0,
        sequence: [1, 2, 3].slice(0, count).map((version) => ({
          id: `demo/${version}`,
          up: (target: Database.Database) => {
            log.push(`demo/${version}`);
            target.exec(`CREATE TABLE demo_${version} (id INTEGER)`);
            return target;
          },
        })),
      });
    runMigrations(db, sequence(2));
    runMigrations(db, sequence(3));
    expect(log).toEqual(['demo/1', 'demo/2', 'demo/3']);
    db.close();
  });

  it('round-trips definitions, runs and steps, with the trace in recorded order', async () => {
    const store = SqliteRunStore.open(dbPath);
    store.saveDefinition('hash-1', definition);
    store.saveDefinition('hash-1', definition);
    await store.flush();
    expect(await store.loadDefinition('hash-1')).toEqual(definition);
    expect(await store.loadDefinition('missing')).toBeUndefined();
    store.createRun(newRun('run-1'));
    store.writeStep(step('run-1', 'b', 1));
    store.writeStep(step('run-1', 'a', 0, { status: 'running', ports: [], outputJson: null, finishedAt: null }));
    store.writeStep(step('run-1', 'a', 0, { attempt: 2, status: 'failed', ports: ['error'], errorJson: '{"message":"x","code":"C"}' }));
    store.updateRun('run-1', { status: 'succeeded', outputJson: '{"done":true}', stepCount: 2, finishedAt: 5, updatedAt: 5 });
    await store.flush();
    expect(await store.getRun('run-1')).toEqual({
      id: 'run-1',
      tenantId: 'tenant-a',
      workflowId: 'wf-1',
      workflowVersion: 3,
      definitionHash: 'hash-1',
      triggerNodeId: 'start',
      status: 'succeeded',
      input: { orderId: 'SO-1' },
      params: { limit: 5 },
      trigger: { type: 'manual' },
      output: { done: true },
      error: null,
      response: null,
      stepCount: 2,
      parentRunId: null,
      parentNodeId: null,
      parentIndex: null,
      initiatedBy: null,
      errorWorkflowPending: false,
      errorRunId: null,
      businessKey: null,
      searchAttributes: {},
      createdAt: 1_700_000_000_000,
      startedAt: 1_700_000_000_000,
      finishedAt: 5,
      updatedAt: 5,
    });
    const steps = await store.listSteps('run-1');
    expect(steps.map((s) => [s.nodeId, s.status, s.attempt, s.ports, s.error])).toEqual([
      ['a', 'failed', 2, ['error'], { message: 'x', code: 'C' }],
      ['b', 'succeeded', 1, ['out'], null],
    ]);
    expect(await store.listRunIdsByStatus('succeeded')).toEqual(['run-1']);
    await store.close();
  });

  it('commits writes made in one turn together, and flush resolves once they are durable', async () => {
    const store = SqliteRunStore.open(dbPath);
    store.saveDefinition('hash-1', definition);
    const reader = new Database(dbPath, { readonly: true });
    const count = () => reader.prepare('SELECT count(*) FROM runs').pluck().get();
    const changes = () => reader.pragma('data_version', { simple: true });
    const before = changes();
    for (let index = 0; index < 50; index++) store.createRun(newRun(`run-${index}`));
    expect(count()).toBe(0);
    await store.flush();
    expect(count()).toBe(50);
    expect(changes()).toBe((before as number) + 1);
    reader.close();
    await store.close();
  });

  it('writes a run created and finished before its batch commits as one insert with the final state', async () => {
    const store = SqliteRunStore.open(dbPath);
    store.saveDefinition('hash-1', definition);
    await store.flush();
    store.createRun(newRun('run-quick'));
    store.writeStep(step('run-quick', 'start', 0));
    store.updateRun('run-quick', { status: 'failed', errorJson: '{"message":"no"}', stepCount: 1, finishedAt: 5, errorWorkflowPending: true, updatedAt: 5 });
    store.updateRun('run-quick', { errorRunId: 'run-error', updatedAt: 6 });
    await store.flush();
    const run = await store.getRun('run-quick');
    expect(run).toMatchObject({ status: 'failed', error: { message: 'no' }, stepCount: 1, finishedAt: 5, errorWorkflowPending: true, errorRunId: 'run-error', updatedAt: 6, input: { orderId: 'SO-1' } });
    expect(await store.listSteps('run-quick')).toHaveLength(1);
    // Once committed, an update is an update again.
    store.updateRun('run-quick', { errorWorkflowPending: false, updatedAt: 7 });
    await store.flush();
    expect(await store.getRun('run-quick')).toMatchObject({ errorWorkflowPending: false, updatedAt: 7, status: 'failed' });
    await store.close();
  });

  it("tells where a node's child runs stand without reading them all", async () => {
    const store = SqliteRunStore.open(dbPath);
    store.saveDefinition('hash-1', definition);
    store.createRun(newRun('parent'));
    const child = (index: number, status: NewRun['status']) =>
      store.createRun(newRun(`child-${index}`, { status, parentRunId: 'parent', parentNodeId: 'loop', parentIndex: index }));
    child(0, 'succeeded');
    child(1, 'running');
    child(2, 'waiting');
    await store.flush();
    expect(await store.childRunProgress('parent', 'loop')).toEqual({ started: 3, unfinished: 2, firstFailed: undefined });
    expect(await store.childRunProgress('parent', 'other')).toEqual({ started: 0, unfinished: 0, firstFailed: undefined });
    child(4, 'cancelled');
    child(3, 'failed');
    await store.flush();
    const progress = await store.childRunProgress('parent', 'loop');
    expect(progress).toMatchObject({ started: 5, unfinished: 2 });
    expect(progress.firstFailed?.id).toBe('child-3');
    await store.close();
  });

  it("commits an application's write queued with a run in the run's transaction, in queue order", async () => {
    const db = openDatabase(dbPath);
    db.exec('CREATE TABLE journal (run_id TEXT, runs_seen INTEGER)');
    const store = new SqliteRunStore(new SqliteDatabase(db));
    store.saveDefinition('hash-1', definition);
    const record = db.prepare("INSERT INTO journal VALUES (?, (SELECT count(*) FROM runs WHERE id = ?))");
    const reader = new Database(dbPath, { readonly: true });
    const changes = () => reader.pragma('data_version', { simple: true }) as number;
    const before = changes();
    store.createRun(newRun('run-journal'));
    store.queueWrite(() => record.run('run-journal', 'run-journal'));
    expect(reader.prepare('SELECT count(*) FROM journal').pluck().get()).toBe(0);
    await store.flush();
    // Written after the run's insert (it sees the run), committed in the same transaction.
    expect(reader.prepare('SELECT * FROM journal').all()).toEqual([{ run_id: 'run-journal', runs_seen: 1 }]);
    expect(changes()).toBe(before + 1);
    reader.close();
    await store.close();
  });

  it("rolls back the run with its batch when the application's write fails, and commits nothing after", async () => {
    const store = SqliteRunStore.open(dbPath);
    store.saveDefinition('hash-1', definition);
    await store.flush();
    store.createRun(newRun('run-unrecorded'));
    store.queueWrite(() => {
      throw new Error('the audit log is full');
    });
    await expect(store.flush()).rejects.toThrow(/could not commit: the audit log is full/);
    const reader = new Database(dbPath, { readonly: true });
    expect(reader.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(0);
    reader.close();
    await store.close();
  });

  it("lists a version's newest finished runs, through the index on tenant, workflow and version", async () => {
    const store = SqliteRunStore.open(dbPath);
    store.saveDefinition('hash-1', definition);
    const runs: [string, Partial<NewRun>][] = [
      ['old-ok', { status: 'succeeded', createdAt: 1 }],
      ['failed', { status: 'failed', createdAt: 2 }],
      ['cancelled', { status: 'cancelled', createdAt: 3 }],
      ['waiting', { status: 'waiting', createdAt: 4 }],
      ['other-version', { status: 'succeeded', createdAt: 5, workflowVersion: 4 }],
      ['other-workflow', { status: 'succeeded', createdAt: 6, workflowId: 'wf-2' }],
      ['other-tenant', { status: 'succeeded', createdAt: 7, tenantId: 'tenant-b' }],
      ['new-ok', { status: 'succeeded', createdAt: 8 }],
    ];
    for (const [id, overrides] of runs) store.createRun(newRun(id, overrides));
    await store.flush();
    const filter = { tenantId: 'tenant-a', workflowId: 'wf-1', workflowVersion: 3 };
    expect(await store.listFinishedRunIds({ ...filter, limit: 10 })).toEqual(['new-ok', 'failed', 'old-ok']);
    expect(await store.listFinishedRunIds({ ...filter, limit: 2 })).toEqual(['new-ok', 'failed']);
    await store.close();
    const db = new Database(dbPath);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM runs WHERE tenant_id = 'a' AND workflow_id = 'w' AND workflow_version = 1
        AND status IN ('succeeded', 'failed') ORDER BY created_at DESC, id DESC LIMIT 5`)
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail)).toEqual([expect.stringContaining('USING INDEX runs_by_version')]);
    db.close();
  });

  it('poisons itself after a failed commit so no later write appears to succeed', async () => {
    const store = SqliteRunStore.open(dbPath);
    store.writeStep(step('no-such-run', 'a', 0));
    await expect(store.flush()).rejects.toThrow(/the run store could not commit: FOREIGN KEY constraint failed/);
    store.createRun(newRun('run-after'));
    await expect(store.flush()).rejects.toThrow(/could not commit/);
    expect(await store.getRun('run-after')).toBeUndefined();
    await store.close();
  });
});

describe('business keys and search attributes', () => {
  it('migrates a version 4 database with runs in it: they have no key and no attributes, and can be given both', async () => {
    const db = openDatabase(dbPath);
    runMigrations(db, createMigrationSequence<Database.Database>({ sequenceId: 'runtime-store', baseline: 0, sequence: runtimeMigrations.sequence.slice(0, 4) }));
    db.prepare("INSERT INTO definitions VALUES ('hash-1', ?, 1)").run(JSON.stringify(definition));
    db.prepare(`INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, definition_hash, trigger_node_id, status, input, params, created_at, updated_at)
      VALUES ('old-run', 'tenant-a', 'wf-1', 1, 'hash-1', 'start', 'succeeded', '{}', '{}', 5, 5)`).run();
    const store = new SqliteRunStore(new SqliteDatabase(db));
    expect(await store.getRun('old-run')).toMatchObject({ businessKey: null, searchAttributes: {} });
    store.setSearchAttributes('old-run', 'tenant-a', { businessKey: 'INV-9', attributes: { region: 'EU' } });
    await store.flush();
    expect(await store.getRun('old-run')).toMatchObject({ businessKey: 'INV-9', searchAttributes: { region: 'EU' } });
    await store.close();
  });

  it('stores the key a run starts with and the attributes set later, in records and summaries', async () => {
    const store = SqliteRunStore.open(dbPath);
    store.saveDefinition('hash-1', definition);
    store.createRun(newRun('keyed', { businessKey: 'SO-1001' }));
    store.setSearchAttributes('keyed', 'tenant-a', { attributes: { customer: 'ACME', total: '120.5' } });
    store.setSearchAttributes('keyed', 'tenant-a', { attributes: { customer: 'ACME Ltd' } });
    await store.flush();
    expect(await store.getRun('keyed')).toMatchObject({ businessKey: 'SO-1001', searchAttributes: { customer: 'ACME Ltd', total: '120.5' } });
    const [summary] = await store.getRunSummaries(['keyed']);
    expect(summary).toMatchObject({ businessKey: 'SO-1001', searchAttributes: { customer: 'ACME Ltd', total: '120.5' } });
    await store.pruneRuns('tenant-a', Number.MAX_SAFE_INTEGER);
    store.updateRun('keyed', { status: 'succeeded', finishedAt: 10, updatedAt: 10 });
    await store.flush();
    expect(await store.pruneRuns('tenant-a', Number.MAX_SAFE_INTEGER)).toBe(1);
    await store.close();
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM run_search_attributes').pluck().get()).toBe(0);
    db.close();
  });

  it('finds runs by exact key and attributes within the tenant only, with the other filters and the cursor', async () => {
    const store = SqliteRunStore.open(dbPath);
    store.saveDefinition('hash-1', definition);
    const runs: [string, Partial<NewRun>, Record<string, string>][] = [
      ['a1', { businessKey: 'SO-1', createdAt: 1 }, { customer: 'ACME', region: 'EU' }],
      ['a2', { businessKey: 'SO-1', createdAt: 2, status: 'failed' }, { customer: 'ACME', region: 'US' }],
      ['a3', { businessKey: 'SO-1', createdAt: 3 }, { customer: 'Globex', region: 'EU' }],
      ['a4', { businessKey: 'SO-10', createdAt: 4 }, { customer: 'ACME', region: 'EU' }],
      ['b1', { businessKey: 'SO-1', createdAt: 5, tenantId: 'tenant-b' }, { customer: 'ACME', region: 'EU' }],
    ];
    for (const [id, overrides, attributes] of runs) {
      store.createRun(newRun(id, overrides));
      store.setSearchAttributes(id, overrides.tenantId ?? 'tenant-a', { attributes });
    }
    await store.flush();
    const ids = async (filter: Partial<Parameters<SqliteRunStore['listRuns']>[0]>) =>
      (await store.listRuns({ tenantId: 'tenant-a', limit: 10, ...filter })).map((run) => run.id);
    expect(await ids({ businessKey: 'SO-1' })).toEqual(['a3', 'a2', 'a1']);
    expect(await ids({ businessKey: 'SO-1', status: 'failed' })).toEqual(['a2']);
    expect(await ids({ businessKey: 'SO-1', after: { createdAt: 3, id: 'a3' }, limit: 1 })).toEqual(['a2']);
    expect(await ids({ attributes: [{ name: 'customer', value: 'ACME' }] })).toEqual(['a4', 'a2', 'a1']);
    expect(await ids({ attributes: [{ name: 'customer', value: 'ACME' }, { name: 'region', value: 'EU' }] })).toEqual(['a4', 'a1']);
    expect(await ids({ businessKey: 'SO-1', attributes: [{ name: 'region', value: 'EU' }] })).toEqual(['a3', 'a1']);
    expect(await ids({ attributes: [{ name: 'customer', value: 'acme' }] })).toEqual([]);
    expect(await ids({ tenantId: 'tenant-b', businessKey: 'SO-1', attributes: [{ name: 'customer', value: 'ACME' }] })).toEqual(['b1']);
    const counts = await store.countRunsByStatus({ tenantId: 'tenant-a', attributes: [{ name: 'customer', value: 'ACME' }] }, 100);
    expect([counts.running, counts.failed]).toEqual([2, 1]);
    await store.close();
  });
});
