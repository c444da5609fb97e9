import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeImplementations } from '../../../nodes/index.js';
import { Engine, type EngineJournal } from '../../../runtime/engine/index.js';
import { SqliteRunStore, openDatabase, SqliteDatabase } from '../../../runtime/store/index.js';
import { workflow } from '../../support/definitions.js';
import { TestClock, waitFixture } from '../../support/engine-harness.js';
import { tempDir } from '../../support/temp-dir.js';

/**
 * The writes callers hand the engine (`together`, the journal) run inside the transaction that
 * commits the change they belong to: each one looks at the database from inside its write and must
 * see the change made, uncommitted to any other connection.
 */

interface Setup {
  readonly engine: Engine;
  readonly store: SqliteRunStore;
  readonly db: Database.Database;
  readonly clock: TestClock;
}

let dir: ReturnType<typeof tempDir> | undefined;
let setup: Setup | undefined;
afterEach(async () => {
  await setup?.engine.shutdown();
  await setup?.store.close();
  dir?.remove();
  setup = undefined;
});

function start(options: { journal?: EngineJournal; http?: (url: string) => Promise<Response> } = {}): Setup {
  dir = tempDir();
  const db = openDatabase(join(dir.path, 'runs.db'));
  const store = new SqliteRunStore(new SqliteDatabase(db));
  const clock = new TestClock();
  const http = options.http;
  const engine = new Engine({ store, nodes: nodeImplementations, clock, journal: options.journal, ...(http ? { http: { forTenant: () => http, addressesForTenant: () => () => Promise.reject(new Error('no connection expected')) } } : {}) });
  setup = { engine, store, db, clock };
  return setup;
}

/** What a write saw of the database when it ran. */
function look(db: Database.Database, sql: string, ...params: unknown[]): { inTransaction: boolean; seen: unknown } {
  return { inTransaction: db.inTransaction, seen: db.prepare(sql).get(...params) };
}

const ann = { id: 'ann@partner.example', roles: ['approver'] };
const bob = { id: 'bob@partner.example', roles: ['approver'] };
const input = { orderId: 'SO-77', amount: 240 };

describe("writes committed with the engine's changes", () => {
  it('start: with the run it creates, whether the creation commits before start returns or with the run', async () => {
    const { engine, db } = start();
    const quick = workflow([{ id: 'start', type: 'trigger.manual' }], []);
    const seen: unknown[] = [];
    const handle = await engine.start({ definition: quick, input: { a: 1 } }, { together: (run) => seen.push(look(db, 'SELECT id, status FROM runs WHERE id = ?', run.id)) });
    expect(seen).toEqual([{ inTransaction: true, seen: { id: handle.runId, status: 'running' } }]);
    await handle.settled;
    const late = await engine.start({ definition: quick }, { commitBeforeReturn: false, together: (run) => seen.push(look(db, 'SELECT id FROM runs WHERE id = ?', run.id)) });
    await late.settled;
    expect(seen[1]).toEqual({ inTransaction: true, seen: { id: late.runId } });
  });

  it('start: a write that fails takes the run with it', async () => {
    const { engine, store, db } = start();
    const quick = workflow([{ id: 'start', type: 'trigger.manual' }], []);
    const failing = engine.start({ definition: quick }, { together: () => db.prepare('INSERT INTO no_such_table VALUES (1)').run() });
    await expect(failing).rejects.toThrow(/could not commit: no such table: no_such_table/);
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(0);
    // Nothing may look committed after a lost commit: the store refuses until it is reopened.
    await expect(engine.shutdown()).rejects.toThrow(/could not commit/);
    await store.close();
    setup = undefined;
  });

  it('cancel: with the cancelled status, for a waiting run and for one that is executing', async () => {
    let release: (response: Response) => void = () => undefined;
    let called: () => void = () => undefined;
    const calling = new Promise<void>((resolve) => (called = resolve));
    const { engine, db } = start({
      http: () =>
        new Promise<Response>((resolve) => {
          release = resolve;
          called();
        }),
    });
    const waiting = await engine.execute({ definition: waitFixture('wait-for-event'), input: { orderId: 'SO-1' } });
    expect(waiting.status).toBe('waiting');
    const seen: unknown[] = [];
    const cancelled = await engine.cancel(waiting.id, () => seen.push(look(db, 'SELECT status FROM runs WHERE id = ?', waiting.id)));
    expect(cancelled.status).toBe('cancelled');
    expect(seen).toEqual([{ inTransaction: true, seen: { status: 'cancelled' } }]);

    const slow = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'call', type: 'connector.http', config: { url: 'https://erp.example/slow' } },
      ],
      [['start', 'out', 'call']],
    );
    const executing = await engine.start({ definition: slow });
    await calling;
    const stopped = await engine.cancel(executing.runId, () => seen.push(look(db, 'SELECT status FROM runs WHERE id = ?', executing.runId)));
    release(new Response('{}'));
    expect(stopped.status).toBe('cancelled');
    expect(seen[1]).toEqual({ inTransaction: true, seen: { status: 'cancelled' } });
    await expect(engine.cancel(executing.runId, () => seen.push('again'))).rejects.toThrow(/already finished/);
    expect(seen).toHaveLength(2);
  });

  it('retry: with the run reopened and the failed step running again', async () => {
    let calls = 0;
    const { engine, db } = start({ http: () => Promise.resolve(new Response('{}', { status: ++calls === 1 ? 400 : 200 })) });
    const once = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'call', type: 'connector.http', config: { url: 'https://erp.example/orders' } },
      ],
      [['start', 'out', 'call']],
    );
    const failed = await engine.execute({ definition: once });
    expect(failed.status).toBe('failed');
    const seen: unknown[] = [];
    const retried = await engine.retry(failed.id, () =>
      seen.push(look(db, "SELECT r.status, s.status AS step FROM runs r JOIN steps s ON s.run_id = r.id AND s.node_id = 'call' WHERE r.id = ?", failed.id)),
    );
    expect(seen).toEqual([{ inTransaction: true, seen: { status: 'running', step: 'running' } }]);
    expect((await retried.settled).status).toBe('succeeded');
  });

  it('signal: with each resumption, once per run that waited', async () => {
    const { engine, db } = start();
    const first = await engine.execute({ definition: waitFixture('wait-for-event'), input: { orderId: 'SO-2' } });
    const second = await engine.execute({ definition: waitFixture('wait-for-event'), input: { orderId: 'SO-2' } });
    const seen: { runId: string; look: unknown }[] = [];
    const resumed = await engine.signal('local', 'pickup:SO-2', { carrier: 'DHL' }, (runId) =>
      seen.push({ runId, look: look(db, 'SELECT count(*) AS waits FROM event_waits WHERE run_id = ?', runId) }),
    );
    expect(resumed).toBe(2);
    expect(seen.map((entry) => entry.runId).sort()).toEqual([first.id, second.id].sort());
    for (const entry of seen) expect(entry.look).toEqual({ inTransaction: true, seen: { waits: 0 } });
    expect(await engine.signal('local', 'pickup:SO-2', {}, () => seen.push({ runId: 'again', look: null }))).toBe(0);
    expect(seen).toHaveLength(2);
  });

  it('decide: with the decision, and with the task closing when it decides the task', async () => {
    const { engine, store, db } = start();
    const run = await engine.execute({ definition: waitFixture('approval-two-of-n'), input });
    const [task] = await store.listTasks({ tenantId: 'local', runId: run.id });
    const taskId = task?.id ?? '';
    const seen: unknown[] = [];
    const write = (after: { status: string }) =>
      seen.push({ after: after.status, ...look(db, 'SELECT t.status, (SELECT count(*) FROM task_decisions WHERE task_id = t.id) AS decisions FROM tasks t WHERE t.id = ?', taskId) });
    await engine.decide(taskId, { decision: 'approve', actor: ann }, write);
    await engine.decide(taskId, { decision: 'approve', actor: bob }, write);
    expect(seen).toEqual([
      { after: 'open', inTransaction: true, seen: { status: 'open', decisions: 1 } },
      { after: 'approved', inTransaction: true, seen: { status: 'approved', decisions: 2 } },
    ]);
    await expect(engine.decide(taskId, { decision: 'reject', actor: { id: 'cleo@partner.example', roles: ['approver'] } }, write)).rejects.toThrow(/already approved/);
    expect(seen).toHaveLength(2);
  });

  it("journal: a task's time-out and escalation, each with the change the due time made", async () => {
    const seen: unknown[] = [];
    const journal: EngineJournal = {
      taskTimedOut: (task) => seen.push({ timedOut: task.status, ...look(setupDb(), 'SELECT status FROM tasks WHERE id = ?', task.id) }),
      taskEscalated: (task) => seen.push({ escalated: task.escalatedAt !== null, ...look(setupDb(), 'SELECT escalated_at IS NOT NULL AS escalated FROM tasks WHERE id = ?', task.id) }),
    };
    const { engine, clock } = start({ journal });
    const due = await engine.execute({ definition: waitFixture('approval-due'), input });
    const escalating = await engine.execute({ definition: waitFixture('approval-escalate'), input });
    clock.advance(61 * 60_000);
    await engine.runDueTimers();
    expect(seen).toEqual(
      expect.arrayContaining([
        { timedOut: 'timed_out', inTransaction: true, seen: { status: 'timed_out' } },
        { escalated: true, inTransaction: true, seen: { escalated: 1 } },
      ]),
    );
    expect(seen).toHaveLength(2);
    expect([due.status, escalating.status]).toEqual(['waiting', 'waiting']);
  });
});

describe("the journal's runFinished", () => {
  it('sees each run that ends — succeeded, failed, cancelled waiting or executing — once, in the commit that ends it', async () => {
    const seen: { inTransaction: boolean; seen: unknown }[] = [];
    const { engine } = start({
      journal: { runFinished: (runId) => seen.push(look(setupDb(), 'SELECT id, status, finished_at IS NOT NULL AS finished FROM runs WHERE id = ?', runId)) },
      http: (url) => Promise.resolve(new Response('{}', { status: url.endsWith('/fail') ? 400 : 200 })),
    });
    const call = (path: string) =>
      workflow(
        [
          { id: 'start', type: 'trigger.manual' },
          { id: 'call', type: 'connector.http', config: { url: `https://erp.example${path}` } },
        ],
        [['start', 'out', 'call']],
      );
    const succeeded = await engine.execute({ definition: call('/ok') });
    const failed = await engine.execute({ definition: call('/fail') });
    const waiting = await engine.execute({ definition: waitFixture('wait-for-event'), input: { orderId: 'SO-9' } });
    expect(seen.map((entry) => (entry.seen as { id: string }).id)).toEqual([succeeded.id, failed.id]);
    await engine.cancel(waiting.id);
    expect(seen).toEqual([
      { inTransaction: true, seen: { id: succeeded.id, status: 'succeeded', finished: 1 } },
      { inTransaction: true, seen: { id: failed.id, status: 'failed', finished: 1 } },
      { inTransaction: true, seen: { id: waiting.id, status: 'cancelled', finished: 1 } },
    ]);
  });
});

function setupDb(): Database.Database {
  if (!setup) throw new Error('no engine yet');
  return setup.db;
}
