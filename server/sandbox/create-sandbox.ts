import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { businessCentralApi } from './business-central/bc-api.js';
import { controlApi } from './control-api.js';
import { DEMO_CREDENTIALS, SLACK_WEBHOOKS, TEAMS_WEBHOOKS } from './credentials.js';
import { EffectRecorder } from './effect-recorder.js';
import { FaultInjector } from './faults.js';
import type { ApiFamily, SandboxContext } from './http-types.js';
import { IdempotencyCache } from './idempotency.js';
import { slackWebhooks } from './messaging/slack-webhook.js';
import { startSmtpSink } from './messaging/smtp-sink.js';
import { teamsWebhooks } from './messaging/teams-webhook.js';
import { sandboxHandler } from './sandbox-app.js';
import { pageApi } from './sandbox-page.js';
import { shipStationApi } from './shipstation/shipstation-api.js';
import { shopifyApi } from './shopify/shopify-api.js';
import { seedState, type SandboxState } from './state.js';

/** How {@link createSandbox} starts. */
export interface SandboxOptions {
  /** HTTP port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** SMTP port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly smtpPort?: number;
  /** The day the seeded data is anchored to (default: today). */
  readonly today?: Date;
  /** The sandbox's clock, for timestamps of changes and token expiry (default: the system clock). */
  readonly now?: () => Date;
  /** Seconds a Business Central access token stays valid (default 3599, as Microsoft Entra issues them). */
  readonly tokenTtlSeconds?: number;
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:<port>`: every imitated API is under it (see docs/sandbox.md). */
  readonly url: string;
  readonly smtp: { readonly host: string; readonly port: number };
  /** Effects (changes, mails, messages) and recent calls. */
  readonly records: EffectRecorder;
  readonly faults: FaultInjector;
  /** The current data (replaced by a reset). */
  readonly state: SandboxState;
  /** Restores the seed, clears records, faults and idempotency keys. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts the sandbox: one HTTP server on 127.0.0.1 serving the Shopify, Business Central,
 * ShipStation, Slack and Teams subsets under their path prefixes, its control endpoints
 * (`/_sandbox/...`) and page (`/`), and an SMTP sink, all over the seeded demo data.
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? (() => new Date());
  const today = options.today ?? now();
  let state = seedState(today);
  const recorder = new EffectRecorder(now);
  const faults = new FaultInjector();
  const idempotency = new IdempotencyCache();
  let baseUrl = '';
  const smtp = await startSmtpSink(recorder, options.smtpPort ?? 0);
  const context: SandboxContext = {
    get state() {
      return state;
    },
    now,
    get baseUrl() {
      return baseUrl;
    },
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3599,
  };
  const reset = () => {
    state = seedState(today);
    recorder.clear();
    faults.clear();
    idempotency.clear();
  };
  const apis: ApiFamily[] = [shopifyApi, businessCentralApi(), shipStationApi, slackWebhooks, teamsWebhooks];
  const info = () => ({
    url: baseUrl,
    smtp: { host: smtp.host, port: smtp.port, ...DEMO_CREDENTIALS.smtp },
    today: state.today.toISOString().slice(0, 10),
    shopify: { shopUrl: `${baseUrl}/shopify`, apiBase: `${baseUrl}/shopify/admin/api/${DEMO_CREDENTIALS.shopify.apiVersion}`, accessToken: DEMO_CREDENTIALS.shopify.accessToken },
    businessCentral: {
      tokenUrl: `${baseUrl}/bc/${DEMO_CREDENTIALS.businessCentral.tenantId}/oauth2/v2.0/token`,
      apiBase: `${baseUrl}/bc/v2.0/${DEMO_CREDENTIALS.businessCentral.tenantId}/${DEMO_CREDENTIALS.businessCentral.environment}/api/v2.0`,
      ...DEMO_CREDENTIALS.businessCentral,
    },
    shipstation: { apiBase: `${baseUrl}/shipstation`, ...DEMO_CREDENTIALS.shipstation },
    slack: SLACK_WEBHOOKS.filter((hook) => !hook.archived).map((hook) => ({ channel: hook.channel, url: `${baseUrl}/slack/services/${hook.path}` })),
    teams: TEAMS_WEBHOOKS.map((hook) => ({ channel: hook.channel, url: `${baseUrl}/teams/webhook/${hook.path}` })),
  });
  const own = [controlApi({ recorder, faults, reset, info })];
  const fallback = pageApi({ recorder, faults, addresses: () => ({ url: baseUrl, smtp: `${smtp.host}:${smtp.port}` }) });
  const server = createServer(sandboxHandler({ apis, own, fallback, context, recorder, faults, idempotency }));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await smtp.close();
    throw error;
  }
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    smtp: { host: smtp.host, port: smtp.port },
    records: recorder,
    faults,
    get state() {
      return state;
    },
    reset,
    async close() {
      server.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), smtp.close()]);
    },
  };
}
