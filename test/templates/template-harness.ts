import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { nodeCatalog } from '../../nodes/catalog.js';
import type { TenantSecretStore } from '../../runtime/definition/index.js';
import type { RunRecord, RunStatus, StepRecord, TaskRecord } from '../../runtime/store/index.js';
import { DEMO_CREDENTIALS, SLACK_WEBHOOKS, TEAMS_WEBHOOKS } from '../../server/sandbox/credentials.js';
import { readTemplate, type PackagedTemplate } from '../../server/templates/template-catalog.js';
import { sandboxConnectionSettings } from '../../server/templates/sandbox-settings.js';
import { cloneCredentials, cloneParams, instantiate } from '../../server/templates/template-instance.js';
import { START, startTestSandbox, type TestSandbox } from '../server/sandbox/sandbox-harness.js';
import { engineHarness, TestClock, type EngineHarness } from '../support/engine-harness.js';
import { tempDir } from '../support/temp-dir.js';

/** The templates folder of the repository. */
export const TEMPLATES_DIR = join(import.meta.dirname, '../../templates');

/** An approver of the tests' approval gates. */
export const APPROVER = { id: 'approver@contoso.example', roles: ['approver', 'owner'] };

/** The sandbox credentials a clone in these tests can bind, by name, with the type each is. */
const SANDBOX_CREDENTIALS = {
  'Shopify (sandbox)': 'shopify',
  'Business Central (sandbox)': 'oauth2ClientCredentials',
  'ShipStation (sandbox)': 'basic',
  'SMTP (sandbox)': 'basic',
  'Slack #ops-alerts (sandbox)': 'webhookUrl',
  'Slack #purchasing (sandbox)': 'webhookUrl',
  'Teams Contoso Operations (sandbox)': 'webhookUrl',
} as const;

/** What a template run was started with. */
export interface TemplateRunOptions {
  /** Parameter values besides the connection settings, which point at the sandbox. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Connector key → sandbox credential name, where the first of the right type is not the one wanted. */
  readonly credentials?: Readonly<Record<string, keyof typeof SANDBOX_CREDENTIALS>>;
  readonly input?: unknown;
}

/** A run of a cloned template, with the engine's record of it. */
export interface TemplateRun {
  readonly run: RunRecord;
  /** The steps by node id (the last attempt of each). */
  readonly steps: ReadonlyMap<string, StepRecord>;
  /** The approval tasks the run opened. */
  readonly tasks: TaskRecord[];
}

/**
 * Runs packaged templates the way a customer's clone runs: the template read and checked from its
 * folder, cloned with parameters (connection settings pointing at a real sandbox on loopback) and
 * the sandbox's credentials, and executed by a real engine on a SQLite file through the egress guard.
 */
export interface TemplateHarness {
  readonly sandbox: TestSandbox;
  readonly engine: EngineHarness;
  /** The connection settings of the sandbox, as template parameters name them. */
  readonly connection: Readonly<Record<string, unknown>>;
  template(slug: string): PackagedTemplate;
  /** Clones the template and runs it until it finishes or waits. */
  run(slug: string, options?: TemplateRunOptions): Promise<TemplateRun>;
  /** Delivers an event to the run waiting at `nodeId` for `correlationKey`, and answers the run once it moved on. */
  signal(runId: string, nodeId: string, correlationKey: string, payload: unknown): Promise<TemplateRun>;
  /** Moves the engine's clock on and fires the timers due, answering the run once its wait at `nodeId` ended. */
  passTime(runId: string, nodeId: string, milliseconds: number): Promise<TemplateRun>;
  /** Decides the run's open approval task and answers the run once it finishes or waits again. */
  decide(runId: string, decision: 'approve' | 'reject', comment?: string): Promise<TemplateRun>;
  close(): Promise<void>;
}

/** Starts a sandbox and an engine whose credential store holds the sandbox's demo credentials. */
export async function templateHarness(): Promise<TemplateHarness> {
  const sandbox = await startTestSandbox();
  const { smtp } = sandbox.sandbox;
  const secretsByName: Record<string, () => Promise<Record<string, string>>> = {
    'Shopify (sandbox)': () => Promise.resolve({ type: 'shopify', accessToken: DEMO_CREDENTIALS.shopify.accessToken }),
    'Business Central (sandbox)': async () => ({ type: 'bearer', token: await sandbox.bcToken() }),
    'ShipStation (sandbox)': () => Promise.resolve({ type: 'basic', username: DEMO_CREDENTIALS.shipstation.apiKey, password: DEMO_CREDENTIALS.shipstation.apiSecret }),
    'SMTP (sandbox)': () => Promise.resolve({ type: 'basic', username: DEMO_CREDENTIALS.smtp.user, password: DEMO_CREDENTIALS.smtp.password }),
    'Slack #ops-alerts (sandbox)': () => Promise.resolve({ type: 'webhookUrl', url: `${sandbox.url}/slack/services/${SLACK_WEBHOOKS[0]?.path ?? ''}` }),
    'Slack #purchasing (sandbox)': () => Promise.resolve({ type: 'webhookUrl', url: `${sandbox.url}/slack/services/${SLACK_WEBHOOKS[1]?.path ?? ''}` }),
    'Teams Contoso Operations (sandbox)': () => Promise.resolve({ type: 'webhookUrl', url: `${sandbox.url}/teams/webhook/${TEAMS_WEBHOOKS[0]?.path ?? ''}` }),
  };
  const secrets: TenantSecretStore = {
    get: (_tenantId, credentialId) => {
      const secret = secretsByName[credentialId];
      if (!secret) return Promise.reject(new Error(`the test store has no credential "${credentialId}"`));
      return secret();
    },
  };
  const engine = engineHarness(
    { egressAllow: [new URL(sandbox.url).host, `${smtp.host}:${smtp.port}`], secrets },
    { dir: tempDir(), clock: new TestClock(START.getTime()) },
  );
  const connection = sandboxConnectionSettings({ url: sandbox.url, smtp: `${smtp.host}:${smtp.port}` });
  const templates = new Map<string, PackagedTemplate>();
  const template = (slug: string): PackagedTemplate => {
    const cached = templates.get(slug);
    if (cached) return cached;
    const read = readTemplate(join(TEMPLATES_DIR, slug), nodeCatalog);
    if (!read.template) throw new Error(`templates/${slug} has problems:\n${read.problems.join('\n')}`);
    templates.set(slug, read.template);
    return read.template;
  };
  const report = async (runId: string): Promise<TemplateRun> => {
    const run = await engine.until(runId, 'succeeded', 'failed', 'waiting', 'cancelled');
    const trace = await engine.engine.trace(runId);
    const tasks = await engine.store.listTasks({ tenantId: 'local', runId });
    return { run, steps: new Map((trace?.steps ?? []).map((step) => [step.nodeId, step])), tasks };
  };
  const movedOn = async (runId: string, nodeId: string): Promise<TemplateRun> => {
    // The run resumes in the background: wait until it finishes or waits somewhere else.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const trace = await engine.engine.trace(runId);
      const step = trace?.steps.filter((candidate) => candidate.nodeId === nodeId).at(-1);
      if (trace && trace.run.status !== 'running' && trace.run.status !== 'queued' && step?.status !== 'waiting') return report(runId);
      if (Date.now() > deadline) throw new Error(`run ${runId} did not move on from ${nodeId}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return {
    sandbox,
    engine,
    connection,
    template,
    async run(slug, options = {}) {
      const packaged = template(slug);
      const names = Object.keys(packaged.manifest.parameters.properties);
      const settings = Object.fromEntries(Object.entries(connection).filter(([name]) => names.includes(name)));
      const params = cloneParams(packaged, { ...settings, ...options.params });
      const available = Object.entries(SANDBOX_CREDENTIALS).map(([name, type]) => ({ id: name, name, type }));
      const chosen = Object.fromEntries(
        packaged.manifest.connectors.map((connector) => [
          connector.key,
          options.credentials?.[connector.key] ?? available.find((credential) => connector.credentialTypes.includes(credential.type))?.name ?? '',
        ]),
      );
      const bound = cloneCredentials(packaged, chosen, available);
      const definition = instantiate(packaged, `${packaged.manifest.title} (test)`, params, bound);
      const handle = await engine.engine.start({ definition, input: options.input ?? {}, tenantId: 'local', initiatedBy: null });
      await handle.settled;
      return report(handle.runId);
    },
    async signal(runId, nodeId, correlationKey, payload) {
      if ((await engine.engine.signal('local', correlationKey, payload)) === 0) throw new Error(`no run waits for "${correlationKey}"`);
      return movedOn(runId, nodeId);
    },
    async passTime(runId, nodeId, milliseconds) {
      engine.clock.advance(milliseconds);
      await engine.engine.runDueTimers();
      return movedOn(runId, nodeId);
    },
    async decide(runId, decision, comment) {
      const [task] = (await engine.store.listTasks({ tenantId: 'local', runId })).filter((candidate) => candidate.status === 'open');
      if (!task) throw new Error(`run ${runId} has no open approval task`);
      await engine.engine.decide(task.id, { decision, actor: APPROVER, ...(comment === undefined ? {} : { comment }) });
      return movedOn(runId, task.nodeId);
    },
    async close() {
      await engine.close();
      await sandbox.close();
    },
  };
}

/**
 * One harness for the calling test file: started before its first test, closed after its last, the
 * sandbox's data and records reset before each test, so every test starts from the seeded systems.
 */
export function templateSuite(): TemplateHarness {
  let current: TemplateHarness | undefined;
  beforeAll(async () => {
    current = await templateHarness();
  });
  afterAll(() => current?.close());
  beforeEach(() => current?.sandbox.sandbox.reset());
  const started = (): TemplateHarness => {
    if (!current) throw new Error('the template harness starts before the first test');
    return current;
  };
  return {
    get sandbox() {
      return started().sandbox;
    },
    get engine() {
      return started().engine;
    },
    get connection() {
      return started().connection;
    },
    template: (slug) => started().template(slug),
    run: (slug, options) => started().run(slug, options),
    signal: (runId, nodeId, key, payload) => started().signal(runId, nodeId, key, payload),
    passTime: (runId, nodeId, milliseconds) => started().passTime(runId, nodeId, milliseconds),
    decide: (runId, decision, comment) => started().decide(runId, decision, comment),
    close: () => started().close(),
  };
}

/** Whether a run stopped in one of `statuses`; for messages in assertions. */
export function describeRun(result: TemplateRun, ...statuses: RunStatus[]): string {
  const failed = [...result.steps.values()].filter((step) => step.status === 'failed');
  return `run is ${result.run.status} (expected ${statuses.join('/')})${failed.map((step) => `; ${step.nodeId} failed: ${JSON.stringify(step.error)}`).join('')}`;
}
