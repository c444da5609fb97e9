import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeImplementations } from '../nodes/index.js';
import type { NodeImplementation } from '../runtime/definition/index.js';
import { Engine } from '../runtime/engine/index.js';
import { SqliteRunStore, type RunRecord } from '../runtime/store/index.js';
import { format, quantile, verdict } from './stats.js';
import { approver, startWaitingRuns } from './wait-workflows.js';

const root = join(import.meta.dirname, '..');

/**
 * Time from `engine.decide` being called to the run's next step (the transform after the gate)
 * starting, for `runs` runs waiting at an approval gate, deciding one at a time and letting each
 * run finish before the next decision, so the figure is latency and not queueing. The first
 * `warmup` decisions are not counted.
 */
async function resumeLatency(runs: number, warmup: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-bench-'));
  const store = SqliteRunStore.open(join(dir, 'bench.db'));
  const transformStarted = new Map<string, number>();
  const nodes: NodeImplementation[] = nodeImplementations.map((implementation) =>
    implementation.spec.type !== 'data.transform'
      ? implementation
      : {
          spec: implementation.spec,
          execute: (ctx, config, input) => {
            transformStarted.set(ctx.runId, performance.now());
            return implementation.execute(ctx, config, input);
          },
        },
  );
  const finished = new Map<string, (run: RunRecord) => void>();
  const engine = new Engine({ store, nodes, events: { runSettled: (run) => finished.get(run.id)?.(run) } });
  await startWaitingRuns(engine, runs);
  const tasks = await store.listTasks({ tenantId: 'local', status: 'open' });
  if (tasks.length !== runs) throw new Error(`expected ${runs} open tasks, found ${tasks.length}`);
  const samples: number[] = [];
  for (const [index, task] of tasks.entries()) {
    const ended = new Promise<RunRecord>((resolve) => finished.set(task.runId, resolve));
    const called = performance.now();
    await engine.decide(task.id, { decision: 'approve', actor: approver });
    const run = await ended;
    finished.delete(task.runId);
    const started = transformStarted.get(task.runId);
    if (run.status !== 'succeeded' || started === undefined) throw new Error(`run ${run.id} ended ${run.status} after its approval`);
    if (index >= warmup) samples.push(started - called);
  }
  await engine.shutdown();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return samples;
}

/** A benchmark process: `node [flags] --import tsx bench/<script> ...args`, in the project root. */
interface Worker {
  readonly child: ChildProcess;
  /** The JSON its last stdout line holds, once it exits 0; nothing when we killed it. */
  readonly result: Promise<Record<string, number>>;
}

function worker(script: string, args: readonly (string | number)[], flags: readonly string[] = []): Worker {
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', join(root, 'bench', script), ...args.map(String)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<Record<string, number>>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL' && child.killed) resolve({});
      else if (code === 0) resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, number>);
      else reject(new Error(`bench/${script} exited with ${code ?? signal}: ${stderr}`));
    });
  });
  return { child, result };
}

interface RecoveryFigures {
  readonly waitingOnly: Record<string, number>;
  readonly withInterrupted: Record<string, number>;
  /** Interrupted runs whose request reached the server again after recovery with the same Idempotency-Key. */
  readonly redelivered: number;
}

/**
 * One database: `waiting` runs at an approval gate, then `interrupted` runs killed (SIGKILL of
 * the engine process) while their HTTP step was in flight, so they are left `running` with the
 * step `running`. Recovery is timed in a fresh process twice: with only the waiting runs, and
 * with both. A local server stands in for the remote side: it holds requests until the engine is
 * killed, then answers at once.
 */
async function recovery(waiting: number, interrupted: number): Promise<RecoveryFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-bench-'));
  const dbPath = join(dir, 'recovery.db');
  const held: ServerResponse[] = [];
  const firstKeys = new Set<string>();
  const laterKeys = new Set<string>();
  let holding = true;
  let allHeld: () => void = () => undefined;
  const everyRequestHeld = new Promise<void>((resolve) => (allHeld = resolve));
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const key = String(request.headers['idempotency-key']);
      if (holding) {
        firstKeys.add(key);
        held.push(response);
        if (held.length === interrupted) allHeld();
        return;
      }
      laterKeys.add(key);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await worker('recovery-worker.ts', ['populate', dbPath, waiting, 0, baseUrl]).result;
    const waitingOnly = await worker('recovery-worker.ts', ['recover', dbPath, 0, baseUrl]).result;

    const populate = worker('recovery-worker.ts', ['populate', dbPath, 0, interrupted, baseUrl]);
    let crashed = false;
    const timeout = setTimeout(() => populate.child.kill('SIGKILL'), 120_000);
    const ended = populate.result.then(() => {
      if (!crashed) throw new Error(`the engine process ended before ${interrupted} requests arrived (${held.length} did)`);
    });
    await Promise.race([everyRequestHeld, ended]);
    clearTimeout(timeout);
    // The crash: every interrupted run has its HTTP step recorded `running` and its request in flight.
    crashed = true;
    populate.child.kill('SIGKILL');
    await ended;
    holding = false;
    server.closeAllConnections();
    held.length = 0;

    const withInterrupted = await worker('recovery-worker.ts', ['recover', dbPath, interrupted, baseUrl]).result;
    const redelivered = [...firstKeys].filter((key) => laterKeys.has(key)).length;
    return { waitingOnly, withInterrupted, redelivered };
  } finally {
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const MB = 1024 * 1024;

function signed(value: number): string {
  return `${value < 0 ? '' : '+'}${format(value, 1)}`;
}

/** Prints resume latency, recovery time and memory of runs waiting at approval gates. */
export async function benchWaits(): Promise<void> {
  console.log(
    '\nWaits: approval gates (trigger → human.approval → transform) and interrupted side effects' +
      ' (trigger → connector.http → transform), synchronous=FULL, a fresh database per figure',
  );
  await printResumeLatency(2000, 200);
  await printRecovery(10_000, 1000);
  await printMemory(10_000);
}

async function printResumeLatency(runs: number, warmup: number): Promise<void> {
  const samples = await resumeLatency(runs, warmup);
  const p50 = quantile(samples, 0.5);
  const p99 = quantile(samples, 0.99);
  console.log(
    `  resume latency, decide() called → next step started: p50 ${format(p50, 2)} ms, p99 ${format(p99, 2)} ms` +
      ` (${format(samples.length)} decisions, one at a time)`,
  );
  console.log(`  target p99 < 5 ms: ${verdict(p99 < 5)}`);
}

async function printRecovery(waiting: number, interrupted: number): Promise<void> {
  const { waitingOnly, withInterrupted: all, redelivered } = await recovery(waiting, interrupted);
  if (waitingOnly.resumed !== 0 || waitingOnly.waiting !== waiting) {
    throw new Error(`unexpected recovery of waiting runs: ${JSON.stringify(waitingOnly)}`);
  }
  if (all.resumed !== interrupted || all.failed !== 0 || all.succeeded !== interrupted || all.waiting !== waiting || all.running !== 0) {
    throw new Error(`unexpected recovery of interrupted runs: ${JSON.stringify(all)}`);
  }
  const ms = (value: number | undefined) => format(value ?? Number.NaN, 1);
  console.log(`  recover ${format(waiting)} waiting: ${ms(waitingOnly.recoverMs)} ms (0 runs resumed; opening the store took ${ms(waitingOnly.openMs)} ms)`);
  console.log(
    `  recover ${format(waiting)} waiting + ${format(interrupted)} interrupted (SIGKILL mid-request): ${ms(all.recoverMs)} ms` +
      ` (${format(interrupted)} runs resumed; opening the store took ${ms(all.openMs)} ms)`,
  );
  console.log(
    `  all ${format(interrupted)} interrupted runs succeeded ${ms(all.finishMs)} ms after recover() was called;` +
      ` ${format(redelivered)} requests sent again with the same Idempotency-Key`,
  );
  console.log(`  target for the waiting part < 2 s: ${verdict((waitingOnly.recoverMs ?? Infinity) < 2000)}`);
}

async function printMemory(waiting: number): Promise<void> {
  const memory = await worker('memory-worker.ts', ['create', waiting], ['--expose-gc']).result;
  if (memory.gc !== 1 || memory.waiting !== waiting) throw new Error(`unexpected memory figures: ${JSON.stringify(memory)}`);
  const growth = (from: number | undefined, to: number | undefined) => ((to ?? Number.NaN) - (from ?? Number.NaN)) / MB;
  const held = await holdingMemory(waiting);
  const heldRss = growth(held.empty.rss, held.full.rss);
  const heldHeap = growth(held.empty.heap, held.full.heap);
  console.log(
    `  memory of a process holding ${format(waiting)} waiting runs (opened after a restart, recovered, after gc),` +
      ` against one holding none: RSS ${signed(heldRss)} MB, heapUsed ${signed(heldHeap)} MB; engine.activeRuns ${held.full.activeRuns}`,
  );
  console.log(`  target growth < 50 MB: ${verdict(heldRss < 50 && heldHeap < 50)}`);
  const heapGrowth = growth(memory.heapBefore, memory.heapAfter);
  const rssGrowth = growth(memory.rssBefore, memory.rssAfter);
  console.log(
    `  growth of the process that created them (after gc): heapUsed ${signed(heapGrowth)} MB, RSS ${signed(rssGrowth)} MB` +
      ` (a one-time high-water mark, see docs/performance.md); engine.activeRuns ${memory.activeRuns} while they wait`,
  );
  console.log(
    `  ${format(waiting)} more waiting runs in that process: heapUsed ${signed(growth(memory.heapAfter, memory.heapAfterDouble))} MB,` +
      ` RSS ${signed(growth(memory.rssAfter, memory.rssAfterDouble))} MB`,
  );
}

/** Memory of a fresh process that recovers an empty database, and of one that recovers `waiting` waiting runs. */
async function holdingMemory(waiting: number): Promise<{ empty: Record<string, number>; full: Record<string, number> }> {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-bench-hold-'));
  try {
    const emptyDb = join(dir, 'empty.db');
    const fullDb = join(dir, 'full.db');
    await worker('recovery-worker.ts', ['populate', emptyDb, 0, 0, 'http://127.0.0.1:9']).result;
    await worker('recovery-worker.ts', ['populate', fullDb, waiting, 0, 'http://127.0.0.1:9']).result;
    const empty = await worker('memory-worker.ts', ['hold', emptyDb], ['--expose-gc']).result;
    const full = await worker('memory-worker.ts', ['hold', fullDb], ['--expose-gc']).result;
    if (empty.waiting !== 0 || full.waiting !== waiting || full.gc !== 1) throw new Error(`unexpected holding figures: ${JSON.stringify({ empty, full })}`);
    return { empty, full };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
