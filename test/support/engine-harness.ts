import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeImplementations } from '../../nodes/index.js';
import type { Clock, TenantSecretStore } from '../../runtime/definition/index.js';
import { EgressGuard } from '../../runtime/egress/index.js';
import { Engine, type EngineOptions, type RunLimits } from '../../runtime/engine/index.js';
import { SqliteRunStore, type RunRecord, type RunStatus, type TaskRecord } from '../../runtime/store/index.js';
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

/** An engine on a real SQLite file, with fixtures resolvable by id, and what it announced. */
export interface EngineHarness {
  readonly engine: Engine;
  readonly store: SqliteRunStore;
  readonly clock: TestClock;
  readonly dbPath: string;
  readonly tasksOpened: TaskRecord[];
  readonly tasksEscalated: TaskRecord[];
  /** Waits until the run reaches one of `statuses` (it may get there in the background). */
  until(runId: string, ...statuses: RunStatus[]): Promise<RunRecord>;
  /** A second engine on the same file, as after a restart. */
  restart(): Promise<EngineHarness>;
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
}

/** Builds an engine harness; `dir` and `clock` carry over on restart. */
export function engineHarness(options: HarnessOptions = {}, reuse?: { dir: ReturnType<typeof tempDir>; clock: TestClock }): EngineHarness {
  const dir = reuse?.dir ?? tempDir();
  const clock = reuse?.clock ?? new TestClock();
  const dbPath = join(dir.path, 'runs.db');
  const store = SqliteRunStore.open(dbPath);
  const tasksOpened: TaskRecord[] = [];
  const tasksEscalated: TaskRecord[] = [];
  const engineOptions: EngineOptions = {
    store,
    nodes: nodeImplementations,
    clock,
    limits: options.limits,
    signingKey: options.signingKey ?? Buffer.alloc(32, 7),
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
    events: { taskOpened: (task) => tasksOpened.push(task), taskEscalated: (task) => tasksEscalated.push(task) },
  };
  const engine = new Engine(engineOptions);
  const harness: EngineHarness = {
    engine,
    store,
    clock,
    dbPath,
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
      return engineHarness(options, { dir, clock });
    },
    async close() {
      await engine.shutdown();
      await store.close();
      dir.remove();
    },
  };
  return harness;
}
