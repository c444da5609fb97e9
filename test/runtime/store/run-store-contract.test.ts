import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMigrationSequence } from '../../../runtime/definition/index.js';
import {
  PostgresRunStore,
  SqliteDatabase,
  SqliteRunStore,
  openDatabase,
  openPostgresDatabase,
  runMigrations,
  runPostgresMigrations,
  runtimeMigrations,
  runtimePostgresMigrations,
  type NewRun,
  type PostgresDatabase,
  type RunStore,
  type StepWrite,
} from '../../../runtime/store/index.js';
import type { SqlValue } from '../../../runtime/store/sql/sql-database.js';
import { workflow } from '../../support/definitions.js';
import { freshPostgresDatabase } from '../../support/postgres.js';
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

/** A store on one engine, with what the tests need of its database besides the store. */
interface StoreUnderTest {
  readonly store: RunStore;
  /** Rows of `table` as another connection sees them: what is committed. */
  committedCount(table: string): Promise<number>;
  /** Runs DDL on the database the store writes to (before any write is queued). */
  exec(sql: string): Promise<void>;
  /** Queues, through `queueWrite`, a write that runs `sql` on the store's own connection, in its commit. */
  queueApplicationWrite(sql: string, params: readonly SqlValue[]): void;
  close(): Promise<void>;
}

const engines: Record<'sqlite' | 'postgres', () => Promise<StoreUnderTest>> = {
  sqlite: () => {
    const db = openDatabase(dbPath);
    const store = new SqliteRunStore(new SqliteDatabase(db));
    const reader = new Database(dbPath, { readonly: true });
    return Promise.resolve({
      store,
      committedCount: (table) => Promise.resolve(reader.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number),
      exec: (sql) => Promise.resolve(void db.exec(sql)),
      queueApplicationWrite: (sql, params) => store.queueWrite(() => db.prepare(sql).run(...params)),
      close: async () => {
        reader.close();
        await store.close();
      },
    });
  },
  postgres: async () => {
    const url = await freshPostgresDatabase();
    const db = openPostgresDatabase(url);
    const store = await PostgresRunStore.open(db);
    const reader = openPostgresDatabase(url);
    return {
      store,
      committedCount: async (table) => (await reader.get<{ count: number }>(`SELECT count(*) AS count FROM ${table}`))?.count ?? 0,
      exec: (sql) => db.exec(sql),
      // The PostgreSQL store awaits an asynchronous write inside the batch's transaction.
      queueApplicationWrite: (sql, params) =>
        store.queueWrite(async () => {
          await db.run(sql, params);
        }),
      close: async () => {
        await reader.close();
        await store.close();
      },
    };
  },
};

describe.each(['sqlite', 'postgres'] as const)('the run store contract on %s', (engine) => {
  let subject: StoreUnderTest;
  let store: RunStore;
  beforeEach(async () => {
    subject = await engines[engine]();
    store = subject.store;
  });
  afterEach(() => subject.close());

  it('round-trips definitions, runs and steps, with the trace in recorded order', async () => {
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
  });

  it('commits the writes made before a flush by the time it resolves', async () => {
    store.saveDefinition('hash-1', definition);
    for (let index = 0; index < 50; index++) store.createRun(newRun(`run-${index}`));
    await store.flush();
    expect(await subject.committedCount('runs')).toBe(50);
  });

  it('writes a run created and finished before its batch commits as one insert with the final state', async () => {
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
    expect(await store.listRunIdsAwaitingErrorWorkflow()).toEqual(['run-quick']);
    // Once committed, an update is an update again.
    store.updateRun('run-quick', { errorWorkflowPending: false, updatedAt: 7 });
    await store.flush();
    expect(await store.getRun('run-quick')).toMatchObject({ errorWorkflowPending: false, updatedAt: 7, status: 'failed' });
    expect(await store.listRunIdsAwaitingErrorWorkflow()).toEqual([]);
  });

  it("tells where a node's child runs stand without reading them all", async () => {
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
    expect((await store.listChildRuns('parent', 'loop')).map((run) => run.parentIndex)).toEqual([0, 1, 2, 3, 4]);
  });

  it("commits an application's write queued with a run in the run's transaction, in queue order", async () => {
    await subject.exec('CREATE TABLE journal (run_id TEXT, runs_seen INTEGER)');
    store.saveDefinition('hash-1', definition);
    store.createRun(newRun('run-journal'));
    subject.queueApplicationWrite('INSERT INTO journal VALUES (?, (SELECT count(*) FROM runs WHERE id = ?))', ['run-journal', 'run-journal']);
    await store.flush();
    // Written after the run's insert: it sees the run.
    expect(await subject.committedCount('journal')).toBe(1);
    subject.queueApplicationWrite('DELETE FROM journal WHERE runs_seen = ?', [1]);
    await store.flush();
    expect(await subject.committedCount('journal')).toBe(0);
  });

  it("rolls back the run with its batch when the application's write fails, and commits nothing after", async () => {
    store.saveDefinition('hash-1', definition);
    await store.flush();
    store.createRun(newRun('run-unrecorded'));
    store.queueWrite(() => {
      throw new Error('the audit log is full');
    });
    await expect(store.flush()).rejects.toThrow(/could not commit: the audit log is full/);
    expect(await subject.committedCount('runs')).toBe(0);
  });

  it("lists a version's newest finished runs", async () => {
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
    expect(await store.countUnfinishedRuns('tenant-a', 'wf-1')).toEqual([{ version: 3, count: 1 }]);
  });

  it('poisons itself after a failed commit so no later write appears to succeed', async () => {
    store.writeStep(step('no-such-run', 'a', 0));
    await expect(store.flush()).rejects.toThrow(/the run store could not commit: .*foreign key constraint/i);
    store.createRun(newRun('run-after'));
    await expect(store.flush()).rejects.toThrow(/could not commit/);
    expect(await store.getRun('run-after')).toBeUndefined();
  });

  it('summarises runs without their payloads: sizes, the failure headline, the trigger kind and drafts', async () => {
    store.saveDefinition('hash-1', definition);
    store.createRun(newRun('plain', { createdAt: 1, inputJson: '{"name":"Zoë"}' }));
    store.createRun(newRun('draft', { createdAt: 2, workflowVersion: null, triggerJson: '{"type":"test","draft":true}' }));
    store.createRun(newRun('broken', { createdAt: 3, triggerJson: '{"type":"webhook"}' }));
    store.updateRun('broken', { status: 'failed', errorJson: '{"message":"down","code":"HTTP_503","nodeId":"call","details":{"big":true}}', outputJson: '[1,2]', updatedAt: 4 });
    await store.flush();
    const summaries = await store.listRuns({ tenantId: 'tenant-a', limit: 10 });
    expect(summaries.map((run) => [run.id, run.triggerType, run.draft, run.inputBytes, run.outputBytes, run.error])).toEqual([
      ['broken', 'webhook', false, 18, 5, { code: 'HTTP_503', message: 'down', nodeId: 'call' }],
      ['draft', 'test', true, 18, 0, null],
      ['plain', 'manual', false, 15, 0, null],
    ]);
    expect((await store.listRuns({ tenantId: 'tenant-a', triggerType: 'webhook', limit: 10 })).map((run) => run.id)).toEqual(['broken']);
    expect((await store.listRuns({ tenantId: 'tenant-a', after: { createdAt: 3, id: 'broken' }, limit: 1 })).map((run) => run.id)).toEqual(['draft']);
    expect((await store.getRunSummaries(['plain', 'missing', 'draft'])).map((run) => run.id).sort()).toEqual(['draft', 'plain']);
    const counts = await store.countRunsByStatus({ tenantId: 'tenant-a' }, 1);
    expect(counts).toEqual({ queued: 0, running: 1, waiting: 0, succeeded: 0, failed: 1, cancelled: 0 });
  });

  it('pages a trace, cutting bodies over the cap, and reads a payload whole', async () => {
    store.saveDefinition('hash-1', definition);
    store.createRun(newRun('traced'));
    const large = JSON.stringify({ text: 'x'.repeat(200) });
    store.writeStep(step('traced', 'a', 0, { outputJson: large }));
    store.writeStep(step('traced', 'b', 1));
    store.writeStep(step('traced', 'c', 2));
    await store.flush();
    const page = await store.listStepPage('traced', { afterSeq: -1, limit: 2, bodyCapBytes: 100, budgetBytes: 10_000, previewChars: 10 });
    expect(page.more).toBe(true);
    expect(page.steps.map((view) => view.nodeId)).toEqual(['a', 'b']);
    expect(page.steps[0]?.output).toEqual(expect.objectContaining({ bytes: large.length, preview: large.slice(0, 10) }));
    expect(page.steps[1]?.output).toEqual({ b: 2 });
    const rest = await store.listStepPage('traced', { afterSeq: 1, limit: 2, bodyCapBytes: 100, budgetBytes: 10_000, previewChars: 10 });
    expect([rest.steps.map((view) => view.nodeId), rest.more]).toEqual([['c'], false]);
    expect(await store.readPayload({ runId: 'traced', nodeId: 'a', iteration: '0', part: 'output' })).toBe(large);
    expect(await store.readPayload({ runId: 'traced', part: 'input' })).toBe('{"orderId":"SO-1"}');
    expect(await store.readPayload({ runId: 'traced', part: 'output' })).toBeNull();
  });

  it('keeps timers, event waits and tasks, and releases them all when the unfinished steps of a run are ended', async () => {
    store.saveDefinition('hash-1', definition);
    store.createRun(newRun('waiter', { status: 'waiting' }));
    store.writeStep(step('waiter', 'gate', 0, { status: 'waiting', waitKind: 'approval', waitJson: '{"kind":"approval"}', finishedAt: null, outputJson: null }));
    store.writeStep(step('waiter', 'hook', 0, { status: 'waiting', waitKind: 'event', waitJson: '{"kind":"event"}', finishedAt: null, outputJson: null }));
    store.addTimer({ runId: 'waiter', nodeId: 'gate', iteration: '0', kind: 'approval-due', dueAt: 2_000 });
    store.addTimer({ runId: 'waiter', nodeId: 'hook', iteration: '0', kind: 'event-timeout', dueAt: 1_000 });
    store.addEventWait({ tenantId: 'tenant-a', correlationKey: 'SO-1', runId: 'waiter', nodeId: 'hook', iteration: '0', createdAt: 5 });
    store.addEventWait({ tenantId: 'tenant-a', correlationKey: 'SO-1', runId: 'waiter', nodeId: 'hook', iteration: '0', createdAt: 6 });
    const policy = { roles: ['approver'], users: [], requiredApprovals: 2, vetoOnReject: true, allowInitiator: false };
    const task = { id: 'task-1', tenantId: 'tenant-a', runId: 'waiter', nodeId: 'gate', iteration: '0', title: 'Refund?', instructions: '', fields: { amount: 5 }, policy, initiatedBy: null, dueAt: 2_000, onDue: 'timeout' as const, createdAt: 5 };
    store.createTask(task);
    store.createTask(task);
    store.addDecision('task-1', { actorId: 'ann', decision: 'approve', comment: 'ok', decidedAt: 7, tokenId: 'token-1' });
    store.updateTask('task-1', { escalatedAt: 8 });
    await store.flush();
    expect(await store.nextTimerDue()).toBe(1_000);
    const [first] = await store.listDueTimers(1_500, 10);
    expect(first).toMatchObject({ runId: 'waiter', nodeId: 'hook', kind: 'event-timeout', dueAt: 1_000 });
    expect(await store.listDueTimers(5_000, 10)).toHaveLength(2);
    expect(await store.listEventWaits('tenant-a', 'SO-1')).toEqual([{ tenantId: 'tenant-a', correlationKey: 'SO-1', runId: 'waiter', nodeId: 'hook', iteration: '0', createdAt: 6 }]);
    expect((await store.listWaitingSteps('approval')).map((waiting) => waiting.nodeId)).toEqual(['gate']);
    expect(await store.getTaskForStep('waiter', 'gate', '0')).toMatchObject({ id: 'task-1', status: 'open', fields: { amount: 5 }, policy, escalatedAt: 8, decisions: [{ actorId: 'ann', tokenId: 'token-1' }] });
    expect((await store.listTasks({ tenantId: 'tenant-a', decidedBy: 'ann' })).map((listed) => listed.id)).toEqual(['task-1']);
    expect(await store.listTasks({ tenantId: 'tenant-a', status: 'approved' })).toEqual([]);
    expect([await store.isTokenUsed('token-1'), await store.isTokenUsed('token-2')]).toEqual([true, false]);
    store.deleteTimer(first!.id);
    await store.flush();
    expect(await store.nextTimerDue()).toBe(2_000);
    store.endUnfinishedSteps('waiter', { message: 'the run was ended', code: 'RUN_ENDED' }, 9);
    await store.flush();
    expect((await store.listSteps('waiter')).map((ended) => [ended.nodeId, ended.status, ended.error, ended.wait, ended.finishedAt])).toEqual([
      ['gate', 'failed', { message: 'the run was ended', code: 'RUN_ENDED', nodeId: 'gate' }, null, 9],
      ['hook', 'failed', { message: 'the run was ended', code: 'RUN_ENDED', nodeId: 'hook' }, null, 9],
    ]);
    expect(await store.getTask('task-1')).toMatchObject({ status: 'cancelled', closedAt: 9 });
    expect([await store.nextTimerDue(), await store.listEventWaits('tenant-a', 'SO-1')]).toEqual([undefined, []]);
  });
});

describe.each(['sqlite', 'postgres'] as const)('business keys and search attributes on %s', (engine) => {
  let subject: StoreUnderTest;
  let store: RunStore;
  beforeEach(async () => {
    subject = await engines[engine]();
    store = subject.store;
  });
  afterEach(() => subject.close());

  it('stores the key a run starts with and the attributes set later, in records and summaries', async () => {
    store.saveDefinition('hash-1', definition);
    store.createRun(newRun('keyed', { businessKey: 'SO-1001' }));
    store.setSearchAttributes('keyed', 'tenant-a', { attributes: { customer: 'ACME', total: '120.5' } });
    store.setSearchAttributes('keyed', 'tenant-a', { attributes: { customer: 'ACME Ltd' } });
    await store.flush();
    expect(await store.getRun('keyed')).toMatchObject({ businessKey: 'SO-1001', searchAttributes: { customer: 'ACME Ltd', total: '120.5' } });
    const [summary] = await store.getRunSummaries(['keyed']);
    expect(summary).toMatchObject({ businessKey: 'SO-1001', searchAttributes: { customer: 'ACME Ltd', total: '120.5' } });
    expect(await store.pruneRuns('tenant-a', Number.MAX_SAFE_INTEGER)).toBe(0);
    store.updateRun('keyed', { status: 'succeeded', finishedAt: 10, updatedAt: 10 });
    await store.flush();
    expect(await store.pruneRuns('tenant-a', Number.MAX_SAFE_INTEGER)).toBe(1);
    expect(await subject.committedCount('run_search_attributes')).toBe(0);
  });

  it('keeps at most the limit of attribute names per run, a known name always taking its new value', async () => {
    store.saveDefinition('hash-1', definition);
    store.createRun(newRun('many'));
    store.setSearchAttributes('many', 'tenant-a', { businessKey: 'K-1', attributes: Object.fromEntries(Array.from({ length: 25 }, (_, index) => [`name${String(index).padStart(2, '0')}`, 'v'])) });
    store.setSearchAttributes('many', 'tenant-a', { attributes: { name00: 'changed', name24: 'still too many' } });
    await store.flush();
    const run = await store.getRun('many');
    expect([run?.businessKey, Object.keys(run?.searchAttributes ?? {}).length, run?.searchAttributes.name00, run?.searchAttributes.name24]).toEqual(['K-1', 20, 'changed', undefined]);
  });

  it('finds runs by exact key and attributes within the tenant only, with the other filters and the cursor', async () => {
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
    const ids = async (filter: Partial<Parameters<RunStore['listRuns']>[0]>) =>
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
  });
});

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

  it("commits a turn's writes, an application's included, in one transaction", async () => {
    const db = openDatabase(dbPath);
    db.exec('CREATE TABLE journal (run_id TEXT)');
    const store = new SqliteRunStore(new SqliteDatabase(db));
    store.saveDefinition('hash-1', definition);
    const reader = new Database(dbPath, { readonly: true });
    const changes = () => reader.pragma('data_version', { simple: true }) as number;
    const before = changes();
    for (let index = 0; index < 50; index++) store.createRun(newRun(`run-${index}`));
    store.queueWrite(() => db.prepare('INSERT INTO journal VALUES (?)').run('run-0'));
    await store.flush();
    expect(changes()).toBe(before + 1);
    reader.close();
    await store.close();
  });

  it("lists a version's newest finished runs through the index on tenant, workflow and version", () => {
    const db = openDatabase(dbPath);
    runMigrations(db, runtimeMigrations);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM runs WHERE tenant_id = 'a' AND workflow_id = 'w' AND workflow_version = 1
        AND status IN ('succeeded', 'failed') ORDER BY created_at DESC, id DESC LIMIT 5`)
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail)).toEqual([expect.stringContaining('USING INDEX runs_by_version')]);
    db.close();
  });
});

describe('PostgresRunStore', () => {
  let url: string;
  let databases: PostgresDatabase[];
  const open = () => {
    const db = openPostgresDatabase(url);
    databases.push(db);
    return db;
  };
  beforeEach(async () => {
    url = await freshPostgresDatabase();
    databases = [];
  });
  afterEach(async () => {
    await Promise.all(databases.map((db) => db.close().catch(() => undefined)));
  });

  it("creates SQLite's schema of runtime-store/5 as one step after the baseline, once, and refuses a newer database", async () => {
    expect([runtimePostgresMigrations.baseline, runtimePostgresMigrations.latest]).toEqual([runtimeMigrations.latest - 1, runtimeMigrations.latest]);
    await Promise.all([PostgresRunStore.open(open()), PostgresRunStore.open(open())]);
    const db = open();
    expect(await db.all('SELECT sequence_id, version FROM schema_migrations')).toEqual([{ sequence_id: 'runtime-store', version: runtimeMigrations.latest }]);

    const sqlite = openDatabase(dbPath);
    runMigrations(sqlite, runtimeMigrations);
    const sqliteColumns = sqlite
      .prepare(`SELECT m.name || '.' || c.name AS name FROM sqlite_master m, pragma_table_xinfo(m.name) c
        WHERE m.type = 'table' AND m.name <> 'schema_migrations' ORDER BY 1`)
      .pluck()
      .all();
    const sqliteIndexes = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1").pluck().all();
    sqlite.close();
    const postgresColumns = await db.all<{ name: string }>(`SELECT table_name || '.' || column_name AS name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name || '.' || column_name COLLATE "C"`);
    const postgresIndexes = await db.all<{ name: string }>(`SELECT indexname AS name FROM pg_indexes
      WHERE schemaname = 'public' AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname COLLATE "C"`);
    expect(postgresColumns.map((row) => row.name)).toEqual(sqliteColumns);
    expect(postgresIndexes.map((row) => row.name)).toEqual(sqliteIndexes);

    await runPostgresMigrations(db, runtimePostgresMigrations);
    await db.run('INSERT INTO schema_migrations VALUES (?, ?, ?)', ['runtime-store', runtimeMigrations.latest + 1, Date.now()]);
    await expect(PostgresRunStore.open(open())).rejects.toThrow(/newer than this Flowgate/);
  });

  it("commits a turn's writes in one transaction", async () => {
    const store = await PostgresRunStore.open(open());
    store.saveDefinition('hash-1', definition);
    for (let index = 0; index < 50; index++) store.createRun(newRun(`run-${index}`));
    await store.flush();
    const reader = open();
    expect(await reader.all("SELECT count(*) AS runs, count(DISTINCT xmin::text) AS transactions FROM runs")).toEqual([{ runs: 50, transactions: 1 }]);
    await store.close();
  });

  it('rolls back the whole batch of a write that fails, and poisons every later flush', async () => {
    const store = await PostgresRunStore.open(open());
    store.saveDefinition('hash-1', definition);
    await store.flush();
    store.createRun(newRun('run-in-failed-batch'));
    store.writeStep(step('run-in-failed-batch', 'a', 0));
    store.writeStep(step('no-such-run', 'a', 0));
    store.createRun(newRun('run-after-the-failure-in-the-batch'));
    const failed = store.flush();
    await expect(failed).rejects.toThrow(/the run store could not commit: .*violates foreign key constraint/);
    store.createRun(newRun('run-in-a-later-batch'));
    await expect(store.flush()).rejects.toBe(await failed.catch((error: unknown) => error));
    await expect(store.flush()).rejects.toThrow(/could not commit/);
    const reader = open();
    expect(await reader.all('SELECT id FROM runs')).toEqual([]);
    expect(await reader.all('SELECT node_id FROM steps')).toEqual([]);
    expect(await reader.all('SELECT hash FROM definitions')).toEqual([{ hash: 'hash-1' }]);
    await store.close();
  });

  it("joins an asynchronous application write to the batch's commit, and rolls it back with the batch", async () => {
    const db = open();
    const store = await PostgresRunStore.open(db);
    await db.exec('CREATE TABLE audit (run_id TEXT, run_status TEXT)');
    store.saveDefinition('hash-1', definition);
    store.createRun(newRun('audited'));
    await store.flush();
    store.updateRun('audited', { status: 'succeeded', finishedAt: 5, updatedAt: 5 });
    store.queueWrite(async () => {
      // Reads the run's update queued before it: same transaction.
      const run = await db.get<{ status: string }>('SELECT status FROM runs WHERE id = ?', ['audited']);
      await db.run('INSERT INTO audit VALUES (?, ?)', ['audited', run?.status ?? null]);
    });
    await store.flush();
    const reader = open();
    // One transaction wrote both rows: they carry the same transaction id.
    const written = await reader.all<{ xmin: string }>(
      "SELECT xmin::text AS xmin FROM runs WHERE id = 'audited' UNION SELECT xmin::text FROM audit WHERE run_id = 'audited'",
    );
    expect(written).toHaveLength(1);
    expect(await reader.all('SELECT * FROM audit')).toEqual([{ run_id: 'audited', run_status: 'succeeded' }]);

    store.updateRun('audited', { status: 'failed', updatedAt: 6 });
    store.queueWrite(async () => {
      await db.run('INSERT INTO audit VALUES (?, ?)', ['audited', 'failed']);
      throw new Error('the audit trail refused the entry');
    });
    await expect(store.flush()).rejects.toThrow(/could not commit: the audit trail refused the entry/);
    expect(await reader.all('SELECT run_status FROM audit')).toEqual([{ run_status: 'succeeded' }]);
    expect(await reader.get('SELECT status FROM runs')).toEqual({ status: 'succeeded' });
    await store.close();
  });
});
