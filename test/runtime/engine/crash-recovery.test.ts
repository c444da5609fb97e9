import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCrashScenario, runGracefulScenario } from '../../support/crash-harness.js';

const root = join(import.meta.dirname, '../../..');

/**
 * The durability promise, tested the hard way: a separate engine process is killed with SIGKILL
 * at random moments while runs with several side-effecting HTTP steps execute, and restarted each
 * time. `npm run soak` runs the same scenario at a larger scale.
 */
describe('crash recovery with exactly-once side effects', () => {
  // The PostgreSQL twin is half the size, for the suite's time: each kill costs a restart.
  it.each([
    { engine: 'sqlite', runs: 200, kills: 50 },
    { engine: 'postgres', runs: 100, kills: 25 },
  ] as const)('on $engine finishes every run, loses none, and applies each effect exactly once across $kills SIGKILLs', async ({ engine, runs, kills }) => {
    const report = await runCrashScenario({ runs, kills, root, engine });
    expect(report.kills).toBeGreaterThanOrEqual(kills);

    expect(report.runs).toHaveLength(runs);
    expect(new Set(report.runs.map((run) => run.seq)).size).toBe(runs);
    expect(report.runs.filter((run) => run.status !== 'succeeded')).toEqual([]);

    const expected = new Set<string>();
    for (const run of report.runs) {
      expected.add(`${run.id}:charge:0@/charge`);
      if (run.big) expected.add(`${run.id}:ship:0@/ship`);
      expected.add(`${run.id}:notify:0@/notify`);
    }
    const seen = new Set(report.effects.keys());
    expect([...seen].filter((key) => !expected.has(key))).toEqual([]);
    expect([...expected].filter((key) => !seen.has(key))).toEqual([]);
    expect(report.unkeyed).toBe(0);
  }, 300_000);

  it('on SIGTERM lets running steps finish and be recorded, exits 0, and a new process finishes the runs', async () => {
    const report = await runGracefulScenario({ runs: 40, root });
    expect(report.exitCode).toBe(0);
    expect(report.runningSteps).toBe(0);
    expect(report.unfinishedRuns).toBeGreaterThan(0);
    expect(report.finalStatuses).toHaveLength(40);
    expect(report.finalStatuses.every((status) => status === 'succeeded')).toBe(true);
    expect([...report.effects.values()].every((count) => count === 1)).toBe(true);
  }, 120_000);
});
