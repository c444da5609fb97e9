import { cpus } from 'node:os';
import { benchClassifier } from './classifier.js';
import { benchCompare } from './compare.js';
import { benchDesigner } from './designer.js';
import { benchEngine } from './engine.js';
import { benchExpressions } from './expressions.js';
import { benchImpact } from './impact.js';
import { benchInsights } from './insights.js';
import { benchJobQueue } from './job-queue.js';
import { benchRunsList } from './runs-list.js';
import { benchWaits } from './waits.js';
import { benchWebhook } from './webhook.js';

/**
 * `npm run bench`: prints figures and ratios against the targets in docs/performance.md.
 * `BENCH_SECONDS` sets the measuring time of each throughput figure (default 3).
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
console.log(`Flowgate benchmarks on Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
benchExpressions(seconds);
await benchEngine(seconds);
await benchWaits();
await benchImpact();
await benchRunsList();
await benchInsights();
await benchWebhook(seconds);
await benchDesigner();
await benchCompare();
benchClassifier(seconds);
await benchJobQueue(seconds);
