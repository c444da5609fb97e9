import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase, runPostgresMigrations, runtimePostgresMigrations, type PostgresDatabase } from '../../../runtime/store/index.js';
import { postgresServerMigrations } from '../../../server/db/postgres-server-migrations.js';
import { PlatformEventLog } from '../../../server/events/platform-event-log.js';
import { ExceptionService } from '../../../server/exceptions/exception-service.js';
import { freshPostgresDatabase } from '../../support/postgres.js';

let sql: PostgresDatabase;
let other: PostgresDatabase;

beforeAll(async () => {
  const url = await freshPostgresDatabase();
  sql = openPostgresDatabase(url);
  // A second pool on the same database: another server process.
  other = openPostgresDatabase(url);
  await runPostgresMigrations(sql, runtimePostgresMigrations);
  await runPostgresMigrations(sql, postgresServerMigrations);
  await sql.run("INSERT INTO tenants (id, slug, name, kind, policy, created_at) VALUES ('t1', 't1', 'Workspace', 'customer', '{}', 0)");
}, 60_000);
afterAll(async () => {
  await other?.close();
  await sql?.close();
});

describe('the platform event outbox on PostgreSQL', () => {
  it('commits events in seq order: a second recording transaction waits for the first to end', async () => {
    const events = new PlatformEventLog(sql);
    const elsewhere = new PlatformEventLog(other);
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstRecorded!: () => void;
    const recorded = new Promise<void>((resolve) => (firstRecorded = resolve));
    const first = sql.transaction(async () => {
      const event = await events.record('t1', 'task.created', { n: 1 });
      firstRecorded();
      await held;
      order.push('first commits');
      return event;
    });
    await recorded;
    const second = other.transaction(async () => {
      const event = await elsewhere.record('t1', 'task.created', { n: 2 });
      order.push('second recorded');
      return event;
    });
    // The second transaction cannot draw its seq while the first holds the outbox's lock.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await events.after(0, 10)).toEqual([]);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(order).toEqual(['first commits', 'second recorded']);
    expect((await events.after(0, 10)).map((event) => event.id)).toEqual([a.id, b.id]);
  });
});

describe('exceptions on PostgreSQL', () => {
  it('draws distinct numbers when two processes raise at once', async () => {
    const here = new ExceptionService(sql);
    const there = new ExceptionService(other);
    const report = { category: 'data-validation', severity: 'low', title: 'Odd', details: '', subject: null, owner: null, context: {} } as const;
    const raised = await Promise.all(Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? here : there).report('t1', report)));
    expect(new Set(raised.map((exception) => exception.key)).size).toBe(10);
    const numbers = await sql.all<{ number: number }>('SELECT number FROM exceptions WHERE tenant_id = ? ORDER BY number', ['t1']);
    expect(numbers.map((row) => row.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
