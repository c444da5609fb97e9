/**
 * `npm run bench` section "PostgreSQL and worker processes": engine runs/s and webhook requests/s
 * with 1, 2 and 4 worker processes on one PostgreSQL database (a throwaway cluster with production
 * durability: fsync and synchronous commits on), beside the same figures for SQLite in one process.
 * Run alone with `npm run bench -- postgres`; `BENCH_SECONDS` scales the work (default 3).
 */
import { cpus, loadavg } from 'node:os';
import { startPostgresServer } from '../test/support/postgres-server.js';
import { throughput } from './engine.js';
import { WORKER_CONCURRENCY, measurePostgresEngine, type PostgresEngineFigures } from './postgres-engine.js';
import { benchPostgresWebhooks } from './postgres-webhook.js';
import { format } from './stats.js';

const workerCounts = [1, 2, 4] as const;

/** SQLite's figures: runs/s in one process and the CPU it spent per run. */
interface SqliteFigures {
  readonly runsPerSecond: number;
  readonly cpuMsPerRun: number;
}

const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');

function printEngine(sqlite: SqliteFigures, figures: ReadonlyMap<number, PostgresEngineFigures>, runs: number): void {
  const cell = (value: number, digits = 0) => format(value, digits).padStart(10);
  const columns = workerCounts.map((workers) => figures.get(workers) as PostgresEngineFigures);
  console.log(`  ${''.padEnd(34)} ${'SQLite'.padStart(10)} ${'PostgreSQL, worker processes'.padStart(32)}`);
  console.log(`  ${''.padEnd(34)} ${'1 process'.padStart(10)} ${workerCounts.map((workers) => String(workers).padStart(10)).join(' ')}`);
  const sqliteRunsPerSecond = sqlite.runsPerSecond;
  console.log(`  ${'engine runs/s'.padEnd(34)} ${cell(sqliteRunsPerSecond)} ${columns.map((column) => cell(column.runsPerSecond)).join(' ')}`);
  console.log(`  ${'  producer starts/s (run + job)'.padEnd(34)} ${'-'.padStart(10)} ${columns.map((column) => cell(column.startsPerSecond)).join(' ')}`);
  console.log(`  ${'  PostgreSQL commits per run'.padEnd(34)} ${'-'.padStart(10)} ${columns.map((column) => cell(column.commitsPerRun, 1)).join(' ')}`);
  const parts = ['producer', 'workers', 'postgres'] as const;
  for (const part of parts) {
    const sqliteCell = part === 'workers' ? cell(sqlite.cpuMsPerRun, 2) : '-'.padStart(10);
    console.log(`  ${`  CPU ms per run: ${part}`.padEnd(34)} ${sqliteCell} ${columns.map((column) => cell(column.cpuMsPerRun[part], 2)).join(' ')}`);
  }
  const cpuPerRun = (column: PostgresEngineFigures) => parts.reduce((sum, part) => sum + column.cpuMsPerRun[part], 0);
  // One SQLite process runs its JavaScript on one core; the PostgreSQL processes share all of them.
  const ceiling = (cores: number, ms: number) => cell((cores * 1000) / ms);
  console.log(
    `  ${`  CPU-bound ceiling, idle cores`.padEnd(34)} ${ceiling(1, sqlite.cpuMsPerRun)} ${columns.map((column) => ceiling(cpus().length, cpuPerRun(column))).join(' ')}`,
  );
  const failed = columns.reduce((sum, column) => sum + column.unsucceeded, 0);
  if (failed > 0) console.log(`  ${failed} runs did not succeed`);
  const [one, two, four] = columns as [PostgresEngineFigures, PostgresEngineFigures, PostgresEngineFigures];
  console.log(`  ratio PostgreSQL 2 workers / 1 worker: ${format(two.runsPerSecond / one.runsPerSecond, 2)}x; 4 / 1: ${format(four.runsPerSecond / one.runsPerSecond, 2)}x`);
  console.log(
    `  ratio PostgreSQL / SQLite: 1 worker ${format(one.runsPerSecond / sqliteRunsPerSecond, 2)}x, 2 workers ${format(two.runsPerSecond / sqliteRunsPerSecond, 2)}x,` +
      ` 4 workers ${format(four.runsPerSecond / sqliteRunsPerSecond, 2)}x (${format(runs)} runs per PostgreSQL figure)`,
  );
}

/** Prints the PostgreSQL section: engine figures, then webhook figures, each beside SQLite's. */
export async function benchPostgres(seconds: number): Promise<void> {
  console.log(`\nPostgreSQL and worker processes (own cluster, fsync on; ${WORKER_CONCURRENCY} runs at once per worker; load average ${load()})`);
  console.log('  Engine: bench/engine.ts workflow (9 steps per run); PostgreSQL: a producer engine in dispatch mode starts the runs, K worker processes execute them');
  const began = performance.now();
  const server = await startPostgresServer({ durable: true });
  try {
    const cpuBefore = process.cpuUsage();
    const measured = await throughput('FULL', 64, seconds);
    const cpu = process.cpuUsage(cpuBefore);
    // The CPU of the 0.5 s warm-up counts too, so the figure per run is a little high.
    const sqlite = { runsPerSecond: measured.runs / measured.seconds, cpuMsPerRun: (cpu.user + cpu.system) / 1000 / measured.runs };
    const runs = Math.max(100, Math.round(40 * seconds));
    const figures = new Map<number, PostgresEngineFigures>();
    for (const workers of workerCounts) figures.set(workers, await measurePostgresEngine(server.url, `bench_engine_${workers}`, workers, runs));
    printEngine(sqlite, figures, runs);
    await benchPostgresWebhooks(server.url, seconds);
  } finally {
    server.stop();
  }
  console.log(`  load average at the end: ${load()} (other work on this machine weighs on every figure); section took ${format((performance.now() - began) / 1000)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPostgres(Number(process.env.BENCH_SECONDS ?? 3));
