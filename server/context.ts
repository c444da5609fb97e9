import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { nodeCatalog } from '../nodes/catalog.js';
import { packageRoot } from './package-root.js';
import { loadTemplateCatalog } from './templates/template-catalog.js';
import { PartnerTemplateStore } from './templates/partner-templates.js';
import { TemplateLibrary } from './templates/template-library.js';
import { TemplateUpdates } from './templates/template-updates.js';
import { nodeImplementations } from '../nodes/index.js';
import { EgressGuard } from '../runtime/egress/index.js';
import { Engine } from '../runtime/engine/index.js';
import type { RunStore, SqlDatabase, TaskRecord } from '../runtime/store/index.js';
import { SessionService } from './auth/sessions.js';
import { SignInThrottle } from './auth/sign-in-throttle.js';
import { TenantAccessResolver } from './auth/tenant-access.js';
import { TokenBuckets } from './auth/token-buckets.js';
import { OidcClients } from './identity/oidc-client.js';
import { PeopleDirectory } from './identity/people.js';
import { SsoConnectionService } from './identity/sso-connections.js';
import { SsoSignIn } from './identity/sso-sign-in.js';
import type { ServerConfig } from './config.js';
import { openStorage } from './db/open-storage.js';
import type { JobQueue } from './jobs/job-queue.js';
import { openJobQueue } from './jobs/open-job-queue.js';
import { JobQueueRunDispatch } from './jobs/run-dispatch-queue.js';
import { dispatchesRuns, firesTimers } from './roles/process-role.js';
import { createMailer } from './mail/create-mailer.js';
import type { Mailer } from './mail/mailer.js';
import { PublicLinks } from './mail/public-links.js';
import { createLogger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { KeyRing } from './security/key-ring.js';
import { loadMasterKey } from './security/master-key.js';
import { AccountMail } from './services/account-mail.js';
import { apiConnectorProblems } from './services/api-connector-problems.js';
import { ApiConnectorService } from './services/api-connectors.js';
import { ApprovalInbox } from './services/approval-inbox.js';
import { AuditLog } from './services/audit-log.js';
import { CredentialService } from './services/credentials.js';
import { DecisionLinkService } from './services/decision-links.js';
import { EgressAllowListService } from './services/egress-allowlists.js';
import { IdempotencyKeys } from './services/idempotency.js';
import { RunListService } from './services/run-list.js';
import { SignalWithStart } from './services/signal-with-start.js';
import { ServiceAccountService } from './services/service-accounts.js';
import { SignOffNotices } from './services/sign-off-notices.js';
import { ImpactPreviewService } from './services/impact-preview.js';
import { InvitationService } from './services/invitations.js';
import { FirstRunSetup } from './services/first-run.js';
import { PasswordResetService } from './services/password-resets.js';
import { EventDispatcher } from './events/event-dispatcher.js';
import { PlatformEventLog } from './events/platform-event-log.js';
import { runWorkflowId, serverJournal, taskEventData } from './events/server-journal.js';
import { PlatformService } from './services/platform.js';
import { TenantService } from './services/tenants.js';
import { TriggerService } from './services/triggers.js';
import { VersionQueue } from './services/version-queue.js';
import { WorkflowService } from './services/workflows.js';
import { EventTriggers } from './triggers/event-triggers.js';
import { RunWatcher } from './triggers/run-watcher.js';
import { ExceptionService } from './exceptions/exception-service.js';
import { exceptionSink } from './exceptions/exception-sink.js';
import { TrainingExamples } from './exceptions/training-examples.js';
import { DeliveryLog } from './subscriptions/delivery-log.js';
import { EventDeliverer } from './subscriptions/event-deliverer.js';
import { subscriptionConsumer } from './subscriptions/subscription-consumer.js';
import { SubscriptionService } from './subscriptions/subscription-service.js';
import { InsightsService } from './insights/insights-service.js';
import { runRollupWriter } from './insights/run-rollups.js';

/** Everything the routes share: storage, the engine and the domain services. */
export interface AppContext {
  readonly config: ServerConfig;
  /** The installation's database (SQLite or PostgreSQL, see `openStorage`) for statements and transactions. */
  readonly sql: SqlDatabase;
  /** The run store on the same database. */
  readonly store: RunStore;
  readonly engine: Engine;
  /**
   * The PostgreSQL job queue that carries runs to worker processes, in every role but `all` (which
   * runs its runs itself); the engine hands runs to it in the commits that create and wake them.
   */
  readonly jobs: JobQueue | undefined;
  readonly keyRing: KeyRing;
  readonly audit: AuditLog;
  readonly idempotency: IdempotencyKeys;
  readonly sessions: SessionService;
  readonly access: TenantAccessResolver;
  /** People by user id (names and e-mails are only shown). */
  readonly people: PeopleDirectory;
  readonly tenants: TenantService;
  readonly workflows: WorkflowService;
  /** API connectors imported from OpenAPI documents (a partner's, seen by its customers). */
  readonly apiConnectors: ApiConnectorService;
  /** What waits for each person's sign-off or decision, across their workspaces. */
  readonly inbox: ApprovalInbox;
  /** Replays recorded runs through another version, dry (the impact preview). */
  readonly impact: ImpactPreviewService;
  /** The runs list, across a partner's customers too. */
  readonly runList: RunListService;
  /** Signals that start a run of a workflow when none waits for their key. */
  readonly signalStarts: SignalWithStart;
  readonly credentials: CredentialService;
  /** Every outbound request of nodes and credentials goes through it. */
  readonly egress: EgressGuard;
  readonly egressAllowLists: EgressAllowListService;
  readonly triggers: TriggerService;
  readonly runWatcher: RunWatcher;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly mailer: Mailer;
  /** Absolute links for mail; the server tells it the URL it listens on. */
  readonly links: PublicLinks;
  readonly accountMail: AccountMail;
  readonly invitations: InvitationService;
  readonly passwordResets: PasswordResetService;
  readonly decisionLinks: DecisionLinkService;
  /** Mail to the people who may sign off a submitted version. */
  readonly signOffNotices: SignOffNotices;
  /** Sign-in and password reset budgets (SQLite). */
  readonly signInThrottle: SignInThrottle;
  /** Requests per API token (in memory). */
  readonly apiRateLimit: TokenBuckets;
  /** The platform operator's partners. */
  readonly platform: PlatformService;
  /** First-run setup of an installation without the demo. */
  readonly setup: FirstRunSetup;
  /** Partners' single sign-on connections. */
  readonly sso: SsoConnectionService;
  /** Sign-in through a partner's identity provider. */
  readonly ssoSignIn: SsoSignIn;
  /** Non-person API callers of a workspace (integrations) and their tokens. */
  readonly serviceAccounts: ServiceAccountService;
  readonly templates: TemplateLibrary;
  readonly templateUpdates: TemplateUpdates;
  readonly exceptions: ExceptionService;
  /** The labelled examples each workspace's local classifier (ai.classify) learns from. */
  readonly classifierExamples: TrainingExamples;
  /** The platform event outbox (runs ended, tasks, versions, exceptions). */
  readonly events: PlatformEventLog;
  /** Hands platform events to event triggers (registered here) and subscriptions; started with the server. */
  readonly eventDispatcher: EventDispatcher;
  /** Workspaces' event subscriptions (HTTPS endpoints for platform events). */
  readonly subscriptions: SubscriptionService;
  /** The deliveries of events to subscriptions and their attempts. */
  readonly deliveries: DeliveryLog;
  /** Posts due deliveries, signed, through the egress guard; started with the server. */
  readonly deliverer: EventDeliverer;
  /** The Insights dashboard's figures, from rollups kept as runs end. */
  readonly insights: InsightsService;
}

/**
 * Opens the data directory (the master key file, and the SQLite file unless the data is in
 * PostgreSQL), migrates the runtime's and the server's tables, and wires the services and the
 * engine together.
 */
export async function createAppContext(config: ServerConfig, logger: Logger = createLogger(config.logLevel)): Promise<AppContext> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const { sql, store } = await openStorage(config);
  const opened = await Promise.all([
    KeyRing.open(sql, loadMasterKey(config.dataDir)),
    dispatchesRuns(config.role) ? openJobQueue(sql, config.databaseUrl) : undefined,
  ]).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const [keyRing, jobs] = opened;
  // Where other processes change triggers too, a webhook target found here is trusted this long.
  const sharedTargetTtlMs = 2000;
  const sessions = new SessionService(sql);
  const tenants = new TenantService(sql);
  const access = new TenantAccessResolver(sql);
  const people = new PeopleDirectory(sql);
  const mailer = createMailer(config, logger);
  const links = new PublicLinks(config.publicUrl);
  const accountMail = new AccountMail(mailer, links, tenants);
  const triggers = new TriggerService(sql, keyRing, jobs ? sharedTargetTtlMs : undefined);
  const apiConnectors = new ApiConnectorService(sql);
  const workflows = new WorkflowService(
    sql,
    nodeCatalog,
    triggers,
    (tenantId) => tenants.effectiveRequiredApprovals(tenantId),
    (tenantId) => tenants.requiresSeparateActivator(tenantId),
    (tenantId, definition) => apiConnectorProblems(apiConnectors, tenantId, definition),
  );
  const platform = new PlatformService(sql);
  const egressAllowLists = new EgressAllowListService(sql);
  const http = new EgressGuard({
    allow: config.egressAllow,
    tenantAllowList: (tenantId) => egressAllowLists.entries(tenantId),
    tenantSetting: "the workspace's egress allow-list (a workspace owner sets it with PUT /api/v1/tenants/{tenantId}/egress-allowlist)",
  });
  const credentials = new CredentialService(sql, keyRing, http);
  const metrics = new Metrics(sql);
  // With workers, runs settle in their processes: a request here watches the store instead.
  const runWatcher = new RunWatcher(jobs ? (runId) => store.getRun(runId) : undefined);
  const audit = new AuditLog(sql);
  const classifierExamples = new TrainingExamples(sql);
  const events = new PlatformEventLog(sql);
  const exceptions = new ExceptionService(sql, Date.now, classifierExamples, events);
  // The engine reports opened and escalated tasks to the link service, which needs the engine to sign links: bound below.
  // What they do is answered to the engine, whose shutdown waits for it before the database closes.
  const taskNotices: { opened?: (task: TaskRecord) => Promise<void>; escalated?: (task: TaskRecord) => Promise<void> } = {};
  const engine = new Engine({
    store,
    nodes: nodeImplementations,
    http,
    secrets: credentials.secretStore(),
    connectors: { operation: (tenantId, connectorId, version, operationId) => apiConnectors.operation(tenantId, connectorId, version, operationId) },
    exceptions: exceptionSink(store, exceptions),
    classifier: classifierExamples.engineClassifier(),
    logger: {
      info: (fields, message) => logger.info(fields, message),
      warn: (fields, message) => logger.warn(fields, message),
      error: (fields, message) => logger.error(fields, message),
    },
    signingKey: keyRing.derive('decision-links'),
    workflows: {
      resolve: async (tenantId, workflowId) => {
        const active = await workflows.active(tenantId, workflowId);
        return active && { workflowId, version: active.version, definition: active.definition };
      },
    },
    events: {
      runStarted: () => metrics.runStarted(),
      runSettled: (run) => {
        metrics.runSettled(run);
        runWatcher.settled(run);
      },
      stepFinished: (step) => metrics.stepFinished(step),
      taskOpened: (task) => {
        logger.info({ taskId: task.id, runId: task.runId, tenantId: task.tenantId }, 'approval task opened');
        const recorded = runWorkflowId(sql, task.runId)
          .then((workflowId) => events.record(task.tenantId, 'task.created', taskEventData(task, workflowId)))
          .catch((error: unknown) => logger.error({ err: error, taskId: task.id }, 'recording task.created failed'));
        return Promise.all([recorded, taskNotices.opened?.(task)]);
      },
      taskEscalated: (task) => {
        logger.warn({ taskId: task.id, runId: task.runId, tenantId: task.tenantId }, 'approval task escalated');
        return taskNotices.escalated?.(task);
      },
    },
    journal: serverJournal(sql, audit, exceptions, events, [runRollupWriter(sql)]),
    resolveApprovers: (_tenantId, named) => people.approverIds(named),
    ...(jobs ? { dispatch: new JobQueueRunDispatch(jobs) } : {}),
    timers: firesTimers(config.role),
    // A scheduler fires the timers that workers' runs store.
    ...(config.role === 'scheduler' ? { timerPollMs: 1000 } : {}),
  });
  const decisionLinks = new DecisionLinkService({ engine, people, access, tenants, mail: accountMail, logger });
  const sso = new SsoConnectionService(sql, keyRing);
  const ssoSignIn = new SsoSignIn({ sql, connections: sso, clients: new OidcClients(http, () => links.ssoCallback()), sessions, tenants, audit, logger });
  taskNotices.opened = (task) =>
    decisionLinks.notifyOpened(task).catch((error: unknown) => logger.error({ err: error, taskId: task.id }, 'decision links for a new task failed'));
  taskNotices.escalated = (task) =>
    decisionLinks.notifyEscalated(task).catch((error: unknown) => logger.error({ err: error, taskId: task.id }, 'overdue notices for an escalated task failed'));
  const subscriptions = new SubscriptionService(sql, keyRing, config.subscriptionsAllowHttp);
  const deliveries = new DeliveryLog(sql);
  const deliverer = new EventDeliverer(deliveries, subscriptions, http, logger);
  const eventDispatcher = new EventDispatcher(sql, events, logger);
  // Registered here, before anyone starts the dispatcher, so every server on this context (and
  // every test harness) starts event-triggered workflows and queues subscriptions' deliveries.
  eventDispatcher.register(new EventTriggers({ sql, tenants, workflows, engine, audit, logger }));
  eventDispatcher.register(subscriptionConsumer(subscriptions, deliveries, () => deliverer.wake()));
  const templates = new TemplateLibrary(sql, loadTemplateCatalog(join(packageRoot, 'templates'), nodeCatalog), new PartnerTemplateStore(sql), workflows, credentials, tenants, nodeCatalog);
  return {
    config,
    sql,
    store,
    engine,
    jobs,
    keyRing,
    audit,
    idempotency: new IdempotencyKeys(sql),
    sessions,
    access,
    people,
    tenants,
    workflows,
    apiConnectors,
    inbox: new ApprovalInbox(store, new VersionQueue(sql), (userId) => tenants.workspaces(userId), (tenantId) => tenants.effectiveRequiredApprovals(tenantId)),
    impact: new ImpactPreviewService(store, workflows, nodeImplementations),
    runList: new RunListService(store),
    signalStarts: new SignalWithStart(engine, store),
    credentials,
    egress: http,
    egressAllowLists,
    triggers,
    runWatcher,
    logger,
    metrics,
    mailer,
    links,
    accountMail,
    invitations: new InvitationService(sql, tenants),
    passwordResets: new PasswordResetService(sql, sessions),
    decisionLinks,
    signOffNotices: new SignOffNotices({ tenants, mail: accountMail, logger }),
    signInThrottle: new SignInThrottle(sql),
    apiRateLimit: new TokenBuckets(config.apiRateLimit),
    platform,
    setup: new FirstRunSetup(sql, platform, config.dataDir),
    sso,
    ssoSignIn,
    serviceAccounts: new ServiceAccountService(sql),
    templates,
    templateUpdates: new TemplateUpdates(templates, workflows),
    exceptions,
    classifierExamples,
    events,
    eventDispatcher,
    subscriptions,
    deliveries,
    deliverer,
    insights: new InsightsService(sql),
  };
}
