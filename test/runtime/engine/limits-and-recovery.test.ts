import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeImplementations } from '../../../nodes/index.js';
import type { WorkflowDefinition } from '../../../runtime/definition/index.js';
import { Engine, RunRequestError, definitionHash, type EngineLogger } from '../../../runtime/engine/index.js';
import { SqliteRunStore, type RunRecord, type RunStatus } from '../../../runtime/store/index.js';
import { workflow } from '../../support/definitions.js';
import { tempDir } from '../../support/temp-dir.js';

/** `levels` objects nested in one another, `{"a":{"a":…1…}}`. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}

/** Waits for an event, then reads two levels of the run's input through `run.input`. */
const waitsThenReads = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'wait', type: 'flow.waitForEvent', config: { correlationKey: 'go', timeoutSeconds: 3600 } },
    { id: 'read', type: 'data.transform', config: { fields: { second: { var: 'run.input.a.a.a' }, first: { var: 'nodes.start.a.a.a' } } } },
  ],
  [
    ['start', 'out', 'wait'],
    ['wait', 'received', 'read'],
  ],
);

const echo = workflow([{ id: 'start', type: 'trigger.manual' }], []);
/** Wraps its input in two more levels: `{ a: { a: input } }`. */
const wrapTwice = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'once', type: 'data.transform', config: { fields: { a: { var: 'input' } } } },
    { id: 'twice', type: 'data.transform', config: { fields: { a: { var: 'input' } } } },
  ],
  [
    ['start', 'out', 'once'],
    ['once', 'out', 'twice'],
  ],
);
const forEachWrap = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'each', type: 'flow.forEach', config: { items: { var: 'input.items' }, workflowId: 'wrap-twice', concurrency: 2 } },
  ],
  [['start', 'out', 'each']],
);

/** A definition that was valid when its runs started, on a node type since removed. */
const retired: WorkflowDefinition = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'old', type: 'acme.retired' },
  ],
  [['start', 'out', 'old']],
);

let dir: ReturnType<typeof tempDir>;
let dbPath: string;
let store: SqliteRunStore;
let engine: Engine;
let logged: { level: string; fields: Record<string, unknown>; message: string }[];

function newEngine(): Engine {
  const logger: EngineLogger = {
    info: (fields, message) => logged.push({ level: 'info', fields, message }),
    warn: (fields, message) => logged.push({ level: 'warn', fields, message }),
    error: (fields, message) => logged.push({ level: 'error', fields, message }),
  };
  const bodies: Record<string, WorkflowDefinition> = { 'wrap-twice': wrapTwice };
  return new Engine({
    store,
    nodes: nodeImplementations,
    logger,
    workflows: { resolve: (_tenant, id) => Promise.resolve(bodies[id] && { workflowId: id, version: 1, definition: bodies[id] }) },
  });
}

/** Stops the engine and starts another on the same file, as a restart does. */
async function restart(): Promise<void> {
  await engine.shutdown();
  await store.close();
  store = SqliteRunStore.open(dbPath);
  engine = newEngine();
}

async function until(runId: string, ...statuses: RunStatus[]): Promise<RunRecord> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await store.flush();
    const run = await store.getRun(runId);
    if (run && statuses.includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} is ${run?.status ?? 'missing'}, not ${statuses.join('/')}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A run as a crash leaves it: created and committed as `running`, not one step recorded. */
function plantRunningRun(definition: WorkflowDefinition, input: unknown, hash = definitionHash(definition)): string {
  const id = `planted-${Math.random().toString(36).slice(2)}`;
  store.saveDefinition(hash, definition);
  const now = Date.now();
  store.createRun({
    id,
    tenantId: 'local',
    workflowId: null,
    workflowVersion: null,
    definitionHash: hash,
    triggerNodeId: 'start',
    status: 'running',
    inputJson: JSON.stringify(input),
    paramsJson: '{}',
    triggerJson: null,
    parentRunId: null,
    parentNodeId: null,
    parentIndex: null,
    initiatedBy: null,
    createdAt: now,
    startedAt: now,
  });
  return id;
}

/** A query on the store's file from outside, as an operator (or a broken disk) would change it; foreign keys unchecked. */
function sql<T>(query: string, ...parameters: unknown[]): T[] {
  const db = new Database(dbPath);
  db.pragma('foreign_keys = OFF');
  try {
    const statement = db.prepare(query);
    if (statement.reader) return statement.all(...parameters) as T[];
    statement.run(...parameters);
    return [];
  } finally {
    db.close();
  }
}

beforeEach(() => {
  dir = tempDir();
  dbPath = join(dir.path, 'runs.db');
  store = SqliteRunStore.open(dbPath);
  logged = [];
  engine = newEngine();
});

afterEach(async () => {
  await engine.shutdown();
  await store.close();
  dir.remove();
});

describe('data at the depth limit', () => {
  it('starts a run whose input is exactly 100 levels deep, lets expressions read it as run.input, resumes it after a restart', async () => {
    const { runId } = await engine.start({ definition: waitsThenReads, input: nested(100) });
    expect((await until(runId, 'waiting', 'failed')).status).toBe('waiting');
    await restart();
    await engine.recover();
    expect(await engine.signal('local', 'go', { ok: true })).toBe(1);
    const run = await until(runId, 'succeeded', 'failed');
    expect(run.error).toBeNull();
    expect(run.output).toEqual({ second: nested(97), first: nested(97) });
  });

  it('refuses an input one level deeper before any run exists, naming the path', async () => {
    const error: unknown = await engine.start({ definition: waitsThenReads, input: nested(101) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunRequestError);
    expect((error as RunRequestError).message).toMatch(/^the run input is not valid JSON data at a\.a.*: it is nested deeper than 100 levels/);
    expect((error as RunRequestError).path).toEqual(['input', ...Array.from({ length: 100 }, () => 'a')]);
    await store.flush();
    expect(sql('SELECT id FROM runs')).toEqual([]);
  });

  it('starts a run whose json param is exactly 100 levels deep (params are stored one level deeper)', async () => {
    const withParam = { ...echo, params: [{ name: 'deep', type: 'json' as const }] };
    const run = await engine.execute({ definition: withParam, params: { deep: nested(100) } });
    expect(run.status).toBe('succeeded');
    const refused: unknown = await engine.start({ definition: withParam, params: { deep: nested(101) } }).catch((caught: unknown) => caught);
    expect((refused as RunRequestError).path?.slice(0, 3)).toEqual(['params', 'deep', 'a']);
  });

  it('cancels a waiting run whose input is 100 levels deep', async () => {
    const { runId } = await engine.start({ definition: waitsThenReads, input: nested(100) });
    await until(runId, 'waiting');
    await restart();
    const cancelled = await engine.cancel(runId);
    expect(cancelled.status).toBe('cancelled');
    expect((await until(runId, 'cancelled')).status).toBe('cancelled');
  });

  it('collects forEach items whose outputs are 100 levels deep into its list', async () => {
    const run = await engine.execute({ definition: forEachWrap, input: { items: [nested(98), nested(98)] } });
    const finished = await until(run.id, 'succeeded', 'failed');
    expect(finished.error).toBeNull();
    expect(finished.output).toEqual([nested(100), nested(100)]);
  });
});

describe('recovery of runs that cannot be resumed', () => {
  it('fails a run whose definition no longer validates, with the reason, and resumes the others', async () => {
    const poisoned = plantRunningRun(retired, {});
    const missing = plantRunningRun(echo, {}, 'f'.repeat(64));
    const healthy = plantRunningRun(echo, { n: 1 });
    const atTheLimit = plantRunningRun(echo, nested(100));
    await store.flush();
    await restart();
    sql('DELETE FROM definitions WHERE hash = ?', 'f'.repeat(64));

    expect(await engine.recover()).toBe(2);
    expect((await until(healthy, 'succeeded')).output).toEqual({ n: 1 });
    expect((await until(atTheLimit, 'succeeded')).output).toEqual(nested(100));
    const failed = await until(poisoned, 'failed');
    expect(failed.error).toEqual({
      code: 'RESUME_FAILED',
      message: 'the run could not be resumed: the workflow is not valid: nodes[1].type: unknown node type "acme.retired"',
    });
    expect(failed.finishedAt).not.toBeNull();
    expect((await until(missing, 'failed')).error?.message).toMatch(/^the run could not be resumed: definition f+ is missing from the store$/);
    const errors = logged.filter((entry) => entry.level === 'error');
    expect(errors.map((entry) => entry.fields.runId).sort()).toEqual([poisoned, missing].sort());
    for (const entry of errors) expect(entry.message).toBe('a run could not be resumed; it is marked failed');
    expect(errors.find((entry) => entry.fields.runId === poisoned)?.fields.error).toBe('the workflow is not valid: nodes[1].type: unknown node type "acme.retired"');
  });

  it('fails a run whose stored row cannot even be read, and still resumes the others', async () => {
    const unreadable = plantRunningRun(echo, {});
    const healthy = plantRunningRun(echo, { n: 2 });
    await store.flush();
    await restart();
    sql("UPDATE runs SET input = 'not json' WHERE id = ?", unreadable);

    expect(await engine.recover()).toBe(1);
    expect((await until(healthy, 'succeeded')).output).toEqual({ n: 2 });
    await store.flush();
    const [row] = sql<{ status: string; error: string }>('SELECT status, error FROM runs WHERE id = ?', unreadable);
    expect(row?.status).toBe('failed');
    expect(JSON.parse(row?.error ?? 'null')).toMatchObject({ code: 'RESUME_FAILED' });
  });

  it('releases the waits of a run it fails: its event subscription, timer and step', async () => {
    const { runId } = await engine.start({ definition: waitsThenReads, input: {} });
    await until(runId, 'waiting');
    await engine.shutdown();
    await store.close();
    const [step] = sql<{ definition_hash: string }>('SELECT definition_hash FROM runs WHERE id = ?', runId);
    const db = new Database(dbPath);
    db.prepare("UPDATE runs SET status = 'running' WHERE id = ?").run(runId);
    db.prepare('UPDATE definitions SET body = ? WHERE hash = ?').run(JSON.stringify(retired), step?.definition_hash);
    db.close();
    store = SqliteRunStore.open(dbPath);
    engine = newEngine();

    await engine.recover();
    expect((await until(runId, 'failed')).error?.code).toBe('RESUME_FAILED');
    expect(sql('SELECT * FROM event_waits')).toEqual([]);
    expect(sql('SELECT * FROM timers')).toEqual([]);
    expect(sql<{ status: string; error: string }>("SELECT status, error FROM steps WHERE node_id = 'wait'")).toEqual([
      { status: 'failed', error: expect.stringContaining('"nodeId":"wait"') as unknown },
    ]);
    expect(await engine.signal('local', 'go', {})).toBe(0);
  });
});

describe('cancel', () => {
  it('ends a waiting run from the store alone, even when its definition is gone: waits released, step failed', async () => {
    const { runId } = await engine.start({ definition: waitsThenReads, input: {} });
    await until(runId, 'waiting');
    await restart();
    sql('DELETE FROM definitions');

    const cancelled = await engine.cancel(runId);
    expect(cancelled).toMatchObject({ id: runId, status: 'cancelled', error: null });
    expect(sql('SELECT * FROM event_waits')).toEqual([]);
    expect(sql('SELECT * FROM timers')).toEqual([]);
    const steps = await store.listSteps(runId);
    expect(steps.map((step) => `${step.nodeId}:${step.status}:${step.error?.code ?? ''}`)).toEqual(['start:succeeded:', 'wait:failed:CANCELLED']);
    expect(steps[1]?.input).toEqual({});
    await expect(engine.cancel(runId)).rejects.toThrow(`run "${runId}" has already finished (cancelled)`);
  });

  it('cancels a run left running by a crash without resuming it first', async () => {
    const interrupted = plantRunningRun(retired, {});
    await store.flush();
    await restart();
    expect((await engine.cancel(interrupted)).status).toBe('cancelled');
    expect((await until(interrupted, 'cancelled')).error).toBeNull();
  });
});
