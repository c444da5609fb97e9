import { nodeImplementations } from '../nodes/index.js';
import { EgressGuard } from '../runtime/egress/index.js';
import { Engine } from '../runtime/engine/index.js';
import { FINISHED_RUN_STATUSES, SqliteRunStore } from '../runtime/store/index.js';
import { httpSideEffect, orderInput, startWaitingRuns } from './wait-workflows.js';

/**
 * A process of the recovery benchmark (bench/waits.ts starts it with `node --import tsx`), so that
 * every phase runs in a fresh process, as after a real crash. Prints one JSON line.
 *
 * - `populate <db> <waiting> <interrupted> <baseUrl>`: creates `waiting` runs at an approval gate,
 *   then starts `interrupted` runs whose HTTP step the server holds, and prints once all are
 *   started; the parent kills the process with SIGKILL once the server has every request.
 * - `recover <db> <interrupted> <baseUrl>`: opens the store, times `engine.recover()` and the time
 *   until the `interrupted` runs have finished, and checks what the database holds afterwards.
 *
 * The server at `baseUrl` (on 127.0.0.1) is reached through the egress guard's allow-list.
 */
const [mode, dbPath, ...rest] = process.argv.slice(2);
if (dbPath === undefined) throw new Error('usage: recovery-worker.ts populate|recover <db> ...');

if (mode === 'populate') {
  const [waiting, interrupted, baseUrl] = [Number(rest[0]), Number(rest[1]), rest[2]];
  const store = SqliteRunStore.open(dbPath);
  const engine = new Engine({ store, nodes: nodeImplementations, http: allowing(baseUrl) });
  await startWaitingRuns(engine, waiting);
  if (interrupted > 0) {
    await Promise.all(
      Array.from({ length: interrupted }, (_, index) => engine.start({ definition: httpSideEffect, input: orderInput(index), params: { baseUrl } })),
    );
    // The HTTP requests stay unanswered; this process ends by SIGKILL, with the runs `running`.
    console.log(JSON.stringify({ waiting, started: interrupted }));
  } else {
    await engine.shutdown();
    await store.close();
    console.log(JSON.stringify({ waiting, started: 0 }));
  }
} else if (mode === 'recover') {
  const interrupted = Number(rest[0]);
  const baseUrl = rest[1];
  let finished = 0;
  let failed = 0;
  let allFinished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allFinished = resolve));
  const opening = performance.now();
  const store = SqliteRunStore.open(dbPath);
  const engine = new Engine({
    store,
    nodes: nodeImplementations,
    http: allowing(baseUrl),
    events: {
      runSettled(run) {
        if (!FINISHED_RUN_STATUSES.has(run.status)) return;
        if (run.status !== 'succeeded') failed++;
        if (++finished === interrupted) allFinished();
      },
    },
  });
  const started = performance.now();
  const resumed = await engine.recover();
  const recoverMs = performance.now() - started;
  if (interrupted === 0) allFinished();
  const timeout = setTimeout(() => {
    console.error(`only ${finished} of ${interrupted} interrupted runs finished within 120 s`);
    process.exit(1);
  }, 120_000);
  await done;
  const finishMs = performance.now() - started;
  clearTimeout(timeout);
  await engine.shutdown();
  const counts = {
    waiting: (await store.listRunIdsByStatus('waiting')).length,
    running: (await store.listRunIdsByStatus('running')).length,
    succeeded: (await store.listRunIdsByStatus('succeeded')).length,
  };
  await store.close();
  console.log(JSON.stringify({ openMs: started - opening, recoverMs, finishMs, resumed, failed, ...counts }));
} else {
  throw new Error(`unknown mode "${String(mode)}"`);
}

/** The egress guard with the benchmark's server on its allow-list. */
function allowing(baseUrl: string | undefined): EgressGuard {
  if (baseUrl === undefined) throw new Error('the base URL of the benchmark server is missing');
  return new EgressGuard({ allow: [new URL(baseUrl).host] });
}
