import { migrationVersion, type MigrationSequence } from '../../definition/index.js';
import type { PostgresDatabase } from '../sql/postgres-database.js';

/**
 * A PostgreSQL migration sequence: each step's `up` appends the statements it runs to the list it
 * is given, so the steps stay plain data (SQL text) that the runner executes asynchronously. Steps
 * are numbered like the SQLite sequence with the same id, so one number names one schema on both.
 */
export type PostgresMigrationSequence = MigrationSequence<readonly string[]>;

/** A migration step that runs `statements` (several, separated by semicolons). */
export function ddl(statements: string): (planned: readonly string[]) => readonly string[] {
  return (planned) => [...planned, statements];
}

/** Any fixed 64-bit key: every Flowgate process that migrates takes this advisory lock first. */
const MIGRATION_LOCK = 4_812_093_117;

/**
 * Applies the steps of `sequence` the database has not seen yet, in one transaction (PostgreSQL's DDL is transactional),
 * recording them in `schema_migrations` (the same table the SQLite runner keeps). Processes that
 * start together on one database take turns through an advisory lock, so each step runs once. A
 * database written by a newer Flowgate is refused.
 */
export async function runPostgresMigrations(db: PostgresDatabase, sequence: PostgresMigrationSequence): Promise<void> {
  await db.transaction(async () => {
    await db.get('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      sequence_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      applied_at BIGINT NOT NULL,
      PRIMARY KEY (sequence_id, version)
    )`);
    const row = await db.get<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations WHERE sequence_id = ?', [
      sequence.sequenceId,
    ]);
    const current = row?.version ?? sequence.baseline;
    if (current > sequence.latest) {
      throw new Error(
        `the database is at ${sequence.sequenceId} version ${current}, newer than this Flowgate (${sequence.latest}); upgrade Flowgate`,
      );
    }
    for (const migration of sequence.sequence) {
      const version = migrationVersion(migration);
      if (version <= current) continue;
      for (const statements of migration.up([])) await db.exec(statements);
      await db.run('INSERT INTO schema_migrations (sequence_id, version, applied_at) VALUES (?, ?, ?)', [
        sequence.sequenceId,
        version,
        Date.now(),
      ]);
    }
  });
}
