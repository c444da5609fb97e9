import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PostgresDatabase, SqliteDatabase, type SqlDatabase } from '../../runtime/store/index.js';
import { workflow } from './definitions.js';
import type { StoreEngine } from './engine-harness.js';
import { freshPostgresDatabase } from './postgres.js';
import { tempDir } from './temp-dir.js';

/** What a crash scenario observed. */
export interface CrashReport {
  readonly kills: number;
  readonly restarts: number;
  readonly runs: { id: string; status: string; seq: number; big: boolean }[];
  /** Every Idempotency-Key the recorder saw, with how many requests carried it. */
  readonly effects: Map<string, number>;
  /** Requests that came without an Idempotency-Key. */
  readonly unkeyed: number;
}

/**
 * A workflow with three side-effecting HTTP steps, one of them only on some branches: charge,
 * then (for big orders) ship, then notify; `notify` merges both branches.
 */
export const crashWorkflow = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'charge', type: 'connector.http', config: { method: 'POST', url: { cat: [{ var: 'params.baseUrl' }, '/charge'] }, bodyType: 'json', body: { var: 'input' } } },
    { id: 'big', type: 'logic.condition', config: { rule: { var: 'nodes.start.big' } } },
    { id: 'ship', type: 'connector.http', config: { method: 'POST', url: { cat: [{ var: 'params.baseUrl' }, '/ship'] }, bodyType: 'json', body: { var: 'nodes.start' } } },
    { id: 'notify', type: 'connector.http', config: { method: 'POST', url: { cat: [{ var: 'params.baseUrl' }, '/notify'] }, bodyType: 'json', body: { var: 'nodes.start' } } },
  ],
  [
    ['start', 'out', 'charge'],
    ['charge', 'out', 'big'],
    ['big', 'true', 'ship'],
    ['ship', 'out', 'notify'],
    ['big', 'false', 'notify'],
  ],
  { params: [{ name: 'baseUrl', type: 'string', required: true }] },
);

/**
 * Runs `runs` workflow runs in a separate engine process, killing it with SIGKILL at random
 * moments `kills` times (restarting it each time), then lets it finish. A recorder server on
 * 127.0.0.1 counts effects by Idempotency-Key, answering after a random short delay so kills land
 * before, during and after requests.
 */
export async function runCrashScenario(options: { runs: number; kills: number; root: string; engine?: StoreEngine }): Promise<CrashReport> {
  const dir = tempDir('flowgate-crash-');
  const effects = new Map<string, number>();
  let unkeyed = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const key = request.headers['idempotency-key'];
      if (typeof key === 'string') effects.set(`${key}@${request.url ?? ''}`, (effects.get(`${key}@${request.url ?? ''}`) ?? 0) + 1);
      else unkeyed++;
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"ok":true}');
      }, 3 + Math.floor(Math.random() * 20));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const database = options.engine === 'postgres' ? await freshPostgresDatabase() : join(dir.path, 'crash.db');
  const workflowPath = join(dir.path, 'workflow.json');
  writeFileSync(workflowPath, JSON.stringify(crashWorkflow));
  let kills = 0;
  let restarts = 0;
  try {
    for (;;) {
      const killThis = kills < options.kills;
      const exit = await runWorker(options.root, [database, workflowPath, baseUrl, String(options.runs)], killThis ? 5 + Math.random() * 120 : undefined);
      restarts++;
      if (exit === 'killed') kills++;
      else if (exit === 0) break;
      else throw new Error(`the engine process exited with ${exit}`);
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
  const db = openReader(database);
  const runs = (await db.all<{ id: string; status: string; input: string }>('SELECT id, status, input FROM runs')).map((row) => {
    const input = JSON.parse(row.input) as { seq: number; big: boolean };
    return { id: row.id, status: row.status, seq: input.seq, big: input.big };
  });
  await db.close();
  dir.remove();
  return { kills, restarts, runs, effects, unkeyed };
}

/** What a graceful stop left behind. */
export interface GracefulReport {
  readonly exitCode: number | null;
  /** Steps still marked running right after the process stopped. */
  readonly runningSteps: number;
  /** Runs left unfinished by the stop (to be resumed). */
  readonly unfinishedRuns: number;
  readonly finalStatuses: string[];
  readonly effects: Map<string, number>;
}

/**
 * Sends SIGTERM to an engine process in the middle of its runs, inspects what it left, then runs a
 * new process to finish them.
 */
export async function runGracefulScenario(options: { runs: number; root: string }): Promise<GracefulReport> {
  const dir = tempDir('flowgate-term-');
  const effects = new Map<string, number>();
  // SIGTERM lands while a run is in its first step (a charge in flight after a few effects), so
  // whatever the machine's speed the stop leaves that run unfinished with its step recorded.
  let terminate: (() => void) | undefined;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const key = `${String(request.headers['idempotency-key'])}@${request.url ?? ''}`;
      effects.set(key, (effects.get(key) ?? 0) + 1);
      if (request.url === '/charge' && effects.size >= 3) terminate?.();
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 40);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dbPath = join(dir.path, 'term.db');
  const workflowPath = join(dir.path, 'workflow.json');
  writeFileSync(workflowPath, JSON.stringify(crashWorkflow));
  const args = [dbPath, workflowPath, baseUrl, String(options.runs)];
  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [join(options.root, 'test/support/crash-worker.mjs'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
      terminate = () => {
        terminate = undefined;
        child.kill('SIGTERM');
      };
      child.on('error', reject);
      child.on('exit', (code) => resolve(code));
    });
    const db = new Database(dbPath, { readonly: true });
    const runningSteps = db.prepare("SELECT count(*) FROM steps WHERE status = 'running'").pluck().get() as number;
    const unfinishedRuns = db.prepare("SELECT count(*) FROM runs WHERE status NOT IN ('succeeded', 'failed', 'cancelled')").pluck().get() as number;
    db.close();
    const finished = await runWorker(options.root, args, undefined);
    if (finished !== 0) throw new Error('the restarted engine process did not finish');
    const after = new Database(dbPath, { readonly: true });
    const finalStatuses = after.prepare('SELECT status FROM runs').pluck().all() as string[];
    after.close();
    return { exitCode, runningSteps, unfinishedRuns, finalStatuses, effects };
  } finally {
    server.closeAllConnections();
    server.close();
    dir.remove();
  }
}

/** Reads the crash worker's database: a SQLite file (read-only) or a postgres:// URL. */
function openReader(database: string): SqlDatabase {
  return /^postgres(ql)?:/.test(database) ? new PostgresDatabase(database) : new SqliteDatabase(new Database(database, { readonly: true }));
}

/**
 * Runs the worker (with `env` added to its environment); kills it with SIGKILL `killAfterMs` after
 * it reports ready, if given.
 */
export function runWorker(root: string, args: string[], killAfterMs: number | undefined, env: Record<string, string> = {}): Promise<number | 'killed'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'test/support/crash-worker.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (killAfterMs !== undefined && chunk.toString().includes('ready')) {
        setTimeout(() => {
          killed = child.kill('SIGKILL');
        }, killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (killed) resolve('killed');
      else if (code === 0) resolve(0);
      else reject(new Error(`the engine process exited with ${code}: ${stderr}`));
    });
  });
}
