import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMigrationSequence } from '../../runtime/definition/index.js';
import { openDatabase, runMigrations, runtimeMigrations } from '../../runtime/store/index.js';
import { serverMigrations } from '../../server/db/server-migrations.js';
import { binDurationMs } from '../../server/insights/duration-histogram.js';
import { tempDir } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

/** The migration that creates the rollups and backfills them. */
const ROLLUPS_MIGRATION = 19;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

describe('migration server/19: Insights rollups', () => {
  it('builds the rollups from the runs stored before it, counting only the workflows’ own runs', () => {
    const db = openDatabase(join(dir.path, 'flowgate.db'));
    runMigrations(db, createMigrationSequence({ sequenceId: serverMigrations.sequenceId, baseline: 0, sequence: serverMigrations.sequence.slice(0, ROLLUPS_MIGRATION - 1) }));
    runMigrations(db, runtimeMigrations);
    const definition = { name: 'Order sync', settings: { slaMinutes: 30 }, nodes: [{ id: 'start' }, { id: 'call', name: 'Call the ERP' }] };
    db.prepare("INSERT INTO definitions (hash, body, created_at) VALUES ('h', ?, 0)").run(JSON.stringify(definition));
    const insert = db.prepare(
      `INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, definition_hash, trigger_node_id, status, input, params, trigger_info, error, parent_run_id, created_at, finished_at, updated_at)
       VALUES (?, 't1', 'w1', ?, 'h', 'start', ?, '{}', '{}', ?, ?, ?, ?, ?, 0)`,
    );
    const manual = '{"type":"manual"}';
    insert.run('r1', 1, 'succeeded', manual, null, null, T0, T0 + 60_000);
    insert.run('r2', 1, 'succeeded', manual, null, null, T0, T0 + 2 * HOUR);
    insert.run('r3', 1, 'failed', manual, JSON.stringify({ code: 'HTTP_500', message: 'down', nodeId: 'call' }), null, T0 + HOUR, T0 + HOUR + 5_000);
    insert.run('r4', 1, 'cancelled', manual, null, null, T0 + 30 * HOUR, T0 + 30 * HOUR + 1_000);
    insert.run('r5', 1, 'waiting', manual, null, null, T0, null);
    // Not the workflow's own: a test run of the draft, and a run another run started.
    insert.run('draft', null, 'failed', '{"type":"manual","draft":true}', JSON.stringify({ message: 'down', nodeId: 'call' }), null, T0, T0 + 1_000);
    insert.run('child', 1, 'succeeded', manual, null, 'r1', T0, T0 + 1_000);
    db.prepare(
      `INSERT INTO steps (run_id, node_id, iteration, seq, status, attempt, ports) VALUES
         ('r1', 'call', '0', 1, 'succeeded', 2, '[]'), ('r3', 'call', '0', 1, 'failed', 3, '[]'), ('r3', 'start', '0', 0, 'succeeded', 1, '[]')`,
    ).run();

    runMigrations(db, serverMigrations);

    const rollups = db.prepare('SELECT hour, succeeded, failed, cancelled, sla_met, sla_breached, sla_minutes, retried_steps, retried_succeeded FROM run_rollups ORDER BY hour').all();
    expect(rollups).toEqual([
      { hour: T0, succeeded: 1, failed: 0, cancelled: 0, sla_met: 1, sla_breached: 0, sla_minutes: 30, retried_steps: 1, retried_succeeded: 1 },
      { hour: T0 + HOUR, succeeded: 0, failed: 1, cancelled: 0, sla_met: 1, sla_breached: 0, sla_minutes: 30, retried_steps: 1, retried_succeeded: 0 },
      { hour: T0 + 2 * HOUR, succeeded: 1, failed: 0, cancelled: 0, sla_met: 0, sla_breached: 1, sla_minutes: 30, retried_steps: 0, retried_succeeded: 0 },
      { hour: T0 + 30 * HOUR, succeeded: 0, failed: 0, cancelled: 1, sla_met: 1, sla_breached: 0, sla_minutes: 30, retried_steps: 0, retried_succeeded: 0 },
    ]);
    const day = Date.UTC(2026, 10, 2);
    expect(db.prepare('SELECT day, succeeded, failed, cancelled, sla_met, sla_breached, retried_steps, retried_succeeded FROM run_rollups_daily ORDER BY day').all()).toEqual([
      { day, succeeded: 2, failed: 1, cancelled: 0, sla_met: 2, sla_breached: 1, retried_steps: 2, retried_succeeded: 1 },
      { day: day + 24 * HOUR, succeeded: 0, failed: 0, cancelled: 1, sla_met: 1, sla_breached: 0, retried_steps: 0, retried_succeeded: 0 },
    ]);
    expect(db.prepare('SELECT node_id, day, count FROM node_failures_daily').all()).toEqual([{ node_id: 'call', day, count: 1 }]);
    // 2026-11-02 is a Monday: all four runs end in the UTC week it opens.
    expect(db.prepare('SELECT week, SUM(count) AS count FROM run_duration_bins_weekly GROUP BY week').all()).toEqual([{ week: day, count: 4 }]);
    expect(db.prepare('SELECT node_id, node_name, hour, count FROM node_failures').all()).toEqual([{ node_id: 'call', node_name: 'Call the ERP', hour: T0 + HOUR, count: 1 }]);
    expect(db.prepare('SELECT run_id, finished_at, duration_ms, sla_minutes FROM sla_breaches').all()).toEqual([{ run_id: 'r2', finished_at: T0 + 2 * HOUR, duration_ms: 2 * HOUR, sla_minutes: 30 }]);
    const bins = db.prepare('SELECT day, bin, count FROM run_duration_bins ORDER BY day, bin').all() as { day: number; bin: number; count: number }[];
    expect(bins.reduce((sum, row) => sum + row.count, 0)).toBe(4);
    expect(bins.filter((row) => row.day === day).map((row) => binDurationMs(row.bin))).toEqual([expect.closeTo(5_000, -3), expect.closeTo(60_000, -4), expect.closeTo(2 * HOUR, -6)]);
    db.close();
  });

  it('has nothing to build in a new database, whose run tables it creates first', () => {
    const db = openDatabase(join(dir.path, 'flowgate.db'));
    runMigrations(db, serverMigrations);
    runMigrations(db, runtimeMigrations);
    expect(db.prepare('SELECT COUNT(*) FROM run_rollups').pluck().get()).toBe(0);
    db.close();
  });
});
