import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { nodeCatalog } from '../nodes/catalog.js';
import { nodeImplementations } from '../nodes/index.js';
import { EgressGuard } from '../runtime/egress/index.js';
import { Engine } from '../runtime/engine/index.js';
import { SqliteRunStore, openDatabase, runMigrations } from '../runtime/store/index.js';
import { RateLimiter } from './auth/rate-limiter.js';
import { SessionService } from './auth/sessions.js';
import { TenantAccessResolver } from './auth/tenant-access.js';
import type { ServerConfig } from './config.js';
import { serverMigrations } from './db/server-migrations.js';
import { createLogger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { KeyRing } from './security/key-ring.js';
import { loadMasterKey } from './security/master-key.js';
import { ApprovalInbox } from './services/approval-inbox.js';
import { AuditLog } from './services/audit-log.js';
import { CredentialService } from './services/credentials.js';
import { EgressAllowListService } from './services/egress-allowlists.js';
import { ImpactPreviewService } from './services/impact-preview.js';
import { TenantService } from './services/tenants.js';
import { TriggerService } from './services/triggers.js';
import { VersionQueue } from './services/version-queue.js';
import { WorkflowService } from './services/workflows.js';
import { RunWatcher } from './triggers/run-watcher.js';

/** Everything the routes share: storage, the engine and the domain services. */
export interface AppContext {
  readonly config: ServerConfig;
  readonly db: Database.Database;
  readonly store: SqliteRunStore;
  readonly engine: Engine;
  readonly keyRing: KeyRing;
  readonly audit: AuditLog;
  readonly sessions: SessionService;
  readonly access: TenantAccessResolver;
  readonly tenants: TenantService;
  readonly workflows: WorkflowService;
  /** What waits for each person's sign-off or decision, across their workspaces. */
  readonly inbox: ApprovalInbox;
  /** Replays recorded runs through another version, dry (the impact preview). */
  readonly impact: ImpactPreviewService;
  readonly credentials: CredentialService;
  /** Every outbound request of nodes and credentials goes through it. */
  readonly egress: EgressGuard;
  readonly egressAllowLists: EgressAllowListService;
  readonly triggers: TriggerService;
  readonly runWatcher: RunWatcher;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly loginLimiter: RateLimiter;
}

/**
 * Opens the data directory (one SQLite file and the master key file, nothing else), migrates the
 * runtime's and the server's tables, and wires the services and the engine together.
 */
export function createAppContext(config: ServerConfig, logger: Logger = createLogger(config.logLevel)): AppContext {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(join(config.dataDir, 'flowgate.db'), { synchronous: config.synchronous });
  runMigrations(db, serverMigrations);
  const store = new SqliteRunStore(db);
  const keyRing = new KeyRing(db, loadMasterKey(config.dataDir));
  const sessions = new SessionService(db);
  const tenants = new TenantService(db, sessions);
  const triggers = new TriggerService(db, keyRing);
  const workflows = new WorkflowService(db, nodeCatalog, triggers, (tenantId) => tenants.effectiveRequiredApprovals(tenantId));
  const egressAllowLists = new EgressAllowListService(db);
  const http = new EgressGuard({
    allow: config.egressAllow,
    tenantAllowList: (tenantId) => egressAllowLists.entries(tenantId),
    tenantSetting: "the workspace's egress allow-list (a workspace owner sets it with PUT /api/v1/tenants/{tenantId}/egress-allowlist)",
  });
  const credentials = new CredentialService(db, keyRing, http);
  const metrics = new Metrics(db);
  const runWatcher = new RunWatcher();
  const engine = new Engine({
    store,
    nodes: nodeImplementations,
    http,
    secrets: credentials.secretStore(),
    logger: {
      info: (fields, message) => logger.info(fields, message),
      warn: (fields, message) => logger.warn(fields, message),
      error: (fields, message) => logger.error(fields, message),
    },
    signingKey: keyRing.derive('decision-links'),
    workflows: {
      resolve: (tenantId, workflowId) => {
        const active = workflows.active(tenantId, workflowId);
        return Promise.resolve(active && { workflowId, version: active.version, definition: active.definition });
      },
    },
    events: {
      runStarted: () => metrics.runStarted(),
      runSettled: (run) => {
        metrics.runSettled(run);
        runWatcher.settled(run);
      },
      stepFinished: (step) => metrics.stepFinished(step),
      taskOpened: (task) => logger.info({ taskId: task.id, runId: task.runId, tenantId: task.tenantId }, 'approval task opened'),
      taskEscalated: (task) => logger.warn({ taskId: task.id, runId: task.runId, tenantId: task.tenantId }, 'approval task escalated'),
    },
  });
  return {
    config,
    db,
    store,
    engine,
    keyRing,
    audit: new AuditLog(db),
    sessions,
    access: new TenantAccessResolver(db),
    tenants,
    workflows,
    inbox: new ApprovalInbox(store, new VersionQueue(db), (userId) => tenants.workspaces(userId), (tenantId) => tenants.effectiveRequiredApprovals(tenantId)),
    impact: new ImpactPreviewService(store, workflows, nodeImplementations),
    credentials,
    egress: http,
    egressAllowLists,
    triggers,
    runWatcher,
    logger,
    metrics,
    loginLimiter: new RateLimiter(10, 15 * 60 * 1000),
  };
}
