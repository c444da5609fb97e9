import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SqliteDatabase, openDatabase, runMigrations } from '../runtime/store/index.js';
import { serverMigrations } from '../server/db/server-migrations.js';
import type { FinishedRun } from '../server/events/finished-run.js';
import { approvalQueue } from '../server/insights/approval-queue.js';
import { exceptionCounts } from '../server/insights/exception-volumes.js';
import { InsightsService, type InsightsRequest } from '../server/insights/insights-service.js';
import { RunFigures } from '../server/insights/run-figures.js';
import { runRollupWriter } from '../server/insights/run-rollups.js';
import { DAY_MS, HOUR_MS } from '../server/insights/time-buckets.js';
import { TenantService } from '../server/services/tenants.js';
import { format, quantile, verdict } from './stats.js';

/** Finished runs in the store, ending over the last {@link DAYS} days. */
const RUNS = Number(process.env.INSIGHTS_BENCH_RUNS ?? 1_000_000);
const EXCEPTIONS = 100_000;
const OPEN_TASKS = 2_000;
const DAYS = 90;
const CUSTOMERS = 20;
const WORKFLOWS_PER_CUSTOMER = 10;
const BATCH = 10_000;
const REPETITIONS = 30;
const BUDGET_MS = 200;
const CATEGORIES = ['payment-mismatch', 'out-of-stock', 'address-invalid', 'duplicate-order', 'late-shipment', 'credit-limit', 'run-failed', 'price-mismatch'];
const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
const STATES = ['open', 'assigned', 'in_progress', 'resolved', 'dismissed'] as const;

/** A deterministic pseudo-random sequence (mulberry32), so every bench run seeds the same store. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface BenchWorkflow {
  readonly tenantId: string;
  readonly workflowId: string;
  readonly hash: string;
  /** Median duration in ms; durations spread log-normally around it. */
  readonly medianMs: number;
  readonly slaMinutes: number | null;
}

/** A partner, its customers and their workflows (half of them under an SLA, some waiting for approvals). */
async function seedWorkspaces(db: Database.Database, next: () => number, now: number): Promise<{ partnerId: string; customerIds: string[]; workflows: BenchWorkflow[] }> {
  const tenants = new TenantService(new SqliteDatabase(db));
  const partner = await tenants.createPartner('Bench Partner', 'bench-partner');
  const customerIds: string[] = [];
  for (let index = 0; index < CUSTOMERS; index++) customerIds.push((await tenants.createCustomer(partner.id, `Customer ${index + 1}`, `customer-${index + 1}`)).id);
  const insertWorkflow = db.prepare(
    "INSERT INTO workflows (id, tenant_id, name, draft, revision, active_version, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, '{}', 1, 1, 'bench', ?, 'bench', ?)",
  );
  const insertDefinition = db.prepare('INSERT INTO definitions (hash, body, created_at) VALUES (?, ?, ?)');
  const workflows: BenchWorkflow[] = [];
  for (const tenantId of customerIds) {
    for (let index = 0; index < WORKFLOWS_PER_CUSTOMER; index++) {
      const workflowId = `${tenantId}-wf-${index}`;
      const slaMinutes = index % 2 === 0 ? [15, 30, 60, 240][index % 4] ?? 30 : null;
      const nodes = ['start', 'fetch', 'transform', 'approve', 'post'].map((id) => ({ id, name: `Step ${id}` }));
      insertWorkflow.run(workflowId, tenantId, `Workflow ${index + 1}`, now, now);
      insertDefinition.run(workflowId, JSON.stringify({ name: `Workflow ${index + 1}`, settings: { slaMinutes }, nodes }), now);
      // Some workflows are quick syncs (seconds), some wait for people (many minutes).
      const medianMs = index % 3 === 0 ? 20 * 60_000 * (0.5 + next()) : 3_000 * (0.5 + next() * 4);
      workflows.push({ tenantId, workflowId, hash: workflowId, medianMs, slaMinutes });
    }
  }
  return { partnerId: partner.id, customerIds, workflows };
}

/**
 * Writes {@link RUNS} finished runs (88 % succeeded, 8 % failed at one of four nodes, 4 % cancelled;
 * log-normal durations; 6 % with a retried step, most of which then succeeded) in transactions of
 * {@link BATCH}, each through the live path's rollup writer.
 */
async function seedRuns(sql: SqliteDatabase, next: () => number, workflows: readonly BenchWorkflow[], now: number): Promise<void> {
  const db = sql.connection;
  const write = runRollupWriter(sql);
  const insertRun = db.prepare(
    `INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, definition_hash, trigger_node_id, status, input, params, trigger_info, error, step_count, created_at, started_at, finished_at, updated_at)
     VALUES (?, ?, ?, 1, ?, 'start', ?, '{}', '{}', '{"type":"webhook"}', ?, 5, ?, ?, ?, ?)`,
  );
  const insertStep = db.prepare("INSERT INTO steps (run_id, node_id, iteration, seq, status, attempt, ports) VALUES (?, 'fetch', '0', 1, ?, ?, '[]')");
  const failingNodes = ['fetch', 'transform', 'approve', 'post'];
  const batch = (from: number, to: number) =>
    sql.transaction(async () => {
      for (let n = from; n < to; n++) {
        const flow = workflows[Math.floor(next() * workflows.length)] as BenchWorkflow;
        const roll = next();
        const status = roll < 0.88 ? 'succeeded' : roll < 0.96 ? 'failed' : 'cancelled';
        // Box–Muller: a normal deviate for a log-normal duration around the workflow's median.
        const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
        const durationMs = Math.round(flow.medianMs * Math.exp(0.8 * normal));
        // Runs end in time order (as they do), a few seconds apart, so the indexes grow at their ends.
        const finishedAt = now - DAYS * DAY_MS + Math.floor(((n + next()) / RUNS) * DAYS * DAY_MS);
        const createdAt = finishedAt - durationMs;
        const runId = `run-${n.toString().padStart(8, '0')}`;
        const failedAt = failingNodes[Math.floor(next() * failingNodes.length)] ?? 'fetch';
        const error = status === 'failed' ? { code: 'HTTP_500', message: 'the remote side failed', nodeId: failedAt, nodeName: failedAt } : null;
        insertRun.run(runId, flow.tenantId, flow.workflowId, flow.hash, status, error && JSON.stringify(error), createdAt, createdAt, finishedAt, finishedAt);
        if (next() < 0.06) insertStep.run(runId, next() < 0.8 ? 'succeeded' : 'failed', 2 + Math.floor(next() * 2));
        const run: FinishedRun = {
          runId,
          tenantId: flow.tenantId,
          workflowId: flow.workflowId,
          workflowVersion: 1,
          workflowName: flow.workflowId,
          status,
          trigger: 'webhook',
          createdAt,
          finishedAt,
          durationMs,
          slaMinutes: flow.slaMinutes,
          slaBreached: flow.slaMinutes !== null && durationMs > flow.slaMinutes * 60_000,
          error,
          secondary: false,
        };
        await write(run);
      }
    });
  for (let from = 0; from < RUNS; from += BATCH) await batch(from, Math.min(RUNS, from + BATCH));
}

/** {@link EXCEPTIONS} exceptions over the range, and {@link OPEN_TASKS} approval tasks waiting on runs that wait. */
function seedExceptionsAndTasks(db: Database.Database, next: () => number, workflows: readonly BenchWorkflow[], now: number): void {
  const insertException = db.prepare(
    `INSERT INTO exceptions (id, tenant_id, number, origin, category, severity, title, details, context, state, workflow_id, created_at, updated_at)
     VALUES (?, ?, ?, 'workflow', ?, ?, 'Something to look at', '', '{}', ?, ?, ?, ?)`,
  );
  const insertRun = db.prepare(
    `INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, definition_hash, trigger_node_id, status, input, params, created_at, updated_at)
     VALUES (?, ?, ?, 1, ?, 'start', 'waiting', '{}', '{}', ?, ?)`,
  );
  const insertTask = db.prepare(
    `INSERT INTO tasks (id, tenant_id, run_id, node_id, iteration, status, title, instructions, fields, policy, due_at, on_due, created_at)
     VALUES (?, ?, ?, 'approve', '0', 'open', 'Release the order', '', '{}', '{}', ?, 'escalate', ?)`,
  );
  const numbers = new Map<string, number>();
  db.transaction(() => {
    for (let n = 0; n < EXCEPTIONS; n++) {
      const flow = workflows[Math.floor(next() * workflows.length)] as BenchWorkflow;
      const number = (numbers.get(flow.tenantId) ?? 0) + 1;
      numbers.set(flow.tenantId, number);
      const createdAt = now - Math.floor(next() * DAYS * DAY_MS);
      const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)] as T;
      insertException.run(`exc-${n}`, flow.tenantId, number, pick(CATEGORIES), pick(SEVERITIES), pick(STATES), next() < 0.9 ? flow.workflowId : null, createdAt, createdAt);
    }
    for (let n = 0; n < OPEN_TASKS; n++) {
      const flow = workflows[Math.floor(next() * workflows.length)] as BenchWorkflow;
      const createdAt = now - Math.floor(next() * 5 * DAY_MS);
      insertRun.run(`waiting-${n}`, flow.tenantId, flow.workflowId, flow.hash, createdAt, createdAt);
      insertTask.run(`task-${n}`, flow.tenantId, `waiting-${n}`, next() < 0.5 ? createdAt + DAY_MS : null, createdAt);
    }
  })();
}

/** p50 and p95 in ms of {@link REPETITIONS} calls of `work`. */
async function timed(work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let index = 0; index < REPETITIONS; index++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}

/**
 * The Insights dashboard over a real SQLite file with {@link RUNS} finished runs of 20 customers of
 * one partner (10 workflows each) over 90 days, their rollups built by the live writer, 100,000
 * exceptions and 2,000 waiting approval tasks: p50/p95 of each section's query for one workspace
 * and for the partner across its customers. Budget: p95 < 200 ms each.
 */
export async function benchInsights(): Promise<void> {
  console.log(`\nInsights: ${format(RUNS)} finished runs over ${DAYS} days (${CUSTOMERS} customers × ${WORKFLOWS_PER_CUSTOMER} workflows), ${format(EXCEPTIONS)} exceptions, ${format(OPEN_TASKS)} open tasks`);
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-insights-bench-'));
  try {
    const db = openDatabase(join(dir, 'flowgate.db'), { synchronous: 'NORMAL' });
    db.pragma('cache_size = -262144');
    // A throwaway file: no journal and no syncing while seeding (not the server's settings).
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    runMigrations(db, serverMigrations);
    const now = Date.now();
    const next = random(14);
    const seeding = performance.now();
    const { partnerId, customerIds, workflows } = await seedWorkspaces(db, next, now);
    const sql = new SqliteDatabase(db);
    await seedRuns(sql, next, workflows, now);
    seedExceptionsAndTasks(db, next, workflows, now);
    db.exec('ANALYZE');
    console.log(`  seeded in ${format((performance.now() - seeding) / 1000, 1)} s (runs and their rollups through the live writer, ${format(BATCH)} a transaction)`);

    const figures = new RunFigures(sql);
    const service = new InsightsService(sql, () => now);
    const oneCustomer = customerIds[0] ?? '';
    const scenarios: { label: string; request: InsightsRequest }[] = [
      { label: 'one workspace, 90 days by day', request: { tenantIds: [oneCustomer], workflowId: undefined, from: now - DAYS * DAY_MS, to: now, bucket: 'day' } },
      { label: 'one workspace, 14 days by hour', request: { tenantIds: [oneCustomer], workflowId: undefined, from: now - 14 * DAY_MS, to: now, bucket: 'hour' } },
      { label: 'partner + 20 customers, 90 days by day', request: { tenantIds: [partnerId, ...customerIds], workflowId: undefined, from: now - DAYS * DAY_MS, to: now, bucket: 'day' } },
      { label: 'partner + 20 customers, 14 days by hour', request: { tenantIds: [partnerId, ...customerIds], workflowId: undefined, from: now - 14 * DAY_MS, to: now, bucket: 'hour' } },
    ];
    let worst = 0;
    for (const { label, request } of scenarios) {
      const bucketMs = request.bucket === 'hour' ? HOUR_MS : DAY_MS;
      const sections: [string, () => Promise<unknown>][] = [
        ['runs over time', () => figures.overTime(request, bucketMs)],
        ['totals by workflow (workspaces, SLA, retries)', () => figures.byWorkflow(request)],
        ['SLA breaches (newest 100)', () => figures.breaches(request)],
        ['durations p50/p95', () => figures.durations(request)],
        ['failures by node', () => figures.failuresByNode(request)],
        ['exception volumes', () => exceptionCounts(sql, request)],
        ['approval queue', () => approvalQueue(sql, request.tenantIds, undefined, now)],
        ['the whole dashboard', () => service.insights(request)],
      ];
      console.log(`  ${label}`);
      console.log(`    ${'query'.padEnd(48)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  budget`);
      for (const [section, work] of sections) {
        const { p50, p95 } = await timed(work);
        worst = Math.max(worst, p95);
        console.log(`    ${section.padEnd(48)} ${format(p50, 1).padStart(8)} ${format(p95, 1).padStart(8)}  ${format(BUDGET_MS / p95, 1)}× under  ${verdict(p95 < BUDGET_MS)}`);
      }
    }
    console.log(`  worst p95: ${format(worst, 1)} ms   budget < ${BUDGET_MS} ms  ${verdict(worst < BUDGET_MS)}`);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await benchInsights();
