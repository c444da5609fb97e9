// A Flowgate engine process for the crash test: recovers whatever a previous (killed) process left,
// starts the runs that do not exist yet, and exits 0 once every run has finished. SIGTERM shuts it
// down gracefully. Imports the built code (dist/), like the real product. Its database is a SQLite
// file path or a postgres:// URL.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { nodeImplementations } from '../../dist/nodes/index.js';
import { EgressGuard } from '../../dist/runtime/egress/index.js';
import { Engine } from '../../dist/runtime/engine/index.js';
import { PostgresRunStore, SqliteDatabase, SqliteRunStore, openPostgresDatabase } from '../../dist/runtime/store/index.js';

const [database, workflowPath, baseUrl, totalText] = process.argv.slice(2);
const total = Number(totalText);
const definition = JSON.parse(readFileSync(workflowPath, 'utf8'));
const onPostgres = /^postgres(ql)?:/.test(database);
const postgres = onPostgres ? openPostgresDatabase(database) : undefined;
const store = postgres ? await PostgresRunStore.open(postgres) : SqliteRunStore.open(database);
/** Reads what is committed: the store's own pool on PostgreSQL, a read-only connection on SQLite. */
const reader = postgres ?? new SqliteDatabase(new Database(database, { readonly: true }));
// Credentials by id for connector steps (FLOWGATE_CRASH_SECRETS, JSON), resolved like the credential store does.
const credentials = JSON.parse(process.env.FLOWGATE_CRASH_SECRETS ?? '{}');
const secrets = { get: (_tenantId, id) => (credentials[id] ? Promise.resolve(credentials[id]) : Promise.reject(new Error(`no credential ${id}`))) };
// The recorder on 127.0.0.1 is reachable through the deployment allow-list, as in production.
const engine = new Engine({ store, nodes: nodeImplementations, secrets, http: new EgressGuard({ allow: [new URL(baseUrl).host] }) });

let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
  void engine.shutdown().then(async () => {
    await store.close();
    process.exit(0);
  });
});

await engine.recover();
const existing = new Set((await reader.all('SELECT input FROM runs')).map((row) => JSON.parse(row.input).seq));
process.stdout.write('ready\n');
const missing = [];
for (let seq = 0; seq < total; seq++) if (!existing.has(seq)) missing.push(seq);
// Two lanes of runs at a time, so progress is gradual and kills land at every stage of a run.
const lane = async () => {
  for (let seq = missing.shift(); seq !== undefined && !stopping; seq = missing.shift()) {
    await engine.execute({ definition, input: { seq, big: seq % 3 === 0 }, params: { baseUrl } }).catch((error) => {
      if (!stopping) throw error;
    });
  }
};
await Promise.all([lane(), lane()]);
for (; !stopping; ) {
  const { unfinished } = await reader.get("SELECT count(*) AS unfinished FROM runs WHERE status NOT IN ('succeeded', 'failed', 'cancelled')");
  if (unfinished === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
if (!stopping) {
  await engine.shutdown();
  await store.close();
  process.exit(0);
}
