import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from './http/http-server.js';
import type { ServerConfig } from './config.js';
import { createAppContext, type AppContext } from './context.js';
import { lockDatabaseForThisProcess } from './db/single-process-lock.js';
import { isEmpty, seedDemo, type DemoAccount } from './services/demo-seed.js';
import { RetentionJob } from './services/retention.js';
import { Scheduler } from './triggers/scheduler.js';

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
 * Starts Flowgate: opens the data directory (on PostgreSQL, alone: see `lockDatabaseForThisProcess`), seeds the demo workspace into an empty database
 * (unless disabled), serves HTTP, recovers runs and timers, starts schedules. `/readyz` answers
 * ready once recovery is under way. Recovery handles each run on its own (one that cannot be
 * resumed is failed and logged), so no run can keep the server from becoming ready; if recovery
 * itself cannot work (the store cannot be read), the server closes again and the start fails,
 * rather than serving for good without ever being ready.
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  // Taken before anything opens: a refused process has started nothing it must stop.
  const databaseLock = config.databaseUrl === undefined ? undefined : await lockDatabaseForThisProcess(config.databaseUrl);
  const app = await createAppContext(config).catch(async (error: unknown) => {
    await databaseLock?.release();
    throw error;
  });
  const demoAccounts = config.demo && (await isEmpty(app)) ? await seedDemo(app) : [];
  const setupCode = await app.setup.issueCode();
  let ready = false;
  const server: Server = createHttpServer(app, () => ready).listen(config.port, config.host);
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
  const scheduler = new Scheduler(app.triggers, app.workflows, app.engine, app.audit, app.logger);
  const retention = new RetentionJob(app.store, app.tenants, app.logger, app.idempotency);
  const close = async () => {
    ready = false;
    scheduler.stop();
    retention.stop();
    await app.eventDispatcher.stop();
    await app.deliverer.stop();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await app.engine.shutdown();
    await app.egress.close();
    await app.store.close();
    await databaseLock?.release();
    app.mailer.close();
  };
  let resumed: number;
  try {
    resumed = await app.engine.recover();
  } catch (error) {
    app.logger.error({ err: error }, 'recovery failed; the server stops');
    await close();
    throw error;
  }
  await scheduler.start();
  retention.start();
  app.eventDispatcher.start();
  app.deliverer.start();
  ready = true;
  app.logger.info({ url, dataDir: config.dataDir, resumed }, 'flowgate started');
  return { url, app, demoAccounts, setupCode, close };
}
