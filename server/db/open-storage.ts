import { join } from 'node:path';
import {
  PostgresDatabase,
  PostgresRunStore,
  SqliteDatabase,
  SqliteRunStore,
  openDatabase,
  runMigrations,
  runPostgresMigrations,
  type RunStore,
  type SqlDatabase,
} from '../../runtime/store/index.js';
import type { ServerConfig } from '../config.js';
import { StartupRefusal } from '../startup-refusal.js';
import { redactDatabaseUrl } from './database-url.js';
import { postgresServerMigrations } from './postgres-server-migrations.js';
import { serverMigrations } from './server-migrations.js';

/** Where all of an installation's data lives: one database for the run store and the server's tables. */
export interface Storage {
  /** The database for the server's statements and transactions. */
  readonly sql: SqlDatabase;
  /** The run store on the same database; closing it closes the database. */
  readonly store: RunStore;
}

/** The database FLOWGATE_DATABASE_URL names cannot be reached, signed in to or migrated; the message says which and why. */
export class DatabaseUnavailableError extends StartupRefusal {
  override readonly name = 'DatabaseUnavailableError';
}

/** The refusal for a PostgreSQL database that cannot be opened, with why; the URL's password is never in it. */
export function databaseUnavailable(databaseUrl: string, error: unknown): DatabaseUnavailableError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DatabaseUnavailableError(`the PostgreSQL database ${redactDatabaseUrl(databaseUrl)} (FLOWGATE_DATABASE_URL) cannot be opened: ${reason}`, { cause: error });
}

/**
 * Opens the installation's database, migrated to this version: PostgreSQL when
 * `FLOWGATE_DATABASE_URL` is set (shared by every process of the deployment), else the SQLite file
 * `<dataDir>/flowgate.db`. The runtime's tables are migrated first, then the server's. Throws
 * {@link DatabaseUnavailableError} when PostgreSQL cannot be opened.
 */
export async function openStorage(config: ServerConfig): Promise<Storage> {
  if (config.databaseUrl !== undefined) {
    const sql = new PostgresDatabase(config.databaseUrl);
    try {
      const store = await PostgresRunStore.open(sql);
      await runPostgresMigrations(sql, postgresServerMigrations);
      return { sql, store };
    } catch (error) {
      await sql.close();
      throw databaseUnavailable(config.databaseUrl, error);
    }
  }
  const db = openDatabase(join(config.dataDir, 'flowgate.db'), { synchronous: config.synchronous });
  runMigrations(db, serverMigrations);
  const sql = new SqliteDatabase(db);
  return { sql, store: new SqliteRunStore(sql) };
}
