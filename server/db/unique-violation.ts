import Database from 'better-sqlite3';

/** better-sqlite3's codes for a statement that would duplicate a unique key (a primary key included). */
const SQLITE_UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** PostgreSQL's SQLSTATE for `unique_violation` (primary keys included). */
const POSTGRES_UNIQUE_VIOLATION = '23505';

/**
 * Whether a statement failed because it would duplicate a unique key, on either engine. Services
 * let the unique index decide a race (two requests checked, both wrote) and map this to a conflict.
 */
export function isUniqueViolation(error: unknown): error is Error {
  if (error instanceof Database.SqliteError) return SQLITE_UNIQUE_CODES.has(error.code);
  return error instanceof Error && (error as { code?: unknown }).code === POSTGRES_UNIQUE_VIOLATION;
}
