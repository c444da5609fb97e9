import type Database from 'better-sqlite3';
import { createMigrationSequence } from '../../runtime/definition/index.js';
import { runMigrations, runtimeMigrations, type DatabaseMigrationSequence } from '../../runtime/store/index.js';
import { backfillRunRollups } from '../insights/run-rollups.js';
import { moveLogosOutOfBrands } from './move-logos.js';
import { namePeopleById } from './people-by-id.js';

function sql(statements: string): (db: Database.Database) => Database.Database {
  return (db) => {
    db.exec(statements);
    return db;
  };
}

/** Schema of the server's tables (tenants, people, workflows, governance, credentials, audit). Append only. */
export const serverMigrations: DatabaseMigrationSequence = createMigrationSequence<Database.Database>({
  sequenceId: 'server',
  baseline: 0,
  sequence: [
    {
      id: 'server/1',
      up: sql(`
        CREATE TABLE tenants (
          id TEXT PRIMARY KEY,
          slug TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('partner', 'customer')),
          parent_id TEXT REFERENCES tenants (id),
          branding TEXT,
          policy TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX tenants_by_parent ON tenants (parent_id);
        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          email TEXT NOT NULL UNIQUE COLLATE NOCASE,
          name TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE memberships (
          user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
          roles TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (user_id, tenant_id)
        );
        CREATE INDEX memberships_by_tenant ON memberships (tenant_id);
        CREATE TABLE sessions (
          token_hash TEXT PRIMARY KEY,
          user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          kind TEXT NOT NULL CHECK (kind IN ('session', 'personal')),
          name TEXT,
          csrf_token TEXT,
          created_at INTEGER NOT NULL,
          expires_at INTEGER,
          last_used_at INTEGER,
          revoked_at INTEGER
        );
        CREATE INDEX sessions_by_user ON sessions (user_id, kind);
        CREATE TABLE workflows (
          id TEXT PRIMARY KEY,
          tenant_id TEXT NOT NULL REFERENCES tenants (id),
          name TEXT NOT NULL,
          draft TEXT NOT NULL,
          revision INTEGER NOT NULL,
          active_version INTEGER,
          archived_at INTEGER,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_by TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX workflows_by_tenant ON workflows (tenant_id, archived_at, updated_at DESC);
        CREATE TABLE workflow_versions (
          workflow_id TEXT NOT NULL REFERENCES workflows (id),
          version INTEGER NOT NULL,
          tenant_id TEXT NOT NULL,
          definition TEXT NOT NULL,
          definition_hash TEXT NOT NULL,
          note TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
          author_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          decided_at INTEGER,
          PRIMARY KEY (workflow_id, version)
        );
        CREATE TABLE version_reviews (
          workflow_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          reviewer_id TEXT NOT NULL,
          decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
          comment TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (workflow_id, version, reviewer_id),
          FOREIGN KEY (workflow_id, version) REFERENCES workflow_versions (workflow_id, version)
        );
        CREATE TABLE activations (
          id INTEGER PRIMARY KEY,
          workflow_id TEXT NOT NULL REFERENCES workflows (id),
          tenant_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          previous_version INTEGER,
          reason TEXT NOT NULL,
          actor_id TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX activations_by_workflow ON activations (workflow_id, id);
        CREATE TABLE webhook_triggers (
          workflow_id TEXT NOT NULL REFERENCES workflows (id),
          node_id TEXT NOT NULL,
          tenant_id TEXT NOT NULL,
          path TEXT NOT NULL,
          secret TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (workflow_id, node_id)
        );
        CREATE TABLE schedules (
          workflow_id TEXT NOT NULL REFERENCES workflows (id),
          node_id TEXT NOT NULL,
          tenant_id TEXT NOT NULL,
          last_fired_at INTEGER,
          PRIMARY KEY (workflow_id, node_id)
        );
        CREATE TABLE credentials (
          id TEXT PRIMARY KEY,
          tenant_id TEXT NOT NULL REFERENCES tenants (id),
          name TEXT NOT NULL,
          type TEXT NOT NULL,
          secret TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          rotated_at INTEGER,
          UNIQUE (tenant_id, name)
        );
        CREATE TABLE data_keys (
          id INTEGER PRIMARY KEY,
          wrapped TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          tenant_id TEXT NOT NULL,
          actor_id TEXT NOT NULL,
          action TEXT NOT NULL,
          target_type TEXT NOT NULL,
          target_id TEXT NOT NULL,
          before_digest TEXT,
          after_digest TEXT,
          details TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        );
        CREATE INDEX audit_by_tenant ON audit_log (tenant_id, seq);
      `),
    },
    {
      id: 'server/2',
      // The webhook route looks a trigger up by tenant and path on every request.
      up: sql('CREATE UNIQUE INDEX webhook_triggers_by_path ON webhook_triggers (tenant_id, path);'),
    },
    {
      id: 'server/3',
      // Signatures of accepted signed webhook requests, so a replay is refused after a restart too.
      up: sql(`
        CREATE TABLE webhook_signatures (signature TEXT PRIMARY KEY, received_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX webhook_signatures_by_time ON webhook_signatures (received_at);
      `),
    },
    {
      id: 'server/4',
      // Egress: each credential names the hosts it may be sent to (none for credentials created
      // before, which are refused until someone sets them) and whether test runs of drafts may use
      // it; each tenant may keep its own egress allow-list of private-network hosts.
      up: sql(`
        ALTER TABLE credentials ADD COLUMN allowed_hosts TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE credentials ADD COLUMN allow_drafts INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE egress_allowlists (
          tenant_id TEXT PRIMARY KEY REFERENCES tenants (id),
          entries TEXT NOT NULL,
          updated_by TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
      `),
    },
    {
      id: 'server/5',
      // Accounts: invitations and password resets by single-use links (only token hashes are
      // stored), and sign-in failure budgets that survive a restart.
      up: sql(`
        CREATE TABLE invitations (
          id TEXT PRIMARY KEY,
          tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
          email TEXT NOT NULL COLLATE NOCASE,
          roles TEXT NOT NULL,
          token_hash TEXT NOT NULL UNIQUE,
          invited_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          accepted_at INTEGER,
          revoked_at INTEGER
        );
        CREATE INDEX invitations_by_tenant ON invitations (tenant_id, email);
        CREATE TABLE password_resets (
          token_hash TEXT PRIMARY KEY,
          user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          used_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX password_resets_by_user ON password_resets (user_id);
        CREATE TABLE sign_in_failures (
          key TEXT PRIMARY KEY,
          failures INTEGER NOT NULL,
          last_failure_at INTEGER NOT NULL,
          forget_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX sign_in_failures_by_forget_at ON sign_in_failures (forget_at);
        CREATE TABLE sign_in_known_addresses (
          key TEXT PRIMARY KEY,
          last_success_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX sign_in_known_addresses_by_time ON sign_in_known_addresses (last_success_at);
      `),
    },
    {
      id: 'server/6',
      // Idempotency keys of starts and signals, each with the first answer, for replaying it to
      // retries; written in the same transaction as the run it started.
      up: sql(`
        CREATE TABLE idempotency_keys (
          tenant_id TEXT NOT NULL,
          scope TEXT NOT NULL,
          key TEXT NOT NULL,
          fingerprint TEXT NOT NULL,
          run_id TEXT,
          status INTEGER NOT NULL,
          body TEXT,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (tenant_id, scope, key)
        ) WITHOUT ROWID;
        CREATE INDEX idempotency_keys_by_time ON idempotency_keys (created_at);
      `),
    },
    {
      id: 'server/7',
      // An empty step: its number was held for a branch that needed none. Kept, so installed
      // databases and new ones go through the same sequence.
      up: (db) => db,
    },
    {
      id: 'server/8',
      // Administration: platform operators, suspended partners, a partner's own sign-in host name,
      // logos stored (sanitised) apart from the brand and served from their own URL, and the
      // one-time code that guards first-run setup. Logos stored in the brand before are moved.
      up: (db) => {
        db.exec(`
          ALTER TABLE users ADD COLUMN platform_operator INTEGER NOT NULL DEFAULT 0;
          ALTER TABLE tenants ADD COLUMN suspended_at INTEGER;
          ALTER TABLE tenants ADD COLUMN suspension_reason TEXT;
          ALTER TABLE tenants ADD COLUMN sign_in_host TEXT;
          CREATE UNIQUE INDEX tenants_by_sign_in_host ON tenants (sign_in_host) WHERE sign_in_host IS NOT NULL;
          CREATE TABLE brand_logos (
            tenant_id TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
            content_type TEXT NOT NULL,
            data BLOB NOT NULL,
            digest TEXT NOT NULL,
            updated_at INTEGER NOT NULL
          ) WITHOUT ROWID;
          CREATE TABLE first_run_setup (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            code_hash TEXT NOT NULL,
            created_at INTEGER NOT NULL
          );
        `);
        moveLogosOutOfBrands(db);
        return db;
      },
    },
    {
      id: 'server/9',
      // Webhook secret rotation with an overlap: the previous secret (encrypted like the current
      // one) keeps working until previous_valid_until, so senders can be switched over meanwhile.
      up: sql(`
        ALTER TABLE webhook_triggers ADD COLUMN previous_secret TEXT;
        ALTER TABLE webhook_triggers ADD COLUMN previous_valid_until INTEGER;
      `),
    },
    {
      id: 'server/10',
      // Identity: how and from where each session signed in; a partner's OpenID Connect
      // connection (client secret sealed), the identities it linked and its sign-in flows in
      // progress; who asked for a password reset (an owner, for a member); and people named by
      // user id, not e-mail.
      up: (db) => {
        db.exec(`
          ALTER TABLE sessions ADD COLUMN method TEXT;
          ALTER TABLE sessions ADD COLUMN user_agent TEXT;
          ALTER TABLE sessions ADD COLUMN address TEXT;
          ALTER TABLE password_resets ADD COLUMN requested_by TEXT;
          CREATE TABLE sso_connections (
            partner_id TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
            issuer TEXT NOT NULL,
            client_id TEXT NOT NULL,
            client_secret TEXT NOT NULL,
            scopes TEXT NOT NULL,
            groups_claim TEXT NOT NULL,
            mappings TEXT NOT NULL,
            enabled INTEGER NOT NULL,
            mandatory INTEGER NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at INTEGER NOT NULL
          ) WITHOUT ROWID;
          CREATE TABLE sso_identities (
            partner_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
            issuer TEXT NOT NULL,
            subject TEXT NOT NULL,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            last_sign_in_at INTEGER NOT NULL,
            PRIMARY KEY (partner_id, issuer, subject)
          ) WITHOUT ROWID;
          CREATE INDEX sso_identities_by_user ON sso_identities (user_id);
          CREATE TABLE sso_flows (
            state_hash TEXT PRIMARY KEY,
            partner_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
            browser_hash TEXT NOT NULL,
            nonce TEXT NOT NULL,
            code_verifier TEXT NOT NULL,
            return_to TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
          ) WITHOUT ROWID;
          CREATE INDEX sso_flows_by_expiry ON sso_flows (expires_at);
        `);
        namePeopleById(db);
        return db;
      },
    },
    {
      id: 'server/11',
      // Service accounts: non-person API callers of one workspace, with scopes (permissions and,
      // optionally, a list of workflows) and tokens stored as SHA-256 hashes, each with a required
      // expiry and a last-used time.
      up: sql(`
        CREATE TABLE service_accounts (
          id TEXT PRIMARY KEY,
          tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
          name TEXT NOT NULL COLLATE NOCASE,
          description TEXT NOT NULL DEFAULT '',
          scopes TEXT NOT NULL,
          workflow_ids TEXT,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          disabled_at INTEGER,
          UNIQUE (tenant_id, name)
        );
        CREATE TABLE service_account_tokens (
          token_hash TEXT PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          account_id TEXT NOT NULL REFERENCES service_accounts (id) ON DELETE CASCADE,
          hint TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          last_used_at INTEGER,
          revoked_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX service_account_tokens_by_account ON service_account_tokens (account_id);
      `),
    },
    {
      id: 'server/12',
      // API connectors imported from OpenAPI documents: one row per connector (a partner's), and every
      // imported version kept (the document as given and what was read from it), so a workflow that
      // names version N keeps working after a re-import. Removal hides a connector, keeping its versions.
      up: sql(`
        CREATE TABLE api_connectors (
          id TEXT PRIMARY KEY,
          tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
          name TEXT NOT NULL COLLATE NOCASE,
          latest_version INTEGER NOT NULL,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          removed_at INTEGER
        );
        CREATE UNIQUE INDEX api_connectors_by_name ON api_connectors (tenant_id, name) WHERE removed_at IS NULL;
        CREATE TABLE api_connector_versions (
          connector_id TEXT NOT NULL REFERENCES api_connectors (id) ON DELETE CASCADE,
          version INTEGER NOT NULL,
          document TEXT NOT NULL,
          parsed TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (connector_id, version)
        ) WITHOUT ROWID;
      `),
    },
    {
      id: 'server/13',
      // Workflows cloned from a template remember the template, the version and what the clone chose,
      // so a newer version can be merged into them; partners publish templates of their own.
      up: sql(`
        CREATE TABLE workflow_template_sources (
          workflow_id TEXT PRIMARY KEY REFERENCES workflows (id) ON DELETE CASCADE,
          tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
          -- NULL for a built-in template; the partner tenant that published it otherwise.
          publisher_id TEXT REFERENCES tenants (id) ON DELETE SET NULL,
          slug TEXT NOT NULL,
          version TEXT NOT NULL,
          -- What the clone chose (parameter values, connector key -> credential name) and the
          -- template version it produced: the base of a later three-way merge.
          params TEXT NOT NULL,
          credentials TEXT NOT NULL,
          base TEXT NOT NULL,
          cloned_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        -- Templates a partner published for its customers, and every version of each (kept for the clones made from it).
        CREATE TABLE partner_templates (
          tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
          slug TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          withdrawn_at INTEGER,
          PRIMARY KEY (tenant_id, slug)
        ) WITHOUT ROWID;
        CREATE TABLE partner_template_versions (
          tenant_id TEXT NOT NULL,
          slug TEXT NOT NULL,
          version TEXT NOT NULL,
          manifest TEXT NOT NULL,
          readme TEXT NOT NULL,
          definition TEXT NOT NULL,
          workflow_id TEXT NOT NULL,
          workflow_version INTEGER NOT NULL,
          published_by TEXT NOT NULL,
          published_at INTEGER NOT NULL,
          PRIMARY KEY (tenant_id, slug, version),
          FOREIGN KEY (tenant_id, slug) REFERENCES partner_templates (tenant_id, slug) ON DELETE CASCADE
        ) WITHOUT ROWID;
        CREATE INDEX workflow_template_sources_by_template ON workflow_template_sources (publisher_id, slug);
      `),
    },
    {
      id: 'server/14',
      // Exceptions: first-class records a workflow raises (flow.raiseException) or a failed run
      // leaves, worked by people through their states, with notes and the runs they concern.
      up: sql(`
        CREATE TABLE exceptions (
          id TEXT PRIMARY KEY,
          tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
          -- EX-<number>, counted per workspace.
          number INTEGER NOT NULL,
          origin TEXT NOT NULL CHECK (origin IN ('workflow', 'failedRun', 'person')),
          category TEXT NOT NULL,
          severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
          title TEXT NOT NULL,
          details TEXT NOT NULL,
          subject_type TEXT,
          subject_id TEXT,
          -- The partner firm (or team) that owns it, as the workflow names it: routing, not access.
          owner TEXT,
          context TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('open', 'assigned', 'in_progress', 'resolved', 'dismissed')),
          assignee_id TEXT,
          workflow_id TEXT,
          run_id TEXT,
          node_id TEXT,
          -- A workflow's step raises an exception once, however often it runs again (crash, retry).
          idempotency_key TEXT,
          due_at INTEGER,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          closed_at INTEGER,
          UNIQUE (tenant_id, number),
          UNIQUE (tenant_id, idempotency_key)
        );
        CREATE INDEX exceptions_by_tenant ON exceptions (tenant_id, created_at DESC, id DESC);
        CREATE INDEX exceptions_by_state ON exceptions (tenant_id, state, created_at DESC);
        CREATE TABLE exception_notes (
          id TEXT PRIMARY KEY,
          exception_id TEXT NOT NULL REFERENCES exceptions (id) ON DELETE CASCADE,
          author_id TEXT NOT NULL,
          text TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX exception_notes_by_exception ON exception_notes (exception_id, created_at);
        CREATE TABLE exception_runs (
          exception_id TEXT NOT NULL REFERENCES exceptions (id) ON DELETE CASCADE,
          run_id TEXT NOT NULL,
          linked_at INTEGER NOT NULL,
          PRIMARY KEY (exception_id, run_id)
        ) WITHOUT ROWID;
      `),
    },
    {
      id: 'server/15',
      // Labelled texts the workspace's local classifier (ai.classify) learns from: seeded, added by
      // hand, or a person's correction of an exception's category.
      up: sql(`
        CREATE TABLE classifier_examples (
          id TEXT PRIMARY KEY,
          tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
          text TEXT NOT NULL,
          category TEXT NOT NULL,
          source TEXT NOT NULL CHECK (source IN ('seed', 'correction', 'manual')),
          created_at INTEGER NOT NULL
        );
        CREATE INDEX classifier_examples_by_tenant ON classifier_examples (tenant_id, created_at, id);
      `),
    },
    {
      id: 'server/16',
      // The platform event outbox: what happened (runs ended, tasks, versions, exceptions), written
      // in the commit of the change, and how far each consumer (event triggers, subscriptions) read.
      up: sql(`
        CREATE TABLE platform_events (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          tenant_id TEXT NOT NULL,
          type TEXT NOT NULL,
          data TEXT NOT NULL,
          occurred_at INTEGER NOT NULL
        );
        CREATE TABLE event_consumers (
          name TEXT PRIMARY KEY,
          seq INTEGER NOT NULL
        );
      `),
    },
    {
      id: 'server/17',
      // Exceptions get a priority (0..100) that orders the remediation queue: a workflow sets it (the
      // score of ai.prioritize), a person changes it; until then it is its severity's.
      up: sql(`
        ALTER TABLE exceptions ADD COLUMN priority INTEGER NOT NULL DEFAULT 50;
        UPDATE exceptions SET priority = CASE severity WHEN 'low' THEN 25 WHEN 'medium' THEN 50 WHEN 'high' THEN 75 ELSE 90 END;
        CREATE INDEX exceptions_by_priority ON exceptions (tenant_id, state, priority DESC, created_at DESC, id DESC);
      `),
    },
    {
      id: 'server/18',
      // Event subscriptions: HTTPS endpoints a workspace subscribes to platform events, the
      // deliveries each event makes (one per matching subscription) and every attempt of them.
      up: sql(`
        CREATE TABLE event_subscriptions (
          id TEXT PRIMARY KEY,
          tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
          url TEXT NOT NULL,
          -- A JSON array of platform event types.
          event_types TEXT NOT NULL,
          -- A partner's subscription that receives its customers' events too.
          include_customers INTEGER NOT NULL DEFAULT 0,
          -- The signing secret, sealed with the key ring.
          secret TEXT NOT NULL,
          enabled INTEGER NOT NULL DEFAULT 1,
          description TEXT NOT NULL DEFAULT '',
          created_at INTEGER NOT NULL,
          created_by TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX event_subscriptions_by_tenant ON event_subscriptions (tenant_id, created_at);
        CREATE TABLE event_deliveries (
          id TEXT PRIMARY KEY,
          subscription_id TEXT NOT NULL REFERENCES event_subscriptions (id) ON DELETE CASCADE,
          tenant_id TEXT NOT NULL,
          event_id TEXT NOT NULL,
          event_type TEXT NOT NULL,
          -- The JSON body sent, the same on every attempt.
          payload TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER,
          created_at INTEGER NOT NULL,
          delivered_at INTEGER
        );
        CREATE INDEX event_deliveries_due ON event_deliveries (state, next_attempt_at);
        CREATE INDEX event_deliveries_by_subscription ON event_deliveries (subscription_id, created_at DESC, id DESC);
        CREATE TABLE delivery_attempts (
          delivery_id TEXT NOT NULL REFERENCES event_deliveries (id) ON DELETE CASCADE,
          attempt INTEGER NOT NULL,
          at INTEGER NOT NULL,
          status_code INTEGER,
          error TEXT,
          duration_ms INTEGER NOT NULL,
          PRIMARY KEY (delivery_id, attempt)
        ) WITHOUT ROWID;
      `),
    },
    {
      id: 'server/19',
      // Insights: rollups of the workflows' own runs kept as each run ends (per UTC hour and per UTC
      // day; durations as log-scale histograms per UTC day and per UTC week), the list of SLA
      // breaches, and indexes for exception volumes and the approval queue. Built from the runs
      // already stored, so history is kept.
      up: (db) => {
        // The backfill and the tasks index need the runtime's tables, which a new database gets after the server's.
        runMigrations(db, runtimeMigrations);
        db.exec(`
          CREATE TABLE run_rollups (
            tenant_id TEXT NOT NULL,
            hour INTEGER NOT NULL,
            workflow_id TEXT NOT NULL,
            succeeded INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            cancelled INTEGER NOT NULL,
            sla_met INTEGER NOT NULL,
            sla_breached INTEGER NOT NULL,
            sla_minutes INTEGER,
            retried_steps INTEGER NOT NULL,
            retried_succeeded INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, hour, workflow_id)
          ) WITHOUT ROWID;
          CREATE INDEX run_rollups_by_hour ON run_rollups (tenant_id, hour, succeeded, failed, cancelled);
          CREATE TABLE run_rollups_daily (
            tenant_id TEXT NOT NULL,
            day INTEGER NOT NULL,
            workflow_id TEXT NOT NULL,
            succeeded INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            cancelled INTEGER NOT NULL,
            sla_met INTEGER NOT NULL,
            sla_breached INTEGER NOT NULL,
            sla_minutes INTEGER,
            retried_steps INTEGER NOT NULL,
            retried_succeeded INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, workflow_id, day)
          ) WITHOUT ROWID;
          CREATE INDEX run_rollups_daily_by_day ON run_rollups_daily (tenant_id, day, succeeded, failed, cancelled);
          CREATE TABLE run_duration_bins (
            tenant_id TEXT NOT NULL,
            day INTEGER NOT NULL,
            workflow_id TEXT NOT NULL,
            bin INTEGER NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, workflow_id, day, bin)
          ) WITHOUT ROWID;
          CREATE TABLE run_duration_bins_weekly (
            tenant_id TEXT NOT NULL,
            week INTEGER NOT NULL,
            workflow_id TEXT NOT NULL,
            bin INTEGER NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, workflow_id, bin, week)
          ) WITHOUT ROWID;
          CREATE TABLE node_failures (
            tenant_id TEXT NOT NULL,
            hour INTEGER NOT NULL,
            workflow_id TEXT NOT NULL,
            node_id TEXT NOT NULL,
            node_name TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, hour, workflow_id, node_id)
          ) WITHOUT ROWID;
          CREATE TABLE node_failures_daily (
            tenant_id TEXT NOT NULL,
            day INTEGER NOT NULL,
            workflow_id TEXT NOT NULL,
            node_id TEXT NOT NULL,
            node_name TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, workflow_id, node_id, day)
          ) WITHOUT ROWID;
          CREATE TABLE sla_breaches (
            run_id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            workflow_id TEXT NOT NULL,
            finished_at INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL,
            sla_minutes INTEGER NOT NULL
          ) WITHOUT ROWID;
          CREATE INDEX sla_breaches_by_tenant ON sla_breaches (tenant_id, finished_at, workflow_id, duration_ms, sla_minutes);
          CREATE INDEX exceptions_by_kind ON exceptions (tenant_id, category, severity, state, created_at);
          CREATE INDEX exceptions_by_workflow ON exceptions (tenant_id, workflow_id, created_at);
          CREATE INDEX tasks_open_by_tenant ON tasks (tenant_id, created_at, due_at) WHERE status = 'open';
        `);
        backfillRunRollups(db);
        return db;
      },
    },
  ],
});
