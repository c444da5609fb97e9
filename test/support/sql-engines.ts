import { openDatabase } from '../../runtime/store/sqlite/open-database.js';
import { openPostgresDatabase } from '../../runtime/store/sql/postgres-database.js';
import type { SqlDatabase } from '../../runtime/store/sql/sql-database.js';
import { SqliteDatabase } from '../../runtime/store/sql/sqlite-database.js';
import { freshPostgresDatabase } from './postgres.js';
import { tempDir } from './temp-dir.js';

/** An empty database on one engine, and how to remove what it leaves behind (after `close()`). */
export interface EmptySqlDatabase {
  readonly db: SqlDatabase;
  readonly remove: () => void;
}

/** Opens an empty database on each engine, by name: a SQLite file in a temp directory, a fresh PostgreSQL database. */
export const sqlEngines: Record<string, () => Promise<EmptySqlDatabase>> = {
  sqlite: () => {
    const dir = tempDir();
    return Promise.resolve({ db: new SqliteDatabase(openDatabase(`${dir.path}/flowgate.db`)), remove: dir.remove });
  },
  postgres: async () => ({ db: openPostgresDatabase(await freshPostgresDatabase()), remove: () => undefined }),
};
