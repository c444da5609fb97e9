import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresDatabase, type PostgresDatabase } from '../../../runtime/store/sql/postgres-database.js';
import type { SqlDatabase } from '../../../runtime/store/sql/sql-database.js';
import { toNumberedPlaceholders } from '../../../runtime/store/sql/placeholders.js';
import { freshPostgresDatabase } from '../../support/postgres.js';
import { sqlEngines } from '../../support/sql-engines.js';

describe.each(Object.keys(sqlEngines))('SqlDatabase on %s', (engine) => {
  let db: SqlDatabase;
  let remove: () => void;

  beforeEach(async () => {
    ({ db, remove } = await sqlEngines[engine]!());
    await db.exec('CREATE TABLE items (id TEXT PRIMARY KEY, count BIGINT NOT NULL, note TEXT)');
  });
  afterEach(async () => {
    await db.close();
    remove();
  });

  it('binds ? placeholders and answers 64-bit integers and counts as numbers', async () => {
    expect(await db.run('INSERT INTO items (id, count, note) VALUES (?, ?, ?)', ['a', 1_764_979_200_123, 'what?'])).toBe(1);
    await db.run('INSERT INTO items (id, count) VALUES (?, ?)', ['b', 2]);
    expect(await db.get('SELECT count, note FROM items WHERE id = ?', ['a'])).toEqual({ count: 1_764_979_200_123, note: 'what?' });
    expect(await db.get("SELECT COUNT(*) AS n, SUM(count) AS total FROM items WHERE note IS NULL OR note <> '?'")).toEqual({ n: 2, total: 1_764_979_200_125 });
    expect(await db.all('SELECT id FROM items ORDER BY id')).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await db.run('UPDATE items SET note = ? WHERE id = ?', ['x', 'missing'])).toBe(0);
  });

  it('commits a transaction whole, and rolls it back whole when it throws', async () => {
    await db.transaction(async () => {
      await db.run('INSERT INTO items (id, count) VALUES (?, ?)', ['kept', 1]);
      await db.transaction(async () => db.run('INSERT INTO items (id, count) VALUES (?, ?)', ['nested', 1]));
    });
    await expect(
      db.transaction(async () => {
        await db.run('INSERT INTO items (id, count) VALUES (?, ?)', ['lost', 1]);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await db.all('SELECT id FROM items ORDER BY id')).toEqual([{ id: 'kept' }, { id: 'nested' }]);
  });

  it('keeps a statement made outside an open transaction out of it', async () => {
    let release!: () => void;
    let inserted!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const insideWritten = new Promise<void>((resolve) => (inserted = resolve));
    const failing = db.transaction(async () => {
      await db.run('INSERT INTO items (id, count) VALUES (?, ?)', ['inside', 1]);
      inserted();
      await held;
      throw new Error('rolled back');
    });
    await insideWritten;
    const outside = db.run('INSERT INTO items (id, count) VALUES (?, ?)', ['outside', 1]);
    release();
    await expect(failing).rejects.toThrow('rolled back');
    await outside;
    expect(await db.all('SELECT id FROM items ORDER BY id')).toEqual([{ id: 'outside' }]);
  });

  it('calls afterCommit callbacks once their transaction has committed, never after a rollback', async () => {
    const seen: string[] = [];
    const read = () => db.get<{ id: string }>('SELECT id FROM items WHERE id = ?', ['committed']);
    const observed = new Promise<{ id: string } | undefined>((resolve) => {
      void db.transaction(async () => {
        await db.run('INSERT INTO items (id, count) VALUES (?, ?)', ['committed', 1]);
        // Read from outside the transaction, as another process would: the row must be there.
        db.afterCommit(() => void read().then(resolve));
        seen.push('inside');
      });
    });
    expect(await observed).toEqual({ id: 'committed' });
    await db
      .transaction(() => {
        db.afterCommit(() => seen.push('rolled back'));
        return Promise.reject(new Error('abandoned'));
      })
      .catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    const outside = new Promise<void>((resolve) => db.afterCommit(() => resolve()));
    seen.push('outside, before');
    await outside;
    expect(seen).toEqual(['inside', 'outside, before']);
  });

  it('serialises read-then-write sequences under a named lock, and refuses a lock outside a transaction', async () => {
    await db.run('INSERT INTO items (id, count) VALUES (?, ?)', ['counter', 0]);
    const increment = () =>
      db.transaction(async () => {
        await db.lock('counter');
        const row = await db.get<{ count: number }>('SELECT count FROM items WHERE id = ?', ['counter']);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await db.run('UPDATE items SET count = ? WHERE id = ?', [row!.count + 1, 'counter']);
      });
    await Promise.all(Array.from({ length: 8 }, increment));
    expect(await db.get('SELECT count FROM items WHERE id = ?', ['counter'])).toEqual({ count: 8 });
    await expect(db.lock('counter')).rejects.toThrow('lock "counter" taken outside a transaction');
  });

  it('runs exclusive sections of one name one at a time, each committing on its own, and goes on after one that throws', async () => {
    await db.run('INSERT INTO items (id, count) VALUES (?, ?)', ['counter', 0]);
    const increment = (index: number) =>
      db.exclusive('counter', async () => {
        const row = await db.get<{ count: number }>('SELECT count FROM items WHERE id = ?', ['counter']);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (index === 3) throw new Error('section failed');
        await db.transaction(() => db.run('UPDATE items SET count = ? WHERE id = ?', [row!.count + 1, 'counter']));
        return index;
      });
    const settled = await Promise.allSettled(Array.from({ length: 8 }, (_, index) => increment(index)));
    expect(settled.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect(await db.get('SELECT count FROM items WHERE id = ?', ['counter'])).toEqual({ count: 7 });
    await expect(db.transaction(() => db.exclusive('counter', () => Promise.resolve(1)))).rejects.toThrow(
      'exclusive section "counter" entered inside a transaction',
    );
  });
});

describe('exclusive sections on PostgreSQL', () => {
  const opened: PostgresDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  function open(url: string, maxConnections?: number): PostgresDatabase {
    const db = openPostgresDatabase(url, maxConnections === undefined ? {} : { maxConnections });
    opened.push(db);
    return db;
  }

  it('exclude each other across processes: increments made through two pools of one database are never lost', async () => {
    const url = await freshPostgresDatabase();
    const [one, two] = [open(url), open(url)];
    await one.exec('CREATE TABLE items (id TEXT PRIMARY KEY, count BIGINT NOT NULL)');
    await one.run('INSERT INTO items (id, count) VALUES (?, ?)', ['counter', 0]);
    const increment = (db: PostgresDatabase) =>
      db.exclusive('counter', async () => {
        const row = await db.get<{ count: number }>('SELECT count FROM items WHERE id = ?', ['counter']);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await db.run('UPDATE items SET count = ? WHERE id = ?', [row!.count + 1, 'counter']);
      });
    await Promise.all(Array.from({ length: 12 }, (_, index) => increment(index % 2 === 0 ? one : two)));
    expect(await two.get('SELECT count FROM items WHERE id = ?', ['counter'])).toEqual({ count: 12 });
    // Every lock was released: another session takes them at once.
    expect(await one.get("SELECT count(*) AS held FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).toEqual({ held: 0 });
  });

  it('leave connections for the work of the sections that hold their locks, however many are asked for', async () => {
    const db = open(await freshPostgresDatabase(), 2);
    await db.exec('CREATE TABLE items (id TEXT PRIMARY KEY, count BIGINT NOT NULL)');
    const sections = Array.from({ length: 10 }, (_, index) =>
      db.exclusive(`item:${index}`, async () => {
        await db.transaction(() => db.run('INSERT INTO items (id, count) VALUES (?, ?)', [`item-${index}`, index]));
        return (await db.get<{ count: number }>('SELECT count FROM items WHERE id = ?', [`item-${index}`]))?.count;
      }),
    );
    expect(await Promise.all(sections)).toEqual(Array.from({ length: 10 }, (_, index) => index));
  });
});

describe('placeholders for PostgreSQL', () => {
  it('numbers ? outside literals, quoted names and comments', () => {
    expect(toNumberedPlaceholders(`SELECT '?', "a?b", x FROM t -- why?\nWHERE a = ? AND b = 'it''s ?' /* ? */ AND c = ?`)).toBe(
      `SELECT '?', "a?b", x FROM t -- why?\nWHERE a = $1 AND b = 'it''s ?' /* ? */ AND c = $2`,
    );
  });
});

describe('closing a PostgreSQL database', () => {
  it('lets the transaction under way commit, then refuses every statement as closed; closing again is harmless', async () => {
    const db = openPostgresDatabase(await freshPostgresDatabase());
    await db.exec('CREATE TABLE items (id TEXT PRIMARY KEY)');
    let inserted!: () => void;
    const insideWritten = new Promise<void>((resolve) => (inserted = resolve));
    const committing = db.transaction(async () => {
      await db.run('INSERT INTO items (id) VALUES (?)', ['kept']);
      inserted();
      await new Promise((resolve) => setImmediate(resolve));
      return db.get<{ id: string }>('SELECT id FROM items');
    });
    await insideWritten;
    const closed = db.close();
    expect(await committing).toEqual({ id: 'kept' });
    await closed;
    await expect(db.get('SELECT 1')).rejects.toThrow('the database is closed');
    await expect(db.transaction(() => db.run('SELECT 1'))).rejects.toThrow('the database is closed');
    await expect(db.exclusive('name', () => Promise.resolve(1))).rejects.toThrow('the database is closed');
    await db.close();
  });
});
