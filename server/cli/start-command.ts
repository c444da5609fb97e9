import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { packageRoot } from '../package-root.js';
import { CliError } from './cli-error.js';
import { startServer } from '../start.js';

/** The designer's built files, when they exist. */
function designerDir(): string | undefined {
  const dir = join(packageRoot, 'dist/designer');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/** The configuration, or one clear line (exit 2) when a flag or variable is wrong (a bad port, FLOWGATE_EGRESS_ALLOW). */
function configFrom(argv: readonly string[]): ReturnType<typeof loadConfig> {
  try {
    return loadConfig(argv);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * `flowgate start [--port N] [--data DIR] [--no-demo]`: serves the API and the designer until
 * SIGTERM or SIGINT, then shuts down gracefully.
 */
export async function startCommand(argv: readonly string[], print: (line: string) => void): Promise<number> {
  const base = configFrom(argv);
  const config = base.designerDir === undefined ? { ...base, designerDir: designerDir() } : base;
  const running = await startServer(config);
  print(`Flowgate is running at ${running.url}  (data in ${config.dataDir})`);
  if (running.demoAccounts.length > 0) {
    print(`Demo workspace created. Sign in with one of these accounts (saved to ${join(config.dataDir, 'demo-credentials.txt')}):`);
    for (const account of running.demoAccounts) print(`  ${account.email.padEnd(30)} ${account.password.padEnd(16)} ${account.roles}`);
  }
  print(`API reference: ${running.url}/api/docs`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  print('Shutting down: letting running steps finish...');
  await running.close();
  return 0;
}
