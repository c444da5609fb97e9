import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, type ServerConfig } from '../config.js';
import { redactDatabaseUrl } from '../db/database-url.js';
import { packageRoot } from '../package-root.js';
import { StartupRefusal } from '../startup-refusal.js';
import { CliError } from './cli-error.js';
import { startDemoSandbox } from './demo-sandbox.js';
import { startServer } from '../start.js';

/** The designer's built files, when they exist. */
function designerDir(): string | undefined {
  const dir = join(packageRoot, 'dist/designer');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/**
 * `flowgate start [--port N] [--host ADDRESS] [--data DIR] [--no-demo]`: serves the API and the
 * designer until SIGTERM or SIGINT, then shuts down gracefully. With the demo, the sandbox runs
 * beside it (see {@link startDemoSandbox}).
 */
export async function startCommand(argv: readonly string[], print: (line: string) => void): Promise<number> {
  const base = readConfig(argv);
  const withDesigner = base.designerDir === undefined ? { ...base, designerDir: designerDir() } : base;
  // The demo works against the sandbox's imitated systems; without the demo there is no sandbox.
  const demoSandbox = withDesigner.demo ? await startDemoSandbox(withDesigner) : undefined;
  const config = demoSandbox?.config ?? withDesigner;
  // Listening before anything can fail or take time: a signal that arrives while the server
  // starts (recovering runs, say) shuts it down as soon as it is up, instead of being missed.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  const running = await startServer(config).catch(async (error: unknown) => {
    await demoSandbox?.sandbox.close();
    throw error instanceof StartupRefusal ? new CliError(error.message, 1) : error;
  });
  const dataIn = config.databaseUrl === undefined ? config.dataDir : `PostgreSQL ${redactDatabaseUrl(config.databaseUrl)}`;
  print(`Flowgate is running at ${running.url}  (data in ${dataIn})`);
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
