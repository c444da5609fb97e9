import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createHttpServer } from '../../server/http/http-server.js';
import { loadConfig, type ServerConfig } from '../../server/config.js';
import { createAppContext, type AppContext } from '../../server/context.js';
import { isEmpty, seedDemo } from '../../server/services/demo-seed.js';
import { Scheduler } from '../../server/triggers/scheduler.js';
import { startMailSink, type MailSink } from './mail-sink.js';
import { tempDir } from './temp-dir.js';
import { testDatabaseUrl } from './test-store.js';

/** The password every demo user has in tests. */
export const DEMO_PASSWORD = 'demo-password-for-tests';

/** The demo accounts (see server/services/demo-seed.ts). */
export const DEMO = {
  platformOperator: 'platform@flowgate.example',
  partnerOwner: 'admin@northwind.example',
  consultant: 'consultant@northwind.example',
  approver: 'approver@northwind.example',
  customerOwner: 'owner@contoso.example',
  operator: 'operator@contoso.example',
} as const;

/** A response as tests read it. */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

/** A signed-in API client over real HTTP. */
export interface ApiClient {
  readonly token: string;
  readonly userId: string;
  request<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
}

/**
 * A real Flowgate server on 127.0.0.1 (ephemeral port) over a real SQLite file in a temp directory,
 * or a fresh PostgreSQL database in the `server-postgres` project (see `test-store.ts`).
 */
export interface ServerHarness {
  readonly url: string;
  readonly app: AppContext;
  readonly dataDir: string;
  /** Every log line the server wrote, as text. */
  readonly logs: string[];
  /** The SMTP server on 127.0.0.1 the server sends its mail to (unless started with `mail: 'outbox'`). */
  readonly mail: MailSink;
  /** Tenant ids of the demo workspace. */
  readonly tenants: { readonly partner: string; readonly customer: string };
  /** The first-run setup code, on a server without the demo (no platform operator yet). */
  readonly setupCode: string | undefined;
  request<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  signIn(email: string, password?: string): Promise<ApiClient>;
  close(): Promise<void>;
}

/** How {@link startServerHarness} starts. Every option is optional; the default is a fresh demo workspace. */
export interface ServerHarnessOptions {
  /** Seed the demo workspace into an empty database (default true). */
  readonly demo?: boolean;
  /**
   * Start on this existing data directory (e.g. the `dataDir` of a harness closed with `keepDataDir`)
   * instead of a fresh temp dir. The directory is never removed by `close()`.
   */
  readonly dataDir?: string;
  /** Keep the fresh temp data directory on `close()`, to start again on it (simulated restarts). */
  readonly keepDataDir?: boolean;
  /** Serve the built designer from this directory (e.g. `dist/designer`), as `flowgate start` does. */
  readonly designerDir?: string;
  /**
   * The deployment egress allow-list (FLOWGATE_EGRESS_ALLOW), e.g. `127.0.0.1:<port>` of a local
   * server standing in for an outside API. Empty by default: runs reach public addresses only.
   */
  readonly egressAllow?: readonly string[];
  /** Where mail goes: the harness's SMTP sink (default), or `<dataDir>/outbox/` as without FLOWGATE_SMTP_URL. */
  readonly mail?: 'smtp' | 'outbox';
  /** Settings to change from the test defaults (e.g. a small API rate limit). */
  readonly config?: Partial<ServerConfig>;
}

/** Starts a server with the demo workspace (passwords fixed to {@link DEMO_PASSWORD}). */
export async function startServerHarness(options: ServerHarnessOptions = {}): Promise<ServerHarness> {
  const dir = options.dataDir === undefined ? tempDir('flowgate-server-') : { path: options.dataDir, remove: () => undefined };
  const removeDir = options.dataDir === undefined && options.keepDataDir !== true ? dir.remove : () => undefined;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const mail = await startMailSink();
  const environment = { FLOWGATE_EGRESS_ALLOW: (options.egressAllow ?? []).join(',') };
  const config: ServerConfig = {
    ...loadConfig(['--port', '0', '--data', dir.path], environment),
    demoPassword: DEMO_PASSWORD,
    logLevel: 'debug',
    designerDir: options.designerDir,
    smtpUrl: options.mail === 'outbox' ? undefined : mail.url,
    mailFrom: 'no-reply@flowgate.test',
    databaseUrl: await testDatabaseUrl(dir.path),
    ...options.config,
  };
  const logger = pino({ level: 'debug', redact: { paths: ['password', '*.password', 'token', '*.token', 'secret', '*.secret'], censor: '[redacted]' } }, sink);
  const app = await createAppContext(config, logger);
  if (options.demo !== false && (await isEmpty(app))) await seedDemo(app);
  const setupCode = (await app.setup.issueCode())?.code;
  const server = createHttpServer(app).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  app.links.listening(url);
  await app.engine.recover();
  const scheduler = new Scheduler(app.triggers, app.workflows, app.engine, app.audit, app.logger);
  await scheduler.start();
  app.eventDispatcher.start();
  const request = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };
  const tenantId = async (slug: string) => (await app.tenants.bySlug(slug))?.id ?? '';
  return {
    url,
    app,
    dataDir: dir.path,
    logs,
    mail,
    tenants: { partner: await tenantId('northwind'), customer: await tenantId('contoso') },
    setupCode,
    request,
    async signIn(email, password = DEMO_PASSWORD) {
      const login = await request<{ token: string; user: { id: string } }>('POST', '/api/v1/auth/login', { email, password });
      if (login.status !== 200) throw new Error(`sign-in of ${email} failed: ${login.status} ${login.text}`);
      const { token, user } = login.body;
      return {
        token,
        userId: user.id,
        request: (method, path, body, headers = {}) => request(method, path, body, { authorization: `Bearer ${token}`, ...headers }),
      };
    },
    async close() {
      await scheduler.stop();
      await app.eventDispatcher.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.engine.shutdown();
      await app.egress.close();
      await app.store.close();
      app.mailer.close();
      await mail.close();
      removeDir();
    },
  };
}
