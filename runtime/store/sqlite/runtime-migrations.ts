import type Database from 'better-sqlite3';
import { createMigrationSequence } from '../../definition/index.js';
import type { DatabaseMigrationSequence } from './run-migrations.js';

function sql(statements: string): (db: Database.Database) => Database.Database {
  return (db) => {
    db.exec(statements);
    return db;
  };
}

/** Schema of the run store. Append migrations; never edit one that has shipped. */
export const runtimeMigrations: DatabaseMigrationSequence = createMigrationSequence<Database.Database>({
  sequenceId: 'runtime-store',
  baseline: 0,
  sequence: [
    {
      id: 'runtime-store/1',
      up: sql(`
        CREATE TABLE definitions (
          hash TEXT PRIMARY KEY,
          body TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE runs (
          id TEXT PRIMARY KEY,
          tenant_id TEXT NOT NULL,
          workflow_id TEXT,
          workflow_version INTEGER,
          definition_hash TEXT NOT NULL REFERENCES definitions (hash),
          trigger_node_id TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled')),
          input TEXT NOT NULL,
          params TEXT NOT NULL,
          trigger_info TEXT,
          output TEXT,
          error TEXT,
          response TEXT,
          step_count INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL,
          started_at INTEGER,
          finished_at INTEGER,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX runs_by_status ON runs (status, created_at);
        CREATE INDEX runs_by_tenant ON runs (tenant_id, created_at DESC, id DESC);
        CREATE INDEX runs_by_workflow ON runs (tenant_id, workflow_id, created_at DESC);
        CREATE TABLE steps (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          node_id TEXT NOT NULL,
          iteration TEXT NOT NULL,
          seq INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'waiting')),
          attempt INTEGER NOT NULL,
          ports TEXT NOT NULL,
          input TEXT,
          output TEXT,
          error TEXT,
          started_at INTEGER,
          finished_at INTEGER,
          PRIMARY KEY (run_id, node_id, iteration)
        ) WITHOUT ROWID;
      `),
    },
  ],
});
