import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './support/postgres-server.js';

/**
 * Builds the server and runtime once before the suite, so tests that spawn the real `flowgate`
 * binary run the code under test, not a stale build. Incremental, so a no-change build is quick.
 * Then starts the run's own PostgreSQL cluster, which the PostgreSQL tests create their databases
 * in (test/support/postgres.ts), and stops it when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  const postgres = await startPostgresServer();
  project.provide('postgresUrl', postgres.url);
  return () => postgres.stop();
}
