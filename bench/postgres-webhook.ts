/**
 * Webhook requests/s on PostgreSQL with worker processes: one `flowgate start --role api` process
 * takes webhook requests (answering 202 once the run and its job are committed) and K
 * `flowgate worker` processes execute the runs, all on one database; beside it one
 * `flowgate start` process on SQLite doing both. The CLI runs from the sources (through tsx), so no
 * build is needed. A bounded load (a fixed number of requests at fixed concurrency) is fired at
 * each; the figures are the 202s per second and the runs finished per second until the last ended.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freshDatabase } from './fresh-database.js';
import { format } from './stats.js';

const root = join(import.meta.dirname, '..');
const CONNECTIONS = 32;
const workerCounts = [1, 2, 4] as const;

/** What one bounded load found. */
interface WebhookFigures {
  /** 202 answers per second while the load ran. */
  readonly acceptedPerSecond: number;
  /** Runs finished per second, from the first request to the end of the last run. */
  readonly finishedPerSecond: number;
  /** Answers other than 202, errors and timeouts. */
  readonly failures: number;
}

/** A Flowgate process of the benchmark and everything it printed. */
interface BenchProcess {
  readonly child: ChildProcess;
  output(): string;
}

function environment(settings: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^(FLOWGATE_|PORT$|HOST$|LOG_LEVEL$)/.test(name)) inherited[name] = value;
  return { ...inherited, LOG_LEVEL: 'warn', ...settings };
}

/** Runs `flowgate <args>` from the sources and resolves once its output matches `ready`. */
async function startFlowgate(args: readonly string[], settings: NodeJS.ProcessEnv, ready: RegExp): Promise<BenchProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/cli/flowgate.ts'), ...args], {
    cwd: root,
    env: environment(settings),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!ready.test(output)) {
    if (child.exitCode !== null) throw new Error(`flowgate ${args.join(' ')} exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`flowgate ${args.join(' ')} was not ready within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, output: () => output };
}

async function stopAll(processes: readonly BenchProcess[]): Promise<void> {
  await Promise.all(
    processes.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => (clearTimeout(timer), resolve()));
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Creates and activates the benchmark's webhook workflow in the installation (bench/postgres-webhook-setup.ts). */
function setUp(dataDir: string, settings: NodeJS.ProcessEnv): Promise<{ path: string; token: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'postgres-webhook-setup.ts'), dataDir], {
      env: environment(settings),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as { path: string; token: string }) : reject(new Error(`the webhook setup exited ${code}: ${output}`))));
  });
}

/**
 * Fires `requests` webhook requests with {@link CONNECTIONS} at once at `url`, then waits (at most
 * two minutes) until `finishedRuns()` counts that many finished runs.
 */
async function fire(url: string, token: string, requests: number, finishedRuns: () => Promise<number>): Promise<WebhookFigures> {
  const begin = performance.now();
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-flowgate-token': token },
    body: JSON.stringify({ id: 'SO-1001', subtotal: 640, shipping: 12.5, lines: [{ sku: 'A-1', qty: 2 }] }),
    connections: CONNECTIONS,
    amount: requests,
  });
  const loadSeconds = (performance.now() - begin) / 1000;
  const accepted = result.statusCodeStats?.['202']?.count ?? 0;
  const deadline = performance.now() + 120_000;
  while ((await finishedRuns()) < accepted) {
    if (performance.now() > deadline) throw new Error(`only ${await finishedRuns()} of ${accepted} webhook runs finished within two minutes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const allSeconds = (performance.now() - begin) / 1000;
  return { acceptedPerSecond: accepted / loadSeconds, finishedPerSecond: accepted / allSeconds, failures: requests - accepted + result.errors + result.timeouts };
}

const FINISHED = "SELECT COUNT(*) AS n FROM runs WHERE status IN ('succeeded', 'failed', 'cancelled')";

async function measureSqlite(requests: number): Promise<WebhookFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowgate-bench-hooks-'));
  const processes: BenchProcess[] = [];
  try {
    const { path, token } = await setUp(dataDir, {});
    const server = await startFlowgate(['start', '--port', '0', '--data', dataDir, '--no-demo'], {}, /^API reference: /m);
    processes.push(server);
    const base = /Flowgate is running at (http:\/\/\S+)/.exec(server.output())?.[1] ?? '';
    const db = new Database(join(dataDir, 'flowgate.db'), { readonly: true });
    try {
      return await fire(`${base}${path}`, token, requests, () => Promise.resolve((db.prepare(FINISHED).get() as { n: number }).n));
    } finally {
      db.close();
    }
  } finally {
    await stopAll(processes);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measurePostgres(serverUrl: string, workers: number, requests: number): Promise<WebhookFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowgate-bench-hooks-'));
  const url = await freshDatabase(serverUrl, `bench_hooks_${workers}`);
  const settings = { FLOWGATE_DATABASE_URL: url };
  const processes: BenchProcess[] = [];
  const client = new pg.Client({ connectionString: url });
  try {
    const { path, token } = await setUp(dataDir, settings);
    const api = await startFlowgate(['start', '--role', 'api', '--port', '0', '--data', dataDir, '--no-demo'], settings, /^API reference: /m);
    processes.push(api);
    const base = /Flowgate is running at (http:\/\/\S+)/.exec(api.output())?.[1] ?? '';
    const started = await Promise.allSettled(Array.from({ length: workers }, () => startFlowgate(['worker', '--data', dataDir], settings, /Flowgate worker ready/)));
    for (const outcome of started) if (outcome.status === 'fulfilled') processes.push(outcome.value);
    const refused = started.find((outcome) => outcome.status === 'rejected');
    if (refused) throw refused.reason;
    await client.connect();
    return await fire(`${base}${path}`, token, requests, async () => Number((await client.query<{ n: string }>(FINISHED)).rows[0]?.n ?? 0));
  } finally {
    await client.end().catch(() => undefined);
    await stopAll(processes);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Prints the webhook table: SQLite in one process beside PostgreSQL with 1, 2 and 4 worker processes. */
export async function benchPostgresWebhooks(serverUrl: string, seconds: number): Promise<void> {
  const requests = Math.max(100, Math.round(100 * seconds));
  console.log(`  Webhooks: bench/webhook.ts workflow answering 202 at once, ${format(requests)} requests, ${CONNECTIONS} connections; PostgreSQL: 1 API process + K workers`);
  const sqlite = await measureSqlite(requests);
  const figures: WebhookFigures[] = [];
  for (const workers of workerCounts) figures.push(await measurePostgres(serverUrl, workers, requests));
  const cell = (value: number) => format(value).padStart(10);
  const columns = [sqlite, ...figures];
  console.log(`  ${''.padEnd(34)} ${'SQLite'.padStart(10)} ${'PostgreSQL, worker processes'.padStart(32)}`);
  console.log(`  ${''.padEnd(34)} ${'1 process'.padStart(10)} ${workerCounts.map((workers) => String(workers).padStart(10)).join(' ')}`);
  console.log(`  ${'webhook requests/s (202)'.padEnd(34)} ${columns.map((column) => cell(column.acceptedPerSecond)).join(' ')}`);
  console.log(`  ${'runs finished/s (to the last run)'.padEnd(34)} ${columns.map((column) => cell(column.finishedPerSecond)).join(' ')}`);
  const failures = columns.reduce((sum, column) => sum + column.failures, 0);
  if (failures > 0) console.log(`  ${format(failures)} requests were not answered 202`);
  const [one, , four] = figures as [WebhookFigures, WebhookFigures, WebhookFigures];
  console.log(
    `  ratio runs finished/s PostgreSQL 4 workers / 1 worker: ${format(four.finishedPerSecond / one.finishedPerSecond, 2)}x;` +
      ` PostgreSQL 1 worker / SQLite: requests ${format(one.acceptedPerSecond / sqlite.acceptedPerSecond, 2)}x, runs ${format(one.finishedPerSecond / sqlite.finishedPerSecond, 2)}x`,
  );
}
