import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMigrationSequence } from '../../runtime/definition/index.js';
import { openDatabase, runMigrations, runtimeMigrations } from '../../runtime/store/index.js';
import { serverMigrations } from '../../server/db/server-migrations.js';
import { tempDir } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('migration server/10: people named by user id', () => {
  it('turns the e-mails that runs, tasks and decisions stored into user ids, and keeps what is no account', () => {
    const db = openDatabase(join(dir.path, 'flowgate.db'));
    runMigrations(db, createMigrationSequence({ sequenceId: serverMigrations.sequenceId, baseline: 0, sequence: serverMigrations.sequence.slice(0, 9) }));
    runMigrations(db, runtimeMigrations);
    db.prepare("INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('u-ann', 'ann@acme.example', 'Ann', 'x', 0), ('u-bob', 'bob@acme.example', 'Bob', 'x', 0)").run();
    db.prepare("INSERT INTO definitions (hash, body, created_at) VALUES ('h', '{}', 0)").run();
    db.prepare(
      `INSERT INTO runs (id, tenant_id, definition_hash, trigger_node_id, status, input, params, trigger_info, created_at, updated_at, initiated_by)
       VALUES ('r1', 't1', 'h', 'start', 'waiting', '{}', '{}', '{"type":"manual","by":"ann@acme.example"}', 0, 0, 'ann@acme.example'),
              ('r2', 't1', 'h', 'start', 'waiting', '{}', '{}', '{"type":"webhook"}', 0, 0, 'system:webhook')`,
    ).run();
    db.prepare(
      `INSERT INTO tasks (id, tenant_id, run_id, node_id, iteration, status, title, instructions, fields, policy, initiated_by, on_due, created_at)
       VALUES ('k1', 't1', 'r1', 'gate', '0', 'open', 'Approve', '', '{}', ?, 'ann@acme.example', 'timeout', 0)`,
    ).run(JSON.stringify({ roles: ['approver'], users: ['BOB@acme.example', 'gone@acme.example', 'u-ann'], requiredApprovals: 2, vetoOnReject: true, allowInitiator: false }));
    db.prepare("INSERT INTO task_decisions (task_id, actor_id, decision, comment, decided_at) VALUES ('k1', 'bob@acme.example', 'approve', '', 0)").run();

    runMigrations(db, serverMigrations);

    expect(db.prepare("SELECT initiated_by, trigger_info FROM runs WHERE id = 'r1'").get()).toEqual({ initiated_by: 'u-ann', trigger_info: '{"type":"manual","by":"u-ann"}' });
    expect(db.prepare("SELECT initiated_by FROM runs WHERE id = 'r2'").pluck().get()).toBe('system:webhook');
    const task = db.prepare("SELECT policy, initiated_by FROM tasks WHERE id = 'k1'").get() as { policy: string; initiated_by: string };
    expect(task.initiated_by).toBe('u-ann');
    expect(JSON.parse(task.policy)).toMatchObject({ roles: ['approver'], users: ['u-bob', 'gone@acme.example', 'u-ann'], requiredApprovals: 2 });
    expect(db.prepare("SELECT actor_id FROM task_decisions WHERE task_id = 'k1'").pluck().all()).toEqual(['u-bob']);
    db.close();
  });

  it('has nothing to move in a new database, whose run tables come after the server tables', () => {
    const db = openDatabase(join(dir.path, 'flowgate.db'));
    runMigrations(db, serverMigrations);
    runMigrations(db, runtimeMigrations);
    expect(db.prepare("SELECT MAX(version) FROM schema_migrations WHERE sequence_id = 'server'").pluck().get()).toBe(serverMigrations.sequence.length);
    db.close();
  });
});
