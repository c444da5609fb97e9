import { execFileSync } from 'node:child_process';

/**
 * Builds the server and runtime once before the suite, so tests that spawn the real `flowgate`
 * binary run the code under test, not a stale build. Incremental, so a no-change build is quick.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
