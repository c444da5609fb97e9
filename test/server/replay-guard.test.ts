import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, runMigrations, SqliteDatabase } from '../../runtime/store/index.js';
import { serverMigrations } from '../../server/db/server-migrations.js';
import { ReplayGuard } from '../../server/triggers/replay-guard.js';
import { tempDir } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

function open() {
  const db = openDatabase(join(dir.path, 'flowgate.db'));
  runMigrations(db, serverMigrations);
  return db;
}

const MINUTE = 60_000;

describe('ReplayGuard', () => {
  it('accepts a signature once, before and after its claim is committed', async () => {
    const db = open();
    const guard = new ReplayGuard(new SqliteDatabase(db), 10 * MINUTE);
    expect(await guard.claim('sha256=aa', 1_000)).toBe(true);
    expect(await guard.claim('sha256=aa', 1_001)).toBe(false);
    await guard.durable();
    expect(await guard.claim('sha256=aa', 1_002)).toBe(false);
    expect(await guard.claim('sha256=bb', 1_003)).toBe(true);
    await guard.durable();
    db.close();
  });

  it('still refuses a signature after a restart (a new guard on the reopened file)', async () => {
    const first = open();
    const guard = new ReplayGuard(new SqliteDatabase(first), 10 * MINUTE);
    expect(await guard.claim('sha256=cc', 5_000)).toBe(true);
    await guard.durable();
    first.close();
    const reopened = open();
    const after = new ReplayGuard(new SqliteDatabase(reopened), 10 * MINUTE);
    expect(await after.claim('sha256=cc', 6_000)).toBe(false);
    reopened.close();
  });

  it('forgets signatures once they are older than the keep time, pruning at most once a minute', async () => {
    const db = open();
    const guard = new ReplayGuard(new SqliteDatabase(db), 10 * MINUTE);
    const count = () => db.prepare('SELECT count(*) FROM webhook_signatures').pluck().get();
    await guard.claim('sha256=old', 0);
    await guard.durable();
    await guard.claim('sha256=recent', 5 * MINUTE);
    await guard.durable();
    expect(count()).toBe(2);
    await guard.claim('sha256=new', 11 * MINUTE);
    await guard.durable();
    expect(count()).toBe(2);
    expect(await guard.claim('sha256=old', 11 * MINUTE + 1)).toBe(true);
    expect(await guard.claim('sha256=recent', 11 * MINUTE + 2)).toBe(false);
    await guard.durable();
    db.close();
  });
});
