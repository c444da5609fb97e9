import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startFlowgateWith, type FlowgateProcess } from '../../support/flowgate-process.js';
import { freshPostgresDatabase } from '../../support/postgres.js';
import { tempDir } from '../../support/temp-dir.js';

const scratch = tempDir('flowgate-pg-start-');
afterAll(() => scratch.remove());
const started: FlowgateProcess[] = [];
afterEach(() => {
  for (const process of started.splice(0)) if (process.child.exitCode === null) process.child.kill('SIGKILL');
});

/** Every process of a deployment shares the database and the master key. */
const MASTER_KEY = randomBytes(32).toString('base64');

async function start(databaseUrl: string, dataDir: string, masterKey = MASTER_KEY): Promise<FlowgateProcess> {
  const process = await startFlowgateWith({ FLOWGATE_DATABASE_URL: databaseUrl, FLOWGATE_MASTER_KEY: masterKey }, dataDir, scratch.path);
  started.push(process);
  return process;
}

async function signIn(url: string, email: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return response.status;
}

async function count(databaseUrl: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
  } finally {
    await client.end();
  }
}

describe('flowgate start with FLOWGATE_DATABASE_URL', () => {
  it('keeps the data in that PostgreSQL database, not in the data directory, and finds it again after a restart', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const dataDir = join(scratch.path, 'data');
    const first = await start(databaseUrl, dataDir);
    expect(first.output()).toMatch(/Flowgate is running at http:\/\/127\.0\.0\.1:\d+ {2}\(data in PostgreSQL postgres:\/\/[^ ]+\)/);
    const account = /^ {2}(admin@northwind\.example) +(\S+) /m.exec(first.output());
    expect(account).not.toBeNull();
    const [, email = '', password = ''] = account ?? [];
    expect(await signIn(first.url, email, password)).toBe(200);
    expect(await first.stop()).toBe(0);
    expect(existsSync(join(dataDir, 'flowgate.db'))).toBe(false);
    expect(await count(databaseUrl, 'tenants')).toBeGreaterThan(0);

    const second = await start(databaseUrl, dataDir);
    expect(second.output()).not.toContain('Demo workspace created');
    expect(await signIn(second.url, email, password)).toBe(200);
    expect(await second.stop()).toBe(0);
  }, 120_000);

  it('refuses a second process on the same database while one runs, with one clear line, and starts once it has stopped', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const first = await start(databaseUrl, join(scratch.path, 'first'));
    await expect(start(databaseUrl, join(scratch.path, 'second'))).rejects.toThrow(
      /flowgate start exited 1:\n(.*\n)*flowgate: another Flowgate process is running on the PostgreSQL database postgres:\/\/\S+; the role all runs alone on its database/,
    );
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const third = await start(databaseUrl, join(scratch.path, 'second'));
    expect(await third.stop()).toBe(0);
  }, 120_000);

  it("refuses a master key that is not the database's, with one clear line", async () => {
    const databaseUrl = await freshPostgresDatabase();
    const first = await start(databaseUrl, join(scratch.path, 'keyed'));
    expect(await first.stop()).toBe(0);
    await expect(start(databaseUrl, join(scratch.path, 'other-key'), randomBytes(32).toString('base64'))).rejects.toThrow(
      /flowgate start exited 1:\n(.*\n)*flowgate: the master key does not open this database's data key: every process on a database needs the master key it was created with/,
    );
  }, 120_000);
});
