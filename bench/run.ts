import { cpus } from 'node:os';
import { benchClassifier } from './classifier.js';
import { benchCompare } from './compare.js';
import { benchDesigner } from './designer.js';
import { benchEngine } from './engine.js';
import { benchExpressions } from './expressions.js';
import { benchImpact } from './impact.js';
import { benchInsights } from './insights.js';
import { benchJobQueue } from './job-queue.js';
import { benchPostgres } from './postgres.js';
import { benchRunsList } from './runs-list.js';
import { benchWaits } from './waits.js';
import { benchWebhook } from './webhook.js';

/**
 * `npm run bench`: prints figures and ratios against the targets in docs/performance.md.
 * `npm run bench -- postgres webhook` runs only the sections named (see `sections`).
 * `BENCH_SECONDS` sets the measuring time of each throughput figure (default 3).
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const sections: Readonly<Record<string, () => unknown>> = {
  expressions: () => benchExpressions(seconds),
  engine: () => benchEngine(seconds),
  waits: () => benchWaits(),
  impact: () => benchImpact(),
  'runs-list': () => benchRunsList(),
  insights: () => benchInsights(),
  webhook: () => benchWebhook(seconds),
  designer: () => benchDesigner(),
  compare: () => benchCompare(),
  classifier: () => benchClassifier(seconds),
  'job-queue': () => benchJobQueue(seconds),
  postgres: () => benchPostgres(seconds),
};
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in sections));
if (unknown.length > 0) {
  console.error(`bench: no section ${unknown.join(', ')}; the sections are ${Object.keys(sections).join(', ')}`);
  process.exit(2);
}
console.log(`Flowgate benchmarks on Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
for (const name of chosen.length > 0 ? chosen : Object.keys(sections)) await sections[name]?.();
