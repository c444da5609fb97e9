import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, SqliteDatabase } from '../../../runtime/store/index.js';
import { WriteQueue, type Fsync } from '../../../runtime/store/sqlite/write-queue.js';
import { tempDir } from '../../support/temp-dir.js';

/** An fsync the test completes by hand, recording which file descriptors were synced. */
function heldFsync() {
  const calls: { fd: number; done: (error: NodeJS.ErrnoException | null) => void }[] = [];
  const fsync: Fsync = (fd, done) => calls.push({ fd, done });
  return { fsync, calls };
}

/** Whether `promise` has settled after the event loop has had a few turns. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
  return done;
}

let dir: ReturnType<typeof tempDir>;
let db: Database.Database;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  db.close();
  dir.remove();
});

function open(synchronous: 'FULL' | 'NORMAL' = 'FULL'): Database.Database {
  db = openDatabase(join(dir.path, 'queue.db'), { synchronous });
  db.exec('CREATE TABLE items (n INTEGER)');
  return db;
}

const count = () => db.prepare('SELECT count(*) FROM items').pluck().get();

describe('WriteQueue on a WAL file with synchronous=FULL', () => {
  it('commits without blocking on the disk and acknowledges only after the WAL fsync returns', async () => {
    open();
    const disk = heldFsync();
    const queue = new WriteQueue(new SqliteDatabase(db), disk.fsync);
    const insert = db.prepare('INSERT INTO items VALUES (?)');
    for (let n = 0; n < 3; n++) queue.enqueue(() => insert.run(n));
    const flushed = queue.flush();
    expect(await settled(flushed)).toBe(false);
    expect(count()).toBe(3); // committed, not yet acknowledged
    expect(disk.calls).toHaveLength(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL again for everything else
    disk.calls[0]?.done(null);
    expect(await settled(flushed)).toBe(true);
  });

  it('makes commits that land during an fsync wait for the next one, which covers them all', async () => {
    open();
    const disk = heldFsync();
    const queue = new WriteQueue(new SqliteDatabase(db), disk.fsync);
    const insert = db.prepare('INSERT INTO items VALUES (?)');
    queue.enqueue(() => insert.run(1));
    const first = queue.flush();
    await settled(first);
    queue.enqueue(() => insert.run(2));
    const second = queue.flush();
    await settled(second);
    queue.enqueue(() => insert.run(3));
    const third = queue.flush();
    expect(await settled(third)).toBe(false);
    expect(disk.calls).toHaveLength(1);
    disk.calls[0]?.done(null);
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(false);
    expect(disk.calls).toHaveLength(2);
    disk.calls[1]?.done(null);
    expect(await settled(second)).toBe(true);
    expect(await settled(third)).toBe(true);
    expect(disk.calls).toHaveLength(2);
  });

  it('makes an empty flush wait for an fsync under way', async () => {
    open();
    const disk = heldFsync();
    const queue = new WriteQueue(new SqliteDatabase(db), disk.fsync);
    queue.enqueue(() => db.prepare('INSERT INTO items VALUES (1)').run());
    void queue.flush();
    await settled(Promise.resolve());
    const empty = queue.flush();
    expect(await settled(empty)).toBe(false);
    disk.calls[0]?.done(null);
    await settled(empty);
    disk.calls[1]?.done(null);
    expect(await settled(empty)).toBe(true);
  });

  it('poisons itself when the fsync fails: that flush, one committed while it ran, and every later one reject', async () => {
    open();
    const disk = heldFsync();
    const queue = new WriteQueue(new SqliteDatabase(db), disk.fsync);
    queue.enqueue(() => db.prepare('INSERT INTO items VALUES (1)').run());
    const flushed = queue.flush();
    await settled(flushed);
    queue.enqueue(() => db.prepare('INSERT INTO items VALUES (2)').run());
    const during = queue.flush();
    await settled(during);
    const outcomes = Promise.allSettled([flushed, during]);
    disk.calls[0]?.done(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    // Linux may report the next fsync as clean after losing pages: nothing after the failure is acknowledged.
    for (const outcome of await outcomes) {
      expect(outcome.status).toBe('rejected');
      expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/the run store could not commit: EIO/);
    }
    expect(disk.calls).toHaveLength(1);
    queue.enqueue(() => db.prepare('INSERT INTO items VALUES (3)').run());
    await expect(queue.flush()).rejects.toThrow(/could not commit: EIO/);
    expect(count()).toBe(2);
  });
});

describe('WriteQueue without an fsync of its own', () => {
  it('acknowledges at commit with synchronous=NORMAL (the trade that setting makes)', async () => {
    open('NORMAL');
    const disk = heldFsync();
    const queue = new WriteQueue(new SqliteDatabase(db), disk.fsync);
    queue.enqueue(() => db.prepare('INSERT INTO items VALUES (1)').run());
    expect(await settled(queue.flush())).toBe(true);
    expect(disk.calls).toHaveLength(0);
  });
});

describe('WriteQueue with asynchronous writes', () => {
  it('commits a write made through the SqliteDatabase in the batch it lands in, awaited in order', async () => {
    open();
    const sql = new SqliteDatabase(db);
    const queue = new WriteQueue(sql);
    queue.enqueue(() => db.prepare('INSERT INTO items VALUES (1)').run());
    queue.enqueue(async () => {
      const row = await sql.get<{ n: number }>('SELECT max(n) AS n FROM items');
      await sql.run('INSERT INTO items VALUES (?)', [(row?.n ?? 0) + 1]);
    });
    queue.enqueue(() => db.prepare('INSERT INTO items VALUES (3)').run());
    await queue.flush();
    expect(db.prepare('SELECT n FROM items ORDER BY rowid').pluck().all()).toEqual([1, 2, 3]);
  });

  it('rolls the whole batch back when an asynchronous write rejects, and fails every later flush', async () => {
    open();
    const sql = new SqliteDatabase(db);
    const queue = new WriteQueue(sql);
    queue.enqueue(() => db.prepare('INSERT INTO items VALUES (1)').run());
    queue.enqueue(async () => {
      await sql.run('INSERT INTO items VALUES (?)', [2]);
      throw new Error('the audit chain is broken');
    });
    await expect(queue.flush()).rejects.toThrow('the run store could not commit: the audit chain is broken');
    queue.enqueue(() => db.prepare('INSERT INTO items VALUES (3)').run());
    await expect(queue.flush()).rejects.toThrow('the audit chain is broken');
    expect(count()).toBe(0);
  });
});

describe('WriteQueue and transactions', () => {
  it('commits a write queued inside a transaction in a batch of its own, not in that transaction', async () => {
    open();
    const sql = new SqliteDatabase(db);
    const queue = new WriteQueue(sql);
    await expect(
      sql.transaction(async () => {
        await sql.run('INSERT INTO items VALUES (?)', [1]);
        queue.enqueue(() => db.prepare('INSERT INTO items VALUES (2)').run());
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('the change is refused');
      }),
    ).rejects.toThrow('the change is refused');
    await queue.flush();
    expect(db.prepare('SELECT n FROM items').pluck().all()).toEqual([2]);
  });
});
