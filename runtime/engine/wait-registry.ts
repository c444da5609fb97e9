import { randomUUID } from 'node:crypto';
import type { Clock, WaitRequest } from '../definition/index.js';
import type { FailureRecord, RunStore, StepRecord, StepWrite } from '../store/index.js';
import type { PreparedNode } from './prepared-workflow.js';
import type { RunSnapshot, StepCompletion, StepStart, WaitRegistry } from './run-driver.js';

/** What a waiting step stores in its `wait` column. */
export type StoredWait =
  | { readonly kind: 'approval'; readonly taskId: string; readonly completion?: StepCompletion }
  | { readonly kind: 'timer'; readonly until: number; readonly completion?: StepCompletion }
  | { readonly kind: 'event'; readonly correlationKey: string; readonly timeoutAt: number | null; readonly completion?: StepCompletion }
  | {
      readonly kind: 'children';
      readonly workflowId: string;
      readonly items: readonly unknown[];
      readonly concurrency: number;
      readonly collect: 'list' | 'single';
      /** The version resolved when the first child started; every item runs on it. */
      readonly pinned?: { readonly version: number | null; readonly definitionHash: string };
      readonly completion?: StepCompletion;
    }
  | { readonly kind: 'retry'; readonly dueAt: number; readonly failure: FailureRecord; readonly completion?: StepCompletion };

/** Things to do once a newly opened wait is durable. */
export interface WaitFollowUps {
  /** A timer was added; the timer service may need to wake earlier. */
  timerAdded(dueAt: number): void;
  /** An approval task was opened (notify approvers). */
  taskOpened(taskId: string): void;
  /** A forEach or sub-workflow wait was opened; start its child runs. */
  childrenRequested(runId: string, nodeId: string): void;
}

/** The ids a task compares deciders with, for the people its gate names (see `EngineOptions.resolveApprovers`). */
export type ApproverResolver = (tenantId: string, named: readonly string[]) => readonly string[] | Promise<readonly string[]>;

/**
 * Persists waits: the waiting step, plus the task, timer or event subscription that will end it.
 * All writes are queued in order with the step's, so they commit together; follow-ups (notifying
 * approvers, starting child runs, re-arming timers) run once they are durable.
 */
export class StoreWaitRegistry implements WaitRegistry {
  constructor(
    private readonly store: RunStore,
    private readonly clock: Clock,
    private readonly followUps: WaitFollowUps,
    private readonly resolveApprovers: ApproverResolver = (_tenantId, named) => named,
  ) {}

  /**
   * The wait as it is to be opened: an approval gate's named people become the ids its task
   * compares deciders with (without repeats). Answers at once unless the resolver is asynchronous
   * and the gate names anyone.
   */
  prepare(run: RunSnapshot, wait: WaitRequest): WaitRequest | Promise<WaitRequest> {
    if (wait.kind !== 'approval' || wait.task.policy.users.length === 0) return wait;
    const resolved = this.resolveApprovers(run.tenantId, wait.task.policy.users);
    return resolved instanceof Promise ? resolved.then((users) => withApprovers(wait, users)) : withApprovers(wait, resolved);
  }

  open(run: RunSnapshot, node: PreparedNode, step: StepStart, wait: WaitRequest): void {
    const nodeId = node.node.id;
    switch (wait.kind) {
      case 'approval': {
        const taskId = randomUUID();
        const { task } = wait;
        this.store.createTask({
          id: taskId,
          tenantId: run.tenantId,
          runId: run.id,
          nodeId,
          iteration: '0',
          title: task.title,
          instructions: task.instructions,
          fields: task.fields,
          policy: task.policy,
          initiatedBy: run.initiatedBy,
          dueAt: task.dueAt,
          onDue: task.onDue,
          createdAt: this.now(),
        });
        if (task.dueAt !== null) this.addTimer(run.id, nodeId, 'approval-due', task.dueAt);
        this.writeWaiting(run.id, step, { kind: 'approval', taskId });
        this.afterCommit(() => this.followUps.taskOpened(taskId));
        return;
      }
      case 'timer':
        this.addTimer(run.id, nodeId, 'resume', wait.until);
        this.writeWaiting(run.id, step, { kind: 'timer', until: wait.until });
        return;
      case 'event':
        this.store.addEventWait({ tenantId: run.tenantId, correlationKey: wait.correlationKey, runId: run.id, nodeId, iteration: '0', createdAt: this.now() });
        if (wait.timeoutAt !== null) this.addTimer(run.id, nodeId, 'event-timeout', wait.timeoutAt);
        this.writeWaiting(run.id, step, { kind: 'event', correlationKey: wait.correlationKey, timeoutAt: wait.timeoutAt });
        return;
      case 'children':
        this.writeWaiting(run.id, step, { ...wait });
        this.afterCommit(() => this.followUps.childrenRequested(run.id, nodeId));
        return;
    }
  }

  openRetry(run: RunSnapshot, step: StepStart, failure: FailureRecord, dueAt: number): void {
    this.addTimer(run.id, step.nodeId, 'retry', dueAt);
    this.writeWaiting(run.id, step, { kind: 'retry', dueAt, failure }, JSON.stringify(failure));
  }

  release(runId: string, nodeId: string): void {
    this.store.deleteTimers(runId, nodeId, '0');
    this.store.deleteEventWait(runId, nodeId, '0');
    this.store.cancelOpenTask(runId, nodeId, '0', this.now());
  }

  private writeWaiting(runId: string, step: StepStart, wait: StoredWait, errorJson: string | null = null): void {
    const write: StepWrite = {
      runId,
      nodeId: step.nodeId,
      iteration: '0',
      seq: step.seq,
      status: 'waiting',
      attempt: step.attempt,
      ports: [],
      inputJson: step.inputJson,
      outputJson: null,
      errorJson,
      waitKind: wait.kind,
      waitJson: JSON.stringify(wait),
      startedAt: step.startedAt,
      finishedAt: null,
    };
    this.store.writeStep(write);
  }

  private addTimer(runId: string, nodeId: string, kind: 'resume' | 'retry' | 'event-timeout' | 'approval-due', dueAt: number): void {
    this.store.addTimer({ runId, nodeId, iteration: '0', kind, dueAt });
    this.afterCommit(() => this.followUps.timerAdded(dueAt));
  }

  private afterCommit(action: () => void): void {
    this.store.flush().then(action, () => undefined);
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

/** An approval wait whose policy names exactly `users` (each once). */
function withApprovers(wait: Extract<WaitRequest, { kind: 'approval' }>, users: readonly string[]): WaitRequest {
  return { ...wait, task: { ...wait.task, policy: { ...wait.task.policy, users: [...new Set(users)] } } };
}

/** Rewrites a waiting step with a new wait state (a completion that arrived, a pinned version). */
export function rewriteWait(store: RunStore, step: StepRecord, wait: StoredWait): void {
  store.writeStep({
    ...step,
    inputJson: JSON.stringify(step.input),
    outputJson: null,
    errorJson: step.error === null ? null : JSON.stringify(step.error),
    waitKind: wait.kind,
    waitJson: JSON.stringify(wait),
  });
}
