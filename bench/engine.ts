import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeImplementations } from '../nodes/index.js';
import type { NodeImplementation } from '../runtime/definition/index.js';
import { Engine } from '../runtime/engine/index.js';
import { SqliteRunStore, type SynchronousMode } from '../runtime/store/index.js';
import { format, quantile, verdict } from './stats.js';

/** The engine benchmark's workflow: 10 pure nodes, 9 steps executed per run. */
export const definition: unknown = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/order-triage-10.json'), 'utf8'));
/** The input every run of {@link definition} gets. */
export const input = {
  id: 'SO-1001',
  subtotal: 640,
  shipping: 12.5,
  country: 'DE',
  lines: [
    { sku: 'A-1', qty: 2 },
    { sku: 'B-7', qty: 1 },
    { sku: 'C-3', qty: 5 },
  ],
};

/** Runs and steps finished in `seconds`. */
export interface Throughput {
  runs: number;
  steps: number;
  seconds: number;
}

/** Runs the fixture in this process for `seconds` with `concurrency` runs in flight, on a fresh SQLite file. */
export async function throughput(synchronous: SynchronousMode, concurrency: number, seconds: number): Promise<Throughput> {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-bench-'));
  const store = SqliteRunStore.open(join(dir, 'bench.db'), { synchronous });
  const engine = new Engine({ store, nodes: nodeImplementations });
  let runs = 0;
  let steps = 0;
  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) await engine.execute({ definition, input });
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const run = await engine.execute({ definition, input });
      if (run.status !== 'succeeded') throw new Error(`benchmark run ${run.id} ended ${run.status}`);
      runs++;
      steps += run.stepCount;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { runs, steps, seconds: elapsed };
}

/**
 * Engine time between one step's execute returning and the next one's starting (recording,
 * settling edges, scheduling, resolving config, building the context), measured in sequential
 * runs by timing around every node's execute.
 */
async function stepOverhead(runs: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-bench-'));
  const store = SqliteRunStore.open(join(dir, 'bench.db'));
  let lastExit: number | undefined;
  const samples: number[] = [];
  const timed: NodeImplementation[] = nodeImplementations.map((implementation) => ({
    spec: implementation.spec,
    execute: async (ctx, config, nodeInput) => {
      const entry = performance.now();
      if (lastExit !== undefined) samples.push((entry - lastExit) * 1000);
      const outcome = await implementation.execute(ctx, config, nodeInput);
      lastExit = performance.now();
      return outcome;
    },
  }));
  const engine = new Engine({ store, nodes: timed });
  for (let index = 0; index < runs; index++) {
    lastExit = undefined;
    await engine.execute({ definition, input });
    if (index === Math.floor(runs / 5)) samples.length = 0;
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return samples;
}

/** Prints the engine benchmark. */
export async function benchEngine(seconds: number): Promise<void> {
  console.log('\nEngine: 10-node pure workflow (9 steps executed per run), every step recorded in SQLite');
  const rows: [string, Throughput][] = [];
  for (const [mode, concurrency] of [
    ['FULL', 64],
    ['NORMAL', 64],
    ['FULL', 1],
    ['NORMAL', 1],
  ] as const) {
    const result = await throughput(mode, concurrency, seconds);
    rows.push([`synchronous=${mode.padEnd(6)} ${String(concurrency).padStart(2)} runs in flight`, result]);
  }
  for (const [label, result] of rows) {
    console.log(
      `  ${label}: ${format(result.runs / result.seconds).padStart(7)} runs/s  ${format(result.steps / result.seconds).padStart(8)} steps/s`,
    );
  }
  const full = rows[0]?.[1] as Throughput;
  const normal = rows[1]?.[1] as Throughput;
  const runsPerSecond = full.runs / full.seconds;
  const stepsPerSecond = full.steps / full.seconds;
  console.log(`  FULL vs NORMAL: ${format(runsPerSecond / (normal.runs / normal.seconds), 2)}x the throughput`);
  console.log(`  target ≥ 3,000 runs/s with FULL: ${verdict(runsPerSecond >= 3000)}; ≥ 30,000 steps/s: ${verdict(stepsPerSecond >= 30_000)}`);
  const samples = await stepOverhead(2000);
  const p50 = quantile(samples, 0.5);
  const p99 = quantile(samples, 0.99);
  console.log(`  per-step engine overhead: p50 ${format(p50, 1)} µs, p99 ${format(p99, 1)} µs (${format(samples.length)} steps)`);
  console.log(`  target p50 < 50 µs: ${verdict(p50 < 50)}`);
}
