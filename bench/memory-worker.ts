import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeImplementations } from '../nodes/index.js';
import { Engine } from '../runtime/engine/index.js';
import { SqliteRunStore } from '../runtime/store/index.js';
import { startWaitingRuns } from './wait-workflows.js';

/**
 * A process of the memory benchmark (bench/waits.ts starts it with `node --expose-gc --import
 * tsx`). Prints one JSON line.
 *
 * - `create <runs>`: memory before any run, once `runs` runs are waiting at an approval gate, and
 *   once twice as many are (which tells a cost per waiting run from a one-time cost).
 * - `hold <db>`: memory of a process that opens the database (as after a restart), recovers and
 *   holds whatever runs wait in it; compared across an empty database and a full one.
 */
const [mode, argument] = process.argv.slice(2);

function settledMemory(): NodeJS.MemoryUsage {
  // Twice: the first collection can leave garbage that only a second one frees (finalizers, weak maps).
  gc?.();
  gc?.();
  return process.memoryUsage();
}

if (mode === 'create') {
  const runs = Number(argument ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-bench-'));
  const store = SqliteRunStore.open(join(dir, 'memory.db'));
  const engine = new Engine({ store, nodes: nodeImplementations });
  const before = settledMemory();
  await startWaitingRuns(engine, runs);
  await store.flush();
  const after = settledMemory();
  const activeRuns = engine.activeRuns;
  const waiting = (await store.listRunIdsByStatus('waiting')).length;
  await startWaitingRuns(engine, runs);
  await store.flush();
  const afterDouble = settledMemory();
  await engine.shutdown();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      gc: typeof gc === 'function' ? 1 : 0,
      heapBefore: before.heapUsed,
      heapAfter: after.heapUsed,
      heapAfterDouble: afterDouble.heapUsed,
      rssBefore: before.rss,
      rssAfter: after.rss,
      rssAfterDouble: afterDouble.rss,
      activeRuns,
      waiting,
    }),
  );
} else if (mode === 'hold' && argument !== undefined) {
  const store = SqliteRunStore.open(argument);
  const engine = new Engine({ store, nodes: nodeImplementations });
  await engine.recover();
  const held = settledMemory();
  const waiting = (await store.listRunIdsByStatus('waiting')).length;
  const activeRuns = engine.activeRuns;
  await engine.shutdown();
  await store.close();
  console.log(JSON.stringify({ gc: typeof gc === 'function' ? 1 : 0, heap: held.heapUsed, rss: held.rss, waiting, activeRuns }));
} else {
  throw new Error('usage: memory-worker.ts create <runs> | hold <db>');
}
