import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeImplementations } from '../../nodes/index.js';
import type { Clock, TenantSecretStore } from '../../runtime/definition/index.js';
import { EgressGuard } from '../../runtime/egress/index.js';
import { Engine, type ApproverResolver, type EngineOptions, type RunLimits } from '../../runtime/engine/index.js';
import {
  PostgresRunStore,
  SqliteRunStore,
  openPostgresDatabase,
  type RunRecord,
  type RunStatus,
  type RunStore,
  type TaskRecord,
} from '../../runtime/store/index.js';
import { freshPostgresDatabase } from './postgres.js';
import { tempDir } from './temp-dir.js';

const fixtures = join(import.meta.dirname, '../fixtures/workflows/waits');

/** A wait fixture by name, e.g. `approval-single`. */
export function waitFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** A clock tests move by hand; timers come due when it passes them and `runDueTimers` is called. */
export class TestClock implements Clock {
  private current: number;
  constructor(start = Date.UTC(2026, 10, 27, 9, 0, 0)) {
    this.current = start;
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** The database engines a run store can be on. */
export type StoreEngine = 'sqlite' | 'postgres';

/** Every engine, for `describe.each`. */
export const STORE_ENGINES: readonly StoreEngine[] = ['sqlite', 'postgres'];

/** Where a run store's data lives: a SQLite file, or a PostgreSQL database. */
export type RunStoreLocation = { readonly engine: 'sqlite'; readonly path: string } | { readonly engine: 'postgres'; readonly url: string };

/** A new, empty place for a run store on `engine`: a file in `dir`, or a fresh database of the test run's PostgreSQL cluster. */
export async function newRunStoreLocation(engine: StoreEngine, dir: string, name = 'runs'): Promise<RunStoreLocation> {
  return engine === 'sqlite' ? { engine, path: join(dir, `${name}.db`) } : { engine, url: await freshPostgresDatabase() };
}

/** Opens (migrating) the run store at `location`, as the server does at start. */
export async function openRunStore(location: RunStoreLocation): Promise<RunStore> {
  return location.engine === 'sqlite' ? SqliteRunStore.open(location.path) : PostgresRunStore.open(openPostgresDatabase(location.url));
}

/** An engine on a real database (a SQLite file unless asked otherwise), with fixtures resolvable by id, and what it announced. */
export interface EngineHarness {
  readonly engine: Engine;
  readonly store: RunStore;
  readonly clock: TestClock;
  readonly tasksOpened: TaskRecord[];
  readonly tasksEscalated: TaskRecord[];
  /** Waits until the run reaches one of `statuses` (it may get there in the background). */
  until(runId: string, ...statuses: RunStatus[]): Promise<RunRecord>;
  /** A second engine on the same database, as after a restart. */
  restart(): Promise<EngineHarness>;
  /**
   * Another engine on its own connections to the same PostgreSQL database, running beside this one
   * (another process, in effect); closing it leaves this one open.
   */
  alongside(): Promise<EngineHarness>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The deployment egress allow-list, e.g. `127.0.0.1:<port>` of a test server (nothing non-public is reachable otherwise). */
  readonly egressAllow?: readonly string[];
  readonly secrets?: TenantSecretStore;
  readonly limits?: Partial<RunLimits>;
  /** Rewrites a fixture before it is handed out as a resolved workflow (e.g. to point it at a test server). */
  readonly adjust?: (workflowId: string, definition: Record<string, unknown>) => Record<string, unknown>;
  readonly signingKey?: Uint8Array;
  /** How approval gates' named people become ids (see `EngineOptions.resolveApprovers`). */
  readonly resolveApprovers?: ApproverResolver;
}

/** Builds an engine harness on a SQLite file (`runs.db` in `reuse.dir`, when given, on `reuse.clock`). */
export function engineHarness(options: HarnessOptions = {}, reuse?: { dir: ReturnType<typeof tempDir>; clock: TestClock }): EngineHarness {
  const dir = reuse?.dir ?? tempDir();
  const location: RunStoreLocation = { engine: 'sqlite', path: join(dir.path, 'runs.db') };
  return assembleHarness(SqliteRunStore.open(location.path), location, options, reuse?.clock ?? new TestClock(), dir);
}

/** Builds an engine harness whose run store is on `engine`. */
export async function openEngineHarness(engine: StoreEngine, options: HarnessOptions = {}): Promise<EngineHarness> {
  if (engine === 'sqlite') return engineHarness(options);
  const location = await newRunStoreLocation(engine, '');
  return assembleHarness(await openRunStore(location), location, options, new TestClock());
}

/** The harness around `store`; `location`, `clock` and `dir` carry over on restart. */
function assembleHarness(store: RunStore, location: RunStoreLocation, options: HarnessOptions, clock: TestClock, dir?: ReturnType<typeof tempDir>): EngineHarness {
  const tasksOpened: TaskRecord[] = [];
  const tasksEscalated: TaskRecord[] = [];
  const engineOptions: EngineOptions = {
    store,
    nodes: nodeImplementations,
    clock,
    limits: options.limits,
    signingKey: options.signingKey ?? Buffer.alloc(32, 7),
    resolveApprovers: options.resolveApprovers,
    ...(options.egressAllow ? { http: new EgressGuard({ allow: options.egressAllow }) } : {}),
    ...(options.secrets ? { secrets: options.secrets } : {}),
    workflows: {
      resolve: (_tenantId, workflowId) => {
        try {
          const definition = waitFixture(workflowId);
          return Promise.resolve({ workflowId, version: 1, definition: options.adjust?.(workflowId, definition) ?? definition });
        } catch {
          return Promise.resolve(undefined);
        }
      },
    },
    events: {
      taskOpened: (task) => void tasksOpened.push(task),
      taskEscalated: (task) => void tasksEscalated.push(task),
    },
  };
  const engine = new Engine(engineOptions);
  const harness: EngineHarness = {
    engine,
    store,
    clock,
    tasksOpened,
    tasksEscalated,
    async until(runId, ...statuses) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const trace = await engine.trace(runId);
        if (trace && statuses.includes(trace.run.status)) return trace.run;
        if (Date.now() > deadline) throw new Error(`run ${runId} is ${trace?.run.status ?? 'missing'}, not ${statuses.join('/')}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async restart() {
      await engine.shutdown();
      await store.close();
      return assembleHarness(await openRunStore(location), location, options, clock, dir);
    },
    async alongside() {
      if (location.engine !== 'postgres') throw new Error('only a PostgreSQL database is shared by engines running side by side');
      return assembleHarness(await openRunStore(location), location, options, clock);
    },
    async close() {
      await engine.shutdown();
      await store.close();
      dir?.remove();
    },
  };
  return harness;
}
