import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from './http/http-server.js';
import type { ServerConfig } from './config.js';
import type { AppContext } from './context.js';
import { BackgroundWork } from './roles/background-work.js';
import { openProcess } from './roles/open-process.js';
import { isEmpty, seedDemo, type DemoAccount } from './services/demo-seed.js';

/** A started server. */
export interface RunningServer {
  readonly url: string;
  readonly app: AppContext;
  /** The demo accounts, when this start seeded them. */
  readonly demoAccounts: readonly DemoAccount[];
  /** While the installation has no platform operator: the code the first-run page asks for, and its file. */
  readonly setupCode: { readonly code: string; readonly file: string } | undefined;
  /** Graceful shutdown: stop accepting, let running steps finish and be recorded, close the database. */
  close(): Promise<void>;
}

/**
 * Starts Flowgate's HTTP process (roles `all`, `api` and `webhooks`): opens the data (see
 * `openProcess`), seeds the demo workspace into an empty database (role `all`, unless disabled),
 * serves HTTP and, in the role `all`, recovers runs and timers, starts schedules, retention and
 * event delivery (elsewhere the scheduler and workers do). `/readyz` answers ready once recovery is
 * under way. Recovery handles each run on its own (one that cannot be resumed is failed and
 * logged), so no run can keep the server from becoming ready; if recovery itself cannot work (the
 * store cannot be read), the server closes again and the start fails, rather than serving for good
 * without ever being ready.
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const opened = await openProcess(config);
  const { app } = opened;
  const demoAccounts = config.demo && (await isEmpty(app)) ? await seedDemo(app) : [];
  const setupCode = await app.setup.issueCode();
  let ready = false;
  const server: Server = createHttpServer(app, () => ready, config.role === 'webhooks' ? 'webhooks' : 'everything').listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  app.links.listening(url);
  if (config.publicUrl === undefined && !['127.0.0.1', 'localhost', '::1'].includes(config.host)) {
    app.logger.warn({ url }, 'links in mail point at the listening URL; set FLOWGATE_PUBLIC_URL to the address people reach Flowgate at');
  }
  const background = config.role === 'all' ? new BackgroundWork(app) : undefined;
  const close = async () => {
    ready = false;
    await background?.stop();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await opened.close();
  };
  let resumed = 0;
  try {
    if (background) resumed = await background.start();
  } catch (error) {
    app.logger.error({ err: error }, 'recovery failed; the server stops');
    await close();
    throw error;
  }
  ready = true;
  app.logger.info({ url, dataDir: config.dataDir, role: config.role, resumed }, 'flowgate started');
  return { url, app, demoAccounts, setupCode, close };
}
