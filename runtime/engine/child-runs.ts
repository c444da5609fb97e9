import { freezeData, type PlainData } from '../expressions/index.js';
import { workflowDefinitionSchema, type WorkflowDefinition } from '../definition/index.js';
import { FINISHED_RUN_STATUSES, type RunRecord, type RunStore, type StepRecord } from '../store/index.js';
import { definitionHash } from './definition-hash.js';
import { KeyedMutex } from '../store/keyed-mutex.js';
import type { StepCompletion } from './run-driver.js';
import { rewriteWait, type StoredWait } from './wait-registry.js';

/** A workflow as another workflow calls it: the server resolves ids to active versions. */
export interface ResolvedWorkflow {
  readonly workflowId: string;
  readonly version: number | null;
  readonly definition: unknown;
}

/** Resolves workflow ids for `flow.forEach`, `flow.subworkflow` and error workflows. */
export interface WorkflowResolver {
  resolve(tenantId: string, workflowId: string): Promise<ResolvedWorkflow | undefined>;
}

/** Starting a child run, as the coordinator asks the engine to. */
export interface ChildStart {
  readonly parent: RunRecord;
  readonly nodeId: string;
  readonly index: number;
  readonly item: unknown;
  readonly workflowId: string;
  readonly version: number | null;
  readonly definition: WorkflowDefinition;
  readonly forEach: boolean;
}

/** What the coordinator needs from the engine. */
export interface ChildRunHooks {
  startChild(start: ChildStart): Promise<void>;
  /** A stored definition by hash, the same object each time (so it is prepared once, not per child). */
  definition(hash: string): Promise<WorkflowDefinition | undefined>;
  complete(runId: string, nodeId: string, completion: StepCompletion, together?: () => unknown): Promise<boolean>;
}

type ChildrenWait = Extract<StoredWait, { kind: 'children' }>;

/**
 * Runs the body of `flow.forEach` (and the call of `flow.subworkflow`) as child runs: starts items
 * in order with at most `concurrency` unfinished at a time, and when all are done continues the
 * parent step with their outputs in item order. A failed child stops further items and, once the
 * running ones finished, fails the parent step. Everything is read back from the store each time,
 * so the same call after a crash picks up exactly where things stood.
 */
export class ChildRunCoordinator {
  private readonly locks = new KeyedMutex();

  constructor(
    private readonly store: RunStore,
    private readonly resolver: WorkflowResolver | undefined,
    private readonly maxDepth: number,
    private readonly hooks: ChildRunHooks,
  ) {}

  /** Moves the children of one waiting step forward. Safe to call any number of times. */
  advance(parentRunId: string, nodeId: string): Promise<void> {
    return this.locks.run(`${parentRunId}:${nodeId}`, async () => {
      await this.store.flush();
      const step = await this.store.getStep(parentRunId, nodeId, '0');
      const wait = step?.wait as StoredWait | null | undefined;
      if (step?.status !== 'waiting' || wait?.kind !== 'children' || wait.completion) return;
      const parent = await this.store.getRun(parentRunId);
      if (!parent || FINISHED_RUN_STATUSES.has(parent.status)) return;
      // Counts only: this runs each time a child finishes, so reading every child each time would be quadratic.
      const { started, unfinished, firstFailed } = await this.store.childRunProgress(parentRunId, nodeId);
      if (firstFailed) {
        if (unfinished === 0) await this.hooks.complete(parentRunId, nodeId, childFailure(firstFailed, nodeId));
        return;
      }
      if (started === wait.items.length && unfinished === 0) {
        const children = await this.store.listChildRuns(parentRunId, nodeId);
        await this.hooks.complete(parentRunId, nodeId, { kind: 'succeeded', ports: ['out'], output: collect(wait, children) });
        return;
      }
      await this.startMore(parent, step, wait, started, wait.concurrency - unfinished);
    });
  }

  private async startMore(parent: RunRecord, step: StepRecord, wait: ChildrenWait, next: number, room: number): Promise<void> {
    if (room <= 0 || next >= wait.items.length) return;
    const nodeId = step.nodeId;
    const fail = (code: string, message: string) => this.hooks.complete(parent.id, nodeId, { kind: 'failed', failure: { code, message, nodeId } });
    if ((await this.depth(parent)) >= this.maxDepth) {
      await fail('CHILD_DEPTH', `runs may nest at most ${this.maxDepth} levels deep (does the workflow call itself?)`);
      return;
    }
    const pinned = wait.pinned ?? (await this.pin(parent, step, wait));
    const definition = pinned && (await this.hooks.definition(pinned.definitionHash));
    if (!pinned || !definition) {
      await fail('WORKFLOW_NOT_FOUND', `workflow "${wait.workflowId}" has no active version to run`);
      return;
    }
    const last = Math.min(wait.items.length, next + room);
    for (let index = next; index < last; index++) {
      await this.hooks.startChild({
        parent,
        nodeId,
        index,
        item: wait.items[index],
        workflowId: wait.workflowId,
        version: pinned.version,
        definition,
        forEach: wait.collect === 'list',
      });
    }
  }

  /** Resolves the body's active version once and records it, so every item runs the same version. */
  private async pin(parent: RunRecord, step: StepRecord, wait: ChildrenWait): Promise<ChildrenWait['pinned']> {
    const resolved = await this.resolver?.resolve(parent.tenantId, wait.workflowId);
    if (!resolved) return undefined;
    const definition = workflowDefinitionSchema.safeParse(resolved.definition);
    if (!definition.success) return undefined;
    const pinned = { version: resolved.version, definitionHash: definitionHash(definition.data) };
    this.store.saveDefinition(pinned.definitionHash, definition.data);
    rewriteWait(this.store, step, { ...wait, pinned });
    await this.store.flush();
    return pinned;
  }

  /** How many ancestors a run has. */
  private async depth(run: RunRecord): Promise<number> {
    let depth = 0;
    for (let current: RunRecord | undefined = run; current?.parentRunId && depth <= this.maxDepth; depth++) {
      current = await this.store.getRun(current.parentRunId);
    }
    return depth;
  }
}

/**
 * The step's output from its children's outputs. Each was checked when its child produced it;
 * putting them in a list must not make them fail the depth limit later, so they are frozen, not
 * checked again.
 */
function collect(wait: ChildrenWait, children: readonly RunRecord[]): PlainData {
  if (wait.collect === 'single') return freezeData(children[0]?.output ?? null);
  return freezeData(children.map((child) => child.output));
}

function childFailure(child: RunRecord, nodeId: string): StepCompletion {
  const reason = child.status === 'cancelled' ? 'was cancelled' : `failed: ${child.error?.message ?? 'unknown error'}`;
  return {
    kind: 'failed',
    failure: {
      code: 'CHILD_FAILED',
      nodeId,
      message: `item ${child.parentIndex ?? 0} (run ${child.id}) ${reason}`,
      details: freezeData({ index: child.parentIndex, runId: child.id, error: child.error }),
    },
  };
}
