import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

interface CheckResult {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a Node script of the repository and answers its exit code and everything it printed. */
function run(script: string, args: string[]): Promise<CheckResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, script), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * Lint and type checks run inside the suite, so the test report (and CI's "N passed, N failed")
 * counts them like any other failure. The three start together when the file loads: each is one
 * single-threaded process, and run one after another they made this the suite's longest file.
 */
const checks = {
  eslint: run('node_modules/eslint/bin/eslint.js', ['.', '--max-warnings', '0']),
  'tsconfig.json': run('node_modules/typescript/bin/tsc', ['--noEmit', '-p', 'tsconfig.json']),
  'designer/tsconfig.json': run('node_modules/typescript/bin/tsc', ['--noEmit', '-p', 'designer/tsconfig.json']),
};

describe('static checks', () => {
  it('eslint reports no problems', async () => {
    const result = await checks.eslint;
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 600_000);

  it.each(['tsconfig.json', 'designer/tsconfig.json'] as const)('tsc --noEmit -p %s finds no type errors', async (project) => {
    const result = await checks[project];
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 600_000);
});
