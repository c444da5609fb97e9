import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDatabase, openPostgresDatabase, type SqlDatabase, type SqlValue } from '../../runtime/store/index.js';
import { activeWorkflow, expectError, expectOk, waitForRun } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../support/server-harness.js';
import { rotateSecret } from '../support/workflow-lifecycle.js';

/**
 * Audit entries of engine-side changes commit in the same transaction as the change: a failed
 * entry takes its change with it, every run has exactly its entry, the chain holds under load, and
 * changes no person made (webhooks, schedules, due times) are audited with a system actor.
 */

const opened: ServerHarness[] = [];
afterEach(async () => {
  for (const server of opened.splice(0)) {
    // A store that lost a commit refuses to flush on shutdown; its files go all the same.
    await server.close().catch(async () => {
      await server.app.sql.close();
      rmSync(server.dataDir, { recursive: true, force: true });
    });
  }
});

interface Cast {
  readonly server: ServerHarness;
  readonly customer: string;
  readonly consultant: ApiClient;
  readonly approver: ApiClient;
  readonly operator: ApiClient;
  readonly owner: ApiClient;
}

async function open(): Promise<Cast> {
  const server = await startServerHarness();
  opened.push(server);
  return {
    server,
    customer: server.tenants.customer,
    consultant: await server.signIn(DEMO.consultant),
    approver: await server.signIn(DEMO.approver),
    operator: await server.signIn(DEMO.operator),
    owner: await server.signIn(DEMO.customerOwner),
  };
}

const waiting = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'hook', type: 'trigger.webhook', config: { path: 'audited/orders', auth: 'token' } },
    { id: 'wait', type: 'flow.waitForEvent', config: { correlationKey: { var: 'input.key' } } },
  ],
  [
    ['start', 'out', 'wait'],
    ['hook', 'out', 'wait'],
  ],
  { name: 'Audited starts' },
);

/**
 * Reads what the server's database holds through a connection of its own (what a restart would
 * find): the data directory's SQLite file, read-only, or the server's PostgreSQL database.
 */
async function readStored<T>(server: ServerHarness, read: (db: SqlDatabase) => Promise<T>): Promise<T> {
  const { databaseUrl, dataDir } = server.app.config;
  const db = databaseUrl === undefined ? new SqliteDatabase(new Database(join(dataDir, 'flowgate.db'), { readonly: true })) : openPostgresDatabase(databaseUrl, { maxConnections: 1 });
  try {
    return await read(db);
  } finally {
    await db.close();
  }
}

/** The rows `sql` answers, read through a connection of its own (see {@link readStored}). */
function onDisk<Row extends object>(server: ServerHarness, sql: string, ...params: SqlValue[]): Promise<Row[]> {
  return readStored(server, (db) => db.all<Row>(sql, params));
}

/** Makes every insert into the audit log fail, as a full disk or a broken table would. */
async function breakAuditLog(server: ServerHarness): Promise<void> {
  const { sql } = server.app;
  if (sql.dialect === 'sqlite') {
    await sql.exec("CREATE TRIGGER audit_log_broken BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log cannot be written'); END");
    return;
  }
  await sql.exec(`CREATE FUNCTION audit_log_broken() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log cannot be written'; END $$;
    CREATE TRIGGER audit_log_broken BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_broken()`);
}

describe('an engine-side change and its audit entry commit together', () => {
  it('a run whose audit entry cannot be written is not started (API)', async () => {
    const { server, customer, consultant, approver, operator, owner } = await open();
    const workflowId = await activeWorkflow(consultant, approver, customer, 'Audited starts', waiting);
    await breakAuditLog(server);
    expectError(await operator.request('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`, { input: { key: 'lost' } }), 500, 'INTERNAL');
    expect(await onDisk(server, 'SELECT id FROM runs WHERE workflow_id = ?', workflowId)).toEqual([]);
    expect(expectOk(await owner.request<{ ok: boolean }>('GET', `/api/v1/tenants/${customer}/audit/verify`)).ok).toBe(true);
  });

  it('a run whose audit entry cannot be written is not started (webhook)', async () => {
    const { server, customer, consultant, approver } = await open();
    const workflowId = await activeWorkflow(consultant, approver, customer, 'Audited starts', waiting);
    const secret = await rotateSecret({ tenantId: customer, designer: consultant, approver }, workflowId, 'hook');
    await breakAuditLog(server);
    const answer = await server.request('POST', '/hooks/contoso/audited/orders', { key: 'lost' }, { 'x-flowgate-token': secret, 'idempotency-key': 'lost-1' });
    expectError(answer, 500, 'INTERNAL');
    expect(await onDisk(server, 'SELECT id FROM runs WHERE workflow_id = ?', workflowId)).toEqual([]);
    expect(await onDisk(server, 'SELECT key FROM idempotency_keys')).toEqual([]);
  });

  it('under concurrent starts, cancels, webhooks and draft saves every run has exactly its entry and the chain verifies', async () => {
    const { server, customer, consultant, approver, operator, owner } = await open();
    const workflowId = await activeWorkflow(consultant, approver, customer, 'Audited starts', waiting);
    const secret = await rotateSecret({ tenantId: customer, designer: consultant, approver }, workflowId, 'hook');
    const base = `/api/v1/tenants/${customer}`;
    const draftId = expectOk(await consultant.request<{ id: string }>('POST', `${base}/workflows`, { name: 'Edited meanwhile', definition: waiting }), 201).id;
    let revision = 1;
    const saveDraft = async (index: number) => {
      const saved = await consultant.request<{ revision: number }>('PUT', `${base}/workflows/${draftId}`, { revision, definition: { ...waiting, description: `edit ${index}` } });
      if (saved.status === 200) revision = saved.body.revision;
    };
    const startAndCancel = async (index: number) => {
      const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `${base}/workflows/${workflowId}/runs`, { input: { key: `k-${index}` } }, { 'idempotency-key': `start-${index}` }), 201);
      if (index % 3 === 0) {
        await waitForRun(operator, customer, runId, ['waiting']);
        expectOk(await operator.request('POST', `${base}/runs/${runId}/cancel`));
      }
    };
    const webhook = (index: number) => server.request('POST', '/hooks/contoso/audited/orders', { key: `w-${index}` }, { 'x-flowgate-token': secret });
    await Promise.all([
      ...Array.from({ length: 24 }, (_, index) => startAndCancel(index)),
      ...Array.from({ length: 24 }, (_, index) => webhook(index).then((answer) => expect(answer.status, answer.text).toBe(202))),
      ...Array.from({ length: 8 }, (_, index) => saveDraft(index)),
    ]);
    await server.app.store.flush();
    const runs = await onDisk<{ id: string; status: string; trigger: string }>(server, 'SELECT id, status, trigger_node_id AS trigger FROM runs WHERE workflow_id = ?', workflowId);
    expect(runs).toHaveLength(48);
    const entries = await onDisk<{ action: string; actor: string; run: string }>(server, "SELECT action, actor_id AS actor, target_id AS run FROM audit_log WHERE action IN ('run.start', 'run.cancel')");
    const starts = entries.filter((entry) => entry.action === 'run.start');
    expect(starts.map((entry) => entry.run).sort()).toEqual(runs.map((run) => run.id).sort());
    for (const run of runs) {
      const start = starts.find((entry) => entry.run === run.id);
      expect(start?.actor).toBe(run.trigger === 'hook' ? 'system:webhook' : operator.userId);
    }
    const cancelled = runs.filter((run) => run.status === 'cancelled').map((run) => run.id);
    expect(cancelled).toHaveLength(8);
    expect(entries.filter((entry) => entry.action === 'run.cancel').map((entry) => entry.run).sort()).toEqual(cancelled.sort());
    const verified = expectOk(await owner.request<{ ok: boolean; entries: number }>('GET', `${base}/audit/verify`));
    expect(verified.ok).toBe(true);
  });
});

describe('changes no person made are audited with a system actor', () => {
  it("a task's time-out and escalation at its due time (system:engine)", async () => {
    const { server, customer, consultant, approver, operator } = await open();
    const gate = (onDue: 'timeout' | 'escalate') =>
      workflow(
        [
          { id: 'start', type: 'trigger.manual' },
          { id: 'approve', type: 'human.approval', config: { title: 'Check', approverRoles: ['approver'], dueInMinutes: 60, onDue } },
        ],
        [['start', 'out', 'approve']],
        { name: `Due ${onDue}` },
      );
    const base = `/api/v1/tenants/${customer}`;
    const timingOut = await activeWorkflow(consultant, approver, customer, 'Due timeout', gate('timeout'));
    const escalating = await activeWorkflow(consultant, approver, customer, 'Due escalate', gate('escalate'));
    const first = expectOk(await operator.request<{ runId: string }>('POST', `${base}/workflows/${timingOut}/runs`, { input: {} }), 201);
    const second = expectOk(await operator.request<{ runId: string }>('POST', `${base}/workflows/${escalating}/runs`, { input: {} }), 201);
    await waitForRun(operator, customer, first.runId, ['waiting']);
    await waitForRun(operator, customer, second.runId, ['waiting']);
    // The hour passes: the tasks' due timers come due.
    await server.app.sql.run("UPDATE timers SET due_at = 0 WHERE kind = 'approval-due'");
    await server.app.engine.runDueTimers();
    await waitForRun(operator, customer, first.runId, ['succeeded']);
    await server.app.store.flush();
    const tasks = await server.app.store.listTasks({ tenantId: customer });
    const timedOut = tasks.find((task) => task.runId === first.runId);
    const escalated = tasks.find((task) => task.runId === second.runId);
    expect([timedOut?.status, escalated?.status, escalated?.escalatedAt !== null]).toEqual(['timed_out', 'open', true]);
    const entries = await server.app.audit.list(customer, { actorId: 'system:engine', limit: 10 });
    expect(entries.map((entry) => ({ action: entry.action, target: entry.targetId, runId: entry.details.runId }))).toEqual([
      { action: 'task.timeout', target: timedOut?.id, runId: first.runId },
      { action: 'task.escalate', target: escalated?.id, runId: second.runId },
    ]);
  });

  it('a scheduled start (system:schedule), committed with its run', async () => {
    const { server, customer, consultant, approver } = await open();
    const everySecond = workflow(
      [
        { id: 'tick', type: 'trigger.schedule', config: { cron: '* * * * * *', timeZone: 'UTC' } },
        { id: 'note', type: 'data.transform', config: { fields: { at: { var: 'input.scheduledAt' } } } },
      ],
      [['tick', 'out', 'note']],
    );
    const workflowId = await activeWorkflow(consultant, approver, customer, 'Every second', everySecond);
    const deadline = Date.now() + 10_000;
    let runs: { id: string }[] = [];
    while (runs.length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await server.app.store.flush();
      runs = await onDisk<{ id: string }>(server, 'SELECT id FROM runs WHERE workflow_id = ?', workflowId);
    }
    expectOk(await consultant.request('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/archive`));
    await server.app.store.flush();
    // Read together: each run on disk has its entry, and no entry is without its run.
    const { stored, audited } = await readStored(server, async (db) => ({
      stored: (await db.all<{ id: string }>('SELECT id FROM runs WHERE workflow_id = ?', [workflowId])).map((run) => run.id),
      audited: (await db.all<{ target_id: string; details: string }>("SELECT target_id, details FROM audit_log WHERE actor_id = 'system:schedule' AND action = 'run.start'"))
        .filter((entry) => (JSON.parse(entry.details) as { workflowId?: string }).workflowId === workflowId)
        .map((entry) => entry.target_id),
    }));
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(audited.sort()).toEqual(stored.sort());
  });
});
