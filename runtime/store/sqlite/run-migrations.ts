import type Database from 'better-sqlite3';
import { migrationVersion, type MigrationSequence } from '../../definition/index.js';

/** Database migrations are steps of a migration sequence that change the schema in place. */
export type DatabaseMigrationSequence = MigrationSequence<Database.Database>;

/**
 * Applies the migrations of `sequence` the database has not seen yet, each in its own
 * transaction, recording them in `schema_migrations`. Several sequences (runtime, server) share
 * one database file, each tracked by its id. A database written by a newer Flowgate is refused.
 */
export function runMigrations(db: Database.Database, sequence: DatabaseMigrationSequence): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    sequence_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (sequence_id, version)
  )`);
  const row = db
    .prepare('SELECT MAX(version) AS version FROM schema_migrations WHERE sequence_id = ?')
    .get(sequence.sequenceId) as { version: number | null };
  const current = row.version ?? sequence.baseline;
  if (current > sequence.latest) {
    throw new Error(
      `the database is at ${sequence.sequenceId} version ${current}, newer than this Flowgate (${sequence.latest}); upgrade Flowgate`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (sequence_id, version, applied_at) VALUES (?, ?, ?)');
  for (const migration of sequence.sequence) {
    const version = migrationVersion(migration);
    if (version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      record.run(sequence.sequenceId, version, Date.now());
    })();
  }
}
