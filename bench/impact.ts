import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeImplementations } from '../nodes/index.js';
import { Engine } from '../runtime/engine/index.js';
import { DryRun } from '../runtime/preview/index.js';
import { SqliteRunStore } from '../runtime/store/index.js';
import { ImpactReportBuilder } from '../server/routes/impact-report.js';
import { format, quantile, verdict } from './stats.js';

const RUNS = 500;
const ROUNDS = 5;

interface Definition {
  params: { name: string; default?: unknown }[];
  nodes: { id: string; config: Record<string, unknown> }[];
}

const baseline = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/order-triage-10.json'), 'utf8')) as Definition;

/** The fixture with a higher review threshold and one more field in the final transform. */
function changed(): Definition {
  const definition = structuredClone(baseline);
  for (const param of definition.params) if (param.name === 'reviewThreshold') param.default = 700;
  const final = definition.nodes.find((node) => node.id === 'final');
  if (final) final.config = { ...final.config, fields: { ...(final.config.fields as Record<string, unknown>), checkedBy: 'v2' } };
  return definition;
}

/** Records `RUNS` runs of the fixture as version 1 of workflow `wf`, with totals either side of the threshold. */
async function recordRuns(store: SqliteRunStore): Promise<void> {
  const engine = new Engine({ store, nodes: nodeImplementations });
  const runs: Promise<unknown>[] = [];
  for (let index = 0; index < RUNS; index++) {
    const input = { id: `SO-${index}`, subtotal: (index * 7) % 1000, shipping: 12.5, country: ['DE', 'US', 'JP'][index % 3], lines: [{ sku: 'A-1', qty: 1 + (index % 4) }] };
    runs.push(engine.execute({ definition: baseline, input, tenantId: 'bench', workflowId: 'wf', workflowVersion: 1 }));
    if (runs.length === 50) await Promise.all(runs.splice(0));
  }
  await Promise.all(runs);
  await engine.shutdown();
}

/**
 * One preview as the server makes it, minus HTTP: the store's newest finished runs of the
 * version, each read with its steps and replayed dry, and the answer built from the impacts.
 */
async function preview(store: SqliteRunStore, pending: Definition): Promise<{ ms: number; listed: number }> {
  const started = performance.now();
  const dryRun = new DryRun({ nodes: nodeImplementations, pending: { definition: pending, version: 2 }, baseline: { definition: baseline, version: 1 } });
  const report = new ImpactReportBuilder('bench');
  const ids = await store.listFinishedRunIds({ tenantId: 'bench', workflowId: 'wf', workflowVersion: 1, limit: RUNS });
  let previewed = 0;
  for (const id of ids) {
    const run = await store.getRun(id);
    if (!run) continue;
    const impact = await dryRun.replay({ run, steps: await store.listSteps(id) }, () => false);
    if (!impact) break;
    report.add(impact);
    previewed++;
  }
  await dryRun.close();
  const answer = report.answer({ version: 2, baselineVersion: 1, sampled: ids.length, previewed });
  if (previewed !== RUNS) throw new Error(`previewed ${previewed} of ${RUNS} runs`);
  return { ms: performance.now() - started, listed: answer.runs.length };
}

/** Prints the impact-preview benchmark. */
export async function benchImpact(): Promise<void> {
  console.log(`\nImpact preview: ${RUNS} recorded runs of the 10-node workflow replayed dry through another version`);
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-bench-'));
  const store = SqliteRunStore.open(join(dir, 'bench.db'));
  await recordRuns(store);
  for (const [label, pending] of [
    ['unchanged version', baseline],
    ['higher threshold, one more output field', changed()],
  ] as const) {
    await preview(store, pending);
    const times: number[] = [];
    let listed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const result = await preview(store, pending);
      times.push(result.ms);
      listed = result.listed;
    }
    const median = quantile(times, 0.5);
    console.log(
      `  ${label.padEnd(40)}: median ${format(median)} ms (${format((median * 1000) / RUNS)} µs per run; range ${format(Math.min(...times))}–${format(Math.max(...times))} ms), ${format(listed)} runs differ`,
    );
    console.log(`    target < 2 s for ${RUNS} runs: ${verdict(median < 2000)}`);
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
