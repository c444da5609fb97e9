/**
 * Whether `error` is a unique-constraint violation, on either engine: better-sqlite3's
 * `SQLITE_CONSTRAINT_UNIQUE` or `SQLITE_CONSTRAINT_PRIMARYKEY`, or PostgreSQL's SQLSTATE 23505.
 * Check-then-insert sequences let the unique index decide the race and map this to a conflict.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const { code } = error;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
