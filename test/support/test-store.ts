import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshPostgresDatabase } from './postgres.js';

/**
 * The database the server tests run on: SQLite (the default) or, with `FLOWGATE_TEST_STORE=postgres`
 * (the `server-postgres` test project), PostgreSQL — the same tests, as the deployment that scales runs.
 */
export const testStore: 'sqlite' | 'postgres' = process.env.FLOWGATE_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** Where a data directory's PostgreSQL database is recorded, so a server restarted on it finds its data. */
const DATABASE_URL_FILE = 'test-database-url';

/**
 * The FLOWGATE_DATABASE_URL for a server on `dataDir`: none on SQLite; on PostgreSQL, the database
 * created for that directory the first time (a fresh one, recorded in the directory), so a restart
 * on the same directory starts on the same data, as the SQLite file would.
 */
export async function testDatabaseUrl(dataDir: string): Promise<string | undefined> {
  if (testStore === 'sqlite') return undefined;
  const file = join(dataDir, DATABASE_URL_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const url = await freshPostgresDatabase();
  writeFileSync(file, `${url}\n`);
  return url;
}
