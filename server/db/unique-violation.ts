import Database from 'better-sqlite3';

/** SQLite's codes for an insert or update that would duplicate a unique key or primary key. */
const SQLITE_UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** PostgreSQL's SQLSTATE for `unique_violation` (unique indexes and primary keys alike). */
const POSTGRES_UNIQUE_VIOLATION = '23505';

/**
 * Whether `error` is a statement that failed because a unique index (or primary key) already holds
 * the value, on either engine: better-sqlite3's `SQLITE_CONSTRAINT_UNIQUE`/`_PRIMARYKEY`, or pg's
 * SQLSTATE 23505. Services let the index decide a race between two writers and map this to a
 * conflict in their own words.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Database.SqliteError) return SQLITE_UNIQUE_CODES.has(error.code);
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === POSTGRES_UNIQUE_VIOLATION;
}
