import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function run(script: string, args: string[]): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(root, script), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * Lint and type checks run inside the suite, so the test report (and CI's "N passed, N failed")
 * counts them like any other failure.
 */
describe('static checks', () => {
  it('eslint reports no problems', () => {
    const result = run('node_modules/eslint/bin/eslint.js', ['.', '--max-warnings', '0']);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 600_000);

  it.each(['tsconfig.json', 'designer/tsconfig.json'])('tsc --noEmit -p %s finds no type errors', (project) => {
    const result = run('node_modules/typescript/bin/tsc', ['--noEmit', '-p', project]);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 600_000);
});
