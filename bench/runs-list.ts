import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, SqliteRunStore, SqliteDatabase } from '../runtime/store/index.js';
import { RunListService, type RunListFilter } from '../server/services/run-list.js';
import { format, quantile, verdict } from './stats.js';

/** Runs in the store. */
const RUNS = 1_000_000;
/** A partner and its customers; the first customer holds half of all runs. */
const CUSTOMERS = 19;
const WORKFLOWS_PER_TENANT = 50;
const PAGE = 50;
/** Pages timed per scenario: first pages, then pages deep in the list (after `DEEP_AFTER` pages). */
const SAMPLES = 30;
const DEEP_AFTER = 40;
const TARGET_P95_MS = 100;
const DAY_MS = 86_400_000;

/**
 * Fills the run store with {@link RUNS} runs in one INSERT … SELECT over a recursive sequence:
 * 20 workspaces (one holding half), 50 workflows each, 85 % succeeded, 8 % failed, 3 % waiting,
 * 2 % running, 2 % cancelled; started by webhooks (60 %), schedules (25 %), hand (10 %) and tests
 * (5 %), over the last 90 days.
 */
function fill(file: string, now: number): void {
  const db = openDatabase(file, { synchronous: 'NORMAL' });
  new SqliteRunStore(new SqliteDatabase(db)); // migrates the schema, indexes included
  db.prepare('INSERT INTO definitions (hash, body, created_at) VALUES (?, ?, ?)').run('bench', '{"schemaVersion":1,"name":"bench","params":[],"nodes":[],"edges":[]}', now);
  db.exec(`
    WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ${RUNS - 1})
    INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, definition_hash, trigger_node_id, status, input, params,
      trigger_info, step_count, created_at, started_at, finished_at, updated_at)
    SELECT printf('run-%08d', n),
      CASE WHEN n % 20 = 0 THEN 'partner' WHEN n % 2 = 0 THEN 'customer-1' ELSE 'customer-' || (2 + n % ${CUSTOMERS - 1}) END,
      'wf-' || (n * 7 % ${WORKFLOWS_PER_TENANT}), 1 + n % 3, 'bench', 'start',
      CASE WHEN n % 100 < 85 THEN 'succeeded' WHEN n % 100 < 93 THEN 'failed' WHEN n % 100 < 96 THEN 'waiting' WHEN n % 100 < 98 THEN 'running' ELSE 'cancelled' END,
      '{"orderId":"SO-' || n || '"}', '{}',
      json_object('type', CASE WHEN n % 20 < 12 THEN 'webhook' WHEN n % 20 < 17 THEN 'schedule' WHEN n % 20 < 19 THEN 'manual' ELSE 'test' END),
      5, ${now} - (${RUNS} - n) * ${Math.floor((90 * DAY_MS) / RUNS)}, ${now} - (${RUNS} - n) * ${Math.floor((90 * DAY_MS) / RUNS)}, NULL, ${now}
    FROM seq;
  `);
  db.exec('ANALYZE');
  db.close();
}

/** Milliseconds each call of `work` took. */
async function timed(times: number, work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < times; index++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** The list's cursor `pages` pages in. */
async function cursorAfter(list: RunListService, tenants: string[], filter: Omit<RunListFilter, 'limit'>, pages: number): Promise<RunListFilter['after']> {
  let after: RunListFilter['after'];
  for (let page = 0; page < pages; page++) {
    const runs = await list.list(tenants, { ...filter, after, limit: PAGE });
    const last = runs.at(-1);
    if (!last) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  return after;
}

/**
 * The runs list with {@link RUNS} runs in the store, as the API's list route reads it (the
 * RunListService over the SQLite store): p50/p95 of first pages and of pages deep in the list per
 * filter, a partner's list across its customers, and the status counts. Target: p95 < 100 ms.
 */
export async function benchRunsList(): Promise<void> {
  console.log(`\nRuns list: ${format(RUNS)} runs in the store, pages of ${PAGE}`);
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-runs-bench-'));
  try {
    const file = join(dir, 'runs.db');
    const now = Date.now();
    const filling = performance.now();
    fill(file, now);
    console.log(`  generated in ${format((performance.now() - filling) / 1000, 1)} s (one INSERT … SELECT, indexes in place)`);
    const store = SqliteRunStore.open(file);
    const list = new RunListService(store);
    const big = ['customer-1'];
    const everyone = ['partner', ...Array.from({ length: CUSTOMERS }, (_, index) => `customer-${index + 1}`)];
    const week = { from: now - 14 * DAY_MS, to: now - 7 * DAY_MS };
    const scenarios: { label: string; tenants: string[]; filter: Omit<RunListFilter, 'limit'> }[] = [
      { label: 'no filter (the workspace with 500,000 runs)', tenants: big, filter: {} },
      { label: 'status failed', tenants: big, filter: { status: 'failed' } },
      { label: 'workflow', tenants: big, filter: { workflowId: 'wf-14' } },
      { label: 'workflow + status failed', tenants: big, filter: { workflowId: 'wf-14', status: 'failed' } },
      { label: 'workflow + version', tenants: big, filter: { workflowId: 'wf-14', workflowVersion: 2 } },
      { label: 'trigger kind: schedule', tenants: big, filter: { triggerType: 'schedule' } },
      { label: 'time range: one week, two weeks ago', tenants: big, filter: week },
      { label: "a partner's list across its 19 customers", tenants: everyone, filter: {} },
      { label: '… filtered to failures', tenants: everyone, filter: { status: 'failed' } },
    ];
    let worst = 0;
    for (const scenario of scenarios) {
      const first = await timed(SAMPLES, () => list.list(scenario.tenants, { ...scenario.filter, limit: PAGE }));
      const after = await cursorAfter(list, scenario.tenants, scenario.filter, DEEP_AFTER);
      const deep = await timed(SAMPLES, () => list.list(scenario.tenants, { ...scenario.filter, after, limit: PAGE }));
      const p95 = Math.max(quantile(first, 0.95), quantile(deep, 0.95));
      worst = Math.max(worst, p95);
      console.log(
        `  ${scenario.label}: first page p50 ${format(quantile(first, 0.5), 1)} / p95 ${format(quantile(first, 0.95), 1)} ms, page ${DEEP_AFTER + 1} p50 ${format(quantile(deep, 0.5), 1)} / p95 ${format(quantile(deep, 0.95), 1)} ms   ${format(TARGET_P95_MS / p95, 1)}× under the target  ${verdict(p95 < TARGET_P95_MS)}`,
      );
    }
    const counts = await timed(10, () => list.countByStatus(big, {}));
    const partnerCounts = await timed(5, () => list.countByStatus(everyone, {}));
    console.log(`  status counts (each capped at 10,000): one workspace p95 ${format(quantile(counts, 0.95), 1)} ms, a partner with its customers p95 ${format(quantile(partnerCounts, 0.95), 1)} ms`);
    console.log(`  worst page p95: ${format(worst, 1)} ms   target < ${TARGET_P95_MS} ms  ${verdict(worst < TARGET_P95_MS)}`);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
