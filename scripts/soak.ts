import { join } from 'node:path';
import { runCrashScenario, type CrashReport } from '../test/support/crash-harness.js';

/**
 * `npm run soak`: the crash-recovery scenario of test/runtime/engine/crash-recovery.test.ts at a
 * larger scale. An engine process (the built code in dist/) is killed with SIGKILL at random
 * moments and restarted while runs with side-effecting HTTP steps execute; then the same
 * properties are checked. `SOAK_RUNS` (default 2,000) and `SOAK_KILLS` (default 300) set the
 * scale. Exits 1 if any property is violated.
 */
const root = join(import.meta.dirname, '..');

function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${text}"`);
  return value;
}

/** Every property the crash test checks, as messages for the ones violated. */
function violations(report: CrashReport, runs: number, kills: number): string[] {
  const found: string[] = [];
  const list = (items: readonly string[]) => `${items.slice(0, 10).join(', ')}${items.length > 10 ? `, … (${items.length})` : ''}`;
  if (report.kills < kills) found.push(`only ${report.kills} of ${kills} kills happened`);
  if (report.runs.length !== runs) found.push(`${report.runs.length} runs exist instead of ${runs}`);
  const seqs = new Set(report.runs.map((run) => run.seq));
  const missing = Array.from({ length: runs }, (_, seq) => seq).filter((seq) => !seqs.has(seq));
  if (missing.length > 0) found.push(`runs lost (input seq): ${list(missing.map(String))}`);
  const runsPerSeq = new Map<number, number>();
  for (const run of report.runs) runsPerSeq.set(run.seq, (runsPerSeq.get(run.seq) ?? 0) + 1);
  const duplicated = [...runsPerSeq].filter(([, count]) => count > 1).map(([seq]) => seq);
  if (duplicated.length > 0) found.push(`runs started twice (input seq): ${list(duplicated.map(String))}`);
  const unfinished = report.runs.filter((run) => run.status !== 'succeeded');
  if (unfinished.length > 0) found.push(`runs that did not succeed: ${list(unfinished.map((run) => `${run.id} ${run.status}`))}`);

  const expected = new Set<string>();
  for (const run of report.runs) {
    expected.add(`${run.id}:charge:0@/charge`);
    if (run.big) expected.add(`${run.id}:ship:0@/ship`);
    expected.add(`${run.id}:notify:0@/notify`);
  }
  const keys = [...report.effects.keys()];
  const unexpected = keys.filter((key) => !expected.has(key));
  if (unexpected.length > 0) found.push(`effects no run should have caused: ${list(unexpected)}`);
  const absent = [...expected].filter((key) => !report.effects.has(key));
  if (absent.length > 0) found.push(`effects that never happened: ${list(absent)}`);
  if (report.unkeyed > 0) found.push(`${report.unkeyed} requests came without an Idempotency-Key`);
  return found;
}

const runs = positiveInteger('SOAK_RUNS', 2000);
const kills = positiveInteger('SOAK_KILLS', 300);
console.log(`Soak: ${runs.toLocaleString('en-US')} runs, ${kills.toLocaleString('en-US')} SIGKILLs of the engine process`);
const started = performance.now();
const report = await runCrashScenario({ runs, kills, root });
const elapsed = (performance.now() - started) / 1000;

const counts = [...report.effects.values()];
const redelivered = counts.filter((count) => count > 1);
console.log(`  kills: ${report.kills}, restarts: ${report.restarts}`);
console.log(`  runs: ${report.runs.length} (${report.runs.filter((run) => run.status === 'succeeded').length} succeeded)`);
console.log(
  `  distinct effects: ${report.effects.size}; redelivered effects: ${redelivered.length}` +
    ` (${redelivered.reduce((sum, count) => sum + count - 1, 0)} repeated requests, each with its original Idempotency-Key)`,
);
console.log(`  elapsed: ${elapsed.toFixed(1)} s`);

const found = violations(report, runs, kills);
if (found.length > 0) {
  console.error(`FAILED: ${found.length} ${found.length === 1 ? 'property' : 'properties'} violated`);
  for (const violation of found) console.error(`  - ${violation}`);
  process.exit(1);
}
console.log('  OK: every run succeeded, none lost or duplicated; every expected effect happened, none unexpected, none without a key');
