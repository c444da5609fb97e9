import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, type ServerConfig } from '../config.js';
import { redactDatabaseUrl } from '../db/database-url.js';
import { packageRoot } from '../package-root.js';
import { StartupRefusal } from '../startup-refusal.js';
import { CliError } from './cli-error.js';
import type { RoleProcess } from '../roles/role-process.js';

/** The designer's built files, when they exist. */
function designerDir(): string | undefined {
  const dir = join(packageRoot, 'dist/designer');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/**
 * `flowgate start [--role R] [--port N] [--host ADDRESS] [--data DIR] [--no-demo] [--concurrency N]`:
 * runs this process's role until SIGTERM or SIGINT, then shuts down gracefully. The roles `all`,
 * `api` and `webhooks` serve HTTP; with the demo (role `all`), the sandbox runs beside it (see
 * `startDemoSandbox`). Workers and schedulers serve no HTTP. The settings are checked before the
 * server's modules load, so a mistyped flag is answered at once.
 */
export async function startCommand(argv: readonly string[], print: (line: string) => void): Promise<number> {
  const base = readConfig(argv);
  if (base.role === 'worker' || base.role === 'scheduler') return startBackgroundRole(base, print);
  const [{ startDemoSandbox }, { startServer }] = await Promise.all([import('./demo-sandbox.js'), import('../start.js')]);
  const withDesigner = base.designerDir === undefined ? { ...base, designerDir: designerDir() } : base;
  // The demo works against the sandbox's imitated systems; without the demo there is no sandbox.
  const demoSandbox = withDesigner.demo ? await startDemoSandbox(withDesigner) : undefined;
  const config = demoSandbox?.config ?? withDesigner;
  const stopRequested = stopSignal();
  const running = await startServer(config).catch(async (error: unknown) => {
    await demoSandbox?.sandbox.close();
    throw error instanceof StartupRefusal ? new CliError(error.message, 1) : error;
  });
  const role = config.role === 'all' ? '' : `, role ${config.role}`;
  print(`Flowgate is running at ${running.url}  (data in ${dataIn(config)}${role})`);
  if (demoSandbox) {
    print(`Sandbox for the demo at ${demoSandbox.sandbox.url} (what it received: ${running.url}/sandbox); mail goes to its SMTP sink unless FLOWGATE_SMTP_URL is set.`);
  }
  if (running.demoAccounts.length > 0) {
    print(`Demo workspace created. Sign in with one of these accounts (saved to ${join(config.dataDir, 'demo-credentials.txt')}):`);
    for (const account of running.demoAccounts) print(`  ${account.email.padEnd(30)} ${account.password.padEnd(16)} ${account.roles}`);
  }
  if (running.setupCode) {
    print(`First-run setup: open ${running.url}/setup and enter the setup code ${running.setupCode.code} (also in ${running.setupCode.file}).`);
  }
  print(`API reference: ${running.url}/api/docs`);
  await stopRequested;
  print('Shutting down: letting running steps finish...');
  await running.close();
  await demoSandbox?.sandbox.close();
  return 0;
}

/** Runs a worker or a scheduler (no HTTP) until SIGTERM or SIGINT. */
async function startBackgroundRole(config: ServerConfig, print: (line: string) => void): Promise<number> {
  const stopRequested = stopSignal();
  let running: RoleProcess;
  try {
    if (config.role === 'worker') {
      const { startWorker } = await import('../roles/start-worker.js');
      running = await startWorker(config);
      print(`Flowgate worker ready: running up to ${config.workerConcurrency} runs at once  (data in ${dataIn(config)})`);
    } else {
      const { startScheduler } = await import('../roles/start-scheduler.js');
      const scheduler = await startScheduler(config, exitLostLeader);
      running = scheduler;
      print(`Flowgate scheduler standing by  (data in ${dataIn(config)})`);
      void scheduler.leading.then(
        () => print('Flowgate scheduler leading: schedules, timers, retention and event delivery run here'),
        (error: unknown) => exitLostLeader(error instanceof Error ? error : new Error(String(error))),
      );
    }
  } catch (error) {
    throw error instanceof StartupRefusal ? new CliError(error.message, 1) : error;
  }
  await stopRequested;
  print('Shutting down: letting running steps finish...');
  await running.close();
  return 0;
}

/**
 * Resolves at SIGTERM or SIGINT. Listened for before anything can fail or take time: a signal that
 * arrives while the process starts (recovering runs, say) stops it as soon as it is up.
 */
function stopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
}

/** A leader that cannot prove it leads (or could not start leading) exits, so that a standby takes over alone. */
function exitLostLeader(error: Error): void {
  console.error(`flowgate: the scheduler stops: ${error.message}`);
  process.exit(70);
}

function dataIn(config: ServerConfig): string {
  return config.databaseUrl === undefined ? config.dataDir : `PostgreSQL ${redactDatabaseUrl(config.databaseUrl)}`;
}

function readConfig(argv: readonly string[]): ServerConfig {
  let config: ServerConfig;
  try {
    config = loadConfig(argv);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`${error.message}; see flowgate start --help`);
    throw error;
  }
  return config;
}
