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
    {
      id: 'runtime-store/2',
      up: sql(`
        ALTER TABLE runs ADD COLUMN parent_run_id TEXT;
        ALTER TABLE runs ADD COLUMN parent_node_id TEXT;
        ALTER TABLE runs ADD COLUMN parent_index INTEGER;
        ALTER TABLE runs ADD COLUMN initiated_by TEXT;
        ALTER TABLE runs ADD COLUMN error_workflow_pending INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN error_run_id TEXT;
        CREATE UNIQUE INDEX runs_by_parent ON runs (parent_run_id, parent_node_id, parent_index) WHERE parent_run_id IS NOT NULL;
        CREATE INDEX runs_awaiting_error_workflow ON runs (id) WHERE error_workflow_pending = 1;
        ALTER TABLE steps ADD COLUMN wait_kind TEXT;
        ALTER TABLE steps ADD COLUMN wait TEXT;
        CREATE INDEX steps_waiting ON steps (wait_kind) WHERE status = 'waiting';
        CREATE TABLE timers (
          id INTEGER PRIMARY KEY,
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          node_id TEXT NOT NULL,
          iteration TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('resume', 'retry', 'event-timeout', 'approval-due')),
          due_at INTEGER NOT NULL
        );
        CREATE INDEX timers_by_due ON timers (due_at);
        CREATE INDEX timers_by_step ON timers (run_id, node_id, iteration);
        CREATE TABLE event_waits (
          tenant_id TEXT NOT NULL,
          correlation_key TEXT NOT NULL,
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          node_id TEXT NOT NULL,
          iteration TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (run_id, node_id, iteration)
        );
        CREATE INDEX event_waits_by_key ON event_waits (tenant_id, correlation_key);
        CREATE TABLE tasks (
          id TEXT PRIMARY KEY,
          tenant_id TEXT NOT NULL,
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          node_id TEXT NOT NULL,
          iteration TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('open', 'approved', 'rejected', 'timed_out', 'cancelled')),
          title TEXT NOT NULL,
          instructions TEXT NOT NULL,
          fields TEXT NOT NULL,
          policy TEXT NOT NULL,
          initiated_by TEXT,
          due_at INTEGER,
          on_due TEXT NOT NULL CHECK (on_due IN ('timeout', 'escalate')),
          escalated_at INTEGER,
          created_at INTEGER NOT NULL,
          closed_at INTEGER
        );
        CREATE UNIQUE INDEX tasks_by_step ON tasks (run_id, node_id, iteration);
        CREATE INDEX tasks_by_tenant ON tasks (tenant_id, status, created_at);
        CREATE TABLE task_decisions (
          task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
          actor_id TEXT NOT NULL,
          decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
          comment TEXT NOT NULL,
          token_id TEXT UNIQUE,
          decided_at INTEGER NOT NULL,
          PRIMARY KEY (task_id, actor_id)
        );
      `),
    },
    {
      id: 'runtime-store/3',
      // The impact preview reads a version's newest finished runs; without this index that meant
      // walking every run of the workflow when the active version has few.
      up: sql(`
        CREATE INDEX runs_by_version ON runs (tenant_id, workflow_id, workflow_version, created_at DESC, id DESC);
      `),
    },
    {
      id: 'runtime-store/4',
      // The runs list filters by status, trigger kind and workflow with status, newest first, over
      // millions of runs: an index for each, in the list's order (id breaking ties, as the cursor
      // does), so a page reads only its rows.
      // The trigger kind is a virtual column of the trigger's JSON (no write changes).
      up: sql(`
        ALTER TABLE runs ADD COLUMN trigger_type TEXT GENERATED ALWAYS AS (CASE WHEN json_valid(trigger_info) THEN json_extract(trigger_info, '$.type') END) VIRTUAL;
        CREATE INDEX runs_by_tenant_status ON runs (tenant_id, status, created_at DESC, id DESC);
        CREATE INDEX runs_by_tenant_trigger ON runs (tenant_id, trigger_type, created_at DESC, id DESC);
        CREATE INDEX runs_by_workflow_status ON runs (tenant_id, workflow_id, status, created_at DESC, id DESC);
        DROP INDEX runs_by_workflow;
        CREATE INDEX runs_by_workflow ON runs (tenant_id, workflow_id, created_at DESC, id DESC);
      `),
    },
    {
      id: 'runtime-store/5',
      // Business keys and search attributes: a key is looked up exactly within a tenant, newest run
      // first, so its index is in the list's order; an attribute is looked up by name and exact
      // value, and the index ends with the run id so the match list is read from the index alone.
      up: sql(`
        ALTER TABLE runs ADD COLUMN business_key TEXT;
        CREATE INDEX runs_by_business_key ON runs (tenant_id, business_key, created_at DESC, id DESC) WHERE business_key IS NOT NULL;
        CREATE TABLE run_search_attributes (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          tenant_id TEXT NOT NULL,
          name TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (run_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX run_search_attributes_by_value ON run_search_attributes (tenant_id, name, value, run_id);
      `),
    },
  ],
});
