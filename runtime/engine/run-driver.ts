import type { IncomingValue, WaitRequest } from '../definition/index.js';
import type { PlainData } from '../expressions/index.js';
import type { FailureRecord, RunRecord, RunStatus, RunStore, StepRecord, StepWrite } from '../store/index.js';
import type { PreparedNode, PreparedWorkflow } from './prepared-workflow.js';
import { retryDelay } from './retry-policy.js';
import { RunFrontier } from './run-frontier.js';
import { runStep, type StepRequest, type StepResult, type StepServices } from './step-runner.js';

/** What a driver knows about its run when it starts or resumes it. */
export interface RunSnapshot {
  readonly id: string;
  readonly tenantId: string;
  readonly initiatedBy: string | null;
  readonly startedAt: number;
  readonly triggerNodeId: string;
  readonly input: PlainData;
  readonly inputJson: string;
  readonly params: Readonly<Record<string, PlainData>>;
  /** The `run` object expressions see. */
  readonly info: PlainData;
  /** The current item when the run is a forEach iteration. */
  readonly item: PlainData | undefined;
  /** Whether a failure of this run starts the workflow's error workflow. */
  readonly startsErrorWorkflow: boolean;
  /** Whether the run executes no approved version (see `isDraftRun`). */
  readonly draft: boolean;
}

/** The parts of a step fixed when it starts. */
export interface StepStart {
  readonly nodeId: string;
  readonly seq: number;
  readonly attempt: number;
  readonly inputJson: string;
  readonly startedAt: number;
}

/** How a waiting step ends: with a result, a failure, or another attempt (a retry came due). */
export type StepCompletion =
  | { readonly kind: 'succeeded'; readonly ports: readonly string[]; readonly output: PlainData }
  | { readonly kind: 'failed'; readonly failure: FailureRecord }
  | { readonly kind: 'rerun' };

/** Where waits are persisted: the driver hands them over and forgets them. */
export interface WaitRegistry {
  /** The wait as it is to be opened (an approval's named people resolved); a promise only when that needs a lookup. */
  prepare(run: RunSnapshot, wait: WaitRequest): WaitRequest | Promise<WaitRequest>;
  /** Records the step as waiting and whatever the wait needs (task, timer, event subscription). */
  open(run: RunSnapshot, node: PreparedNode, step: StepStart, wait: WaitRequest): void;
  /** Records the step as waiting for a retry timer. */
  openRetry(run: RunSnapshot, step: StepStart, failure: FailureRecord, dueAt: number): void;
  /** Ends a wait that will not complete because the run ended: closes its task, timers, subscriptions. */
  release(runId: string, nodeId: string): void;
}

/** What a drive changed about the run. */
export type DriveOutcome = Pick<RunRecord, 'status' | 'output' | 'error' | 'response' | 'stepCount' | 'finishedAt' | 'errorWorkflowPending'>;

/** A step resumed from the store: its record and, for waiting steps, a completion that arrived meanwhile. */
export interface RestoredStep {
  readonly record: StepRecord;
  readonly output: PlainData;
  readonly outputJson: string;
  readonly completion: StepCompletion | undefined;
}

/** Output ports of a failure routed to the error port. */
const ERROR_PORTS: readonly string[] = ['error'];

/** Synchronous steps run back to back before the driver lets other work onto the event loop. */
const INLINE_STEPS_PER_TURN = 64;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Drives one run through its graph: executes ready nodes (parallel branches concurrently, up to
 * the limit), records every step, settles edges and finishes the run, or leaves it `waiting` when
 * only waits remain. State changes are queued in order through the store's group commit; before any
 * side effect the driver flushes, so everything before it is durable, and it reports a final status
 * only once committed. While a driver is active, completions of its waits are delivered to it.
 */
export class RunDriver {
  private readonly frontier: RunFrontier;
  private readonly ready: string[] = [];
  private readonly outputs: Record<string, PlainData> = {};
  private readonly outputJson = new Map<string, string>();
  private readonly ports = new Map<string, readonly string[]>();
  private readonly attempts = new Map<string, number>();
  private readonly waiting = new Map<string, StepStart>();
  private readonly recordedSkips = new Set<string>();
  private readonly completed: string[] = [];
  private readonly abort = new AbortController();
  private seq = 0;
  private stepCount = 0;
  private responseJson: string | null = null;
  private failure: FailureRecord | undefined;
  private cancelled = false;
  /** Writes that go with the cancellation, committed with the run's `cancelled` status. */
  private readonly cancelWrites: (() => unknown)[] = [];
  /** A failure of the engine or store (not of a node): the drive stops and rethrows it. */
  private fatal: unknown;
  private wake: (() => void) | undefined;

  constructor(
    private readonly services: StepServices,
    private readonly store: RunStore,
    private readonly waits: WaitRegistry,
    private readonly workflow: PreparedWorkflow,
    private readonly run: RunSnapshot,
    private readonly isStopping: () => boolean,
    /** Called synchronously the moment the driver stops accepting completions. */
    private readonly onDetach: () => void,
  ) {
    this.frontier = new RunFrontier(workflow);
  }

  /** Sets up a new run: the chosen trigger is ready, every other trigger is skipped. */
  begin(): void {
    for (const trigger of this.workflow.triggers) {
      if (trigger !== this.run.triggerNodeId) this.skip(trigger);
    }
    this.ready.push(this.run.triggerNodeId);
  }

  /**
   * Rebuilds state from the steps recorded before an interruption. Finished steps are not
   * repeated; a step that started but never finished runs again (next attempt, same idempotency
   * key); waiting steps keep waiting, unless their completion arrived while the run was at rest.
   * A run with no step recorded has not begun (its start was handed to a worker, or it was
   * interrupted first): it begins as a new run does.
   */
  restore(steps: readonly RestoredStep[]): void {
    if (steps.length === 0) {
      this.begin();
      return;
    }
    const becameReady = new Set<string>([this.run.triggerNodeId]);
    for (const trigger of this.workflow.triggers) {
      if (trigger !== this.run.triggerNodeId) this.settle(trigger, [], becameReady);
    }
    const completions: [string, StepCompletion][] = [];
    for (const { record, output, outputJson, completion } of steps) {
      this.seq = Math.max(this.seq, record.seq + 1);
      if (record.status === 'skipped') {
        this.recordedSkips.add(record.nodeId);
        continue;
      }
      this.stepCount++;
      this.attempts.set(record.nodeId, record.attempt);
      if (record.status === 'running') continue;
      if (record.status === 'waiting') {
        this.waiting.set(record.nodeId, startOf(record));
        becameReady.delete(record.nodeId);
        if (completion) completions.push([record.nodeId, completion]);
        continue;
      }
      if (record.status === 'failed' && record.ports.length === 0) {
        this.failure ??= record.error ?? { message: 'the step failed', code: 'NODE_FAILED', nodeId: record.nodeId };
        continue;
      }
      this.remember(record.nodeId, record.ports, output, outputJson);
      this.settle(record.nodeId, record.ports, becameReady);
    }
    for (const id of becameReady) {
      if (!this.frontier.isSettled(id) && !this.waiting.has(id)) this.ready.push(id);
    }
    for (const [nodeId, completion] of completions) this.complete(nodeId, completion);
  }

  /** Whether the step is waiting in this driver (so a completion for it would be taken). */
  isWaitingFor(nodeId: string): boolean {
    return this.waiting.has(nodeId);
  }

  /** Delivers the completion of a wait; false when the step is not waiting (already completed). */
  complete(nodeId: string, completion: StepCompletion): boolean {
    const step = this.waiting.get(nodeId);
    if (!step) return false;
    this.waiting.delete(nodeId);
    const node = this.workflow.nodes.get(nodeId) as PreparedNode;
    if (completion.kind === 'rerun') this.ready.push(nodeId);
    else if (completion.kind === 'succeeded') this.recordSuccess(node, step, completion.ports, completion.output, JSON.stringify(completion.output));
    else this.recordFailure(node, step, completion.failure, false);
    this.wake?.();
    return true;
  }

  /**
   * Cancels the run: no further steps start, in-flight steps are aborted, waits are released.
   * `together` is written (see `RunStore.queueWrite`) in the commit that records the run as cancelled.
   */
  cancel(together?: () => unknown): void {
    if (together) this.cancelWrites.push(together);
    this.cancelled = true;
    this.abort.abort();
    this.wake?.();
  }

  /**
   * Runs until nothing can progress: the run finished, only waits remain, or the engine is
   * shutting down. Synchronous pure steps run inline; asynchronous ones concurrently up to the
   * per-run limit.
   */
  async drive(): Promise<DriveOutcome> {
    const inflight = new Set<Promise<void>>();
    let inlineSteps = 0;
    for (;;) {
      while (this.canStartMore() && inflight.size < this.services.limits.maxParallelSteps) {
        const nodeId = this.ready.shift() as string;
        this.failure = this.limitBreach();
        if (this.failure) break;
        const pending = this.start(nodeId);
        if (pending) {
          const task: Promise<void> = pending
            .catch((error: unknown) => {
              this.fatal ??= error;
            })
            .finally(() => inflight.delete(task));
          inflight.add(task);
        } else if (++inlineSteps % INLINE_STEPS_PER_TURN === 0) {
          await yieldToEventLoop();
        }
      }
      if (inflight.size === 0 && !(this.ready.length > 0 && this.canStartMore())) break;
      const woken = new Promise<void>((resolve) => (this.wake = resolve));
      await Promise.race([...inflight, woken]);
      this.wake = undefined;
    }
    this.onDetach();
    if (this.fatal !== undefined) throw asError(this.fatal);
    if (!this.failure && !this.cancelled && this.ready.length > 0) {
      await this.store.flush();
      return this.outcome('running', null);
    }
    return this.finish();
  }

  private canStartMore(): boolean {
    return this.ready.length > 0 && !this.failure && !this.cancelled && this.fatal === undefined && !this.isStopping();
  }

  /** Starts a step; returns a promise only when it did not complete synchronously. */
  private start(nodeId: string): Promise<void> | undefined {
    const node = this.workflow.nodes.get(nodeId) as PreparedNode;
    const attempt = (this.attempts.get(nodeId) ?? 0) + 1;
    this.attempts.set(nodeId, attempt);
    this.stepCount++;
    const inputs = this.liveInputs(node);
    const first = inputs[0];
    const input = node.isTrigger ? this.run.input : (first?.value ?? null);
    const inputJson = node.isTrigger ? this.run.inputJson : first ? (this.outputJson.get(first.nodeId) as string) : 'null';
    const step: StepStart = { nodeId, seq: this.seq++, attempt, inputJson, startedAt: this.now() };
    const request: StepRequest = {
      runId: this.run.id,
      tenantId: this.run.tenantId,
      draft: this.run.draft,
      node,
      iteration: '0',
      attempt,
      input,
      inputs,
      context: { input, nodes: this.outputs, params: this.run.params, run: this.run.info, ...(this.run.item === undefined ? {} : { item: this.run.item }) },
      runSignal: this.abort.signal,
    };
    if (node.spec.sideEffects) return this.startWithSideEffect(node, step, request);
    const result = runStep(this.services, request);
    if (result instanceof Promise) return result.then((settled) => this.record(node, step, settled));
    return this.record(node, step, result);
  }

  /** Records the step as running and waits until everything so far is durable, then executes it. */
  private async startWithSideEffect(node: PreparedNode, step: StepStart, request: StepRequest): Promise<void> {
    this.store.writeStep(this.stepWrite(step, { status: 'running', ports: [], outputJson: null, errorJson: null, finishedAt: null }));
    await this.store.flush();
    await this.record(node, step, await runStep(this.services, request));
  }

  /** Records a step's result; returns a promise only when a wait must first be prepared asynchronously. */
  private record(node: PreparedNode, step: StepStart, result: StepResult): Promise<void> | undefined {
    this.services.onStepFinished?.({
      runId: this.run.id,
      nodeId: node.node.id,
      nodeType: node.node.type,
      status: result.kind,
      durationMs: this.now() - step.startedAt,
    });
    if (result.kind === 'succeeded') {
      if (result.responseJson !== undefined) this.responseJson = result.responseJson;
      // Queued just before the step's record, so both commit together or not at all.
      if (result.searchAttributes) this.store.setSearchAttributes(this.run.id, this.run.tenantId, result.searchAttributes);
      this.recordSuccess(node, step, result.ports, result.output, result.outputJson);
    } else if (result.kind === 'failed') {
      this.recordFailure(node, step, result.failure, true, result.failureJson);
    } else {
      // A run that already ended needs nothing looked up: the wait will not open.
      const wait = this.cancelled || this.failure ? result.wait : this.waits.prepare(this.run, result.wait);
      if (wait instanceof Promise) return wait.then((prepared) => this.openWait(node, step, prepared));
      this.openWait(node, step, wait);
    }
    return undefined;
  }

  /** Opens the wait, unless the run ended meanwhile (then the step fails as cancelled). */
  private openWait(node: PreparedNode, step: StepStart, wait: WaitRequest): void {
    if (this.cancelled || this.failure) {
      this.recordFailure(node, step, { code: 'CANCELLED', message: 'the run ended before the wait began', nodeId: node.node.id }, false);
      return;
    }
    this.waiting.set(node.node.id, step);
    this.waits.open(this.run, node, step, wait);
  }

  private recordSuccess(node: PreparedNode, step: StepStart, ports: readonly string[], output: PlainData, outputJson: string): void {
    const nodeId = node.node.id;
    this.remember(nodeId, ports, output, outputJson);
    this.store.writeStep(this.stepWrite(step, { status: 'succeeded', ports, outputJson, errorJson: null, finishedAt: this.now() }));
    this.settle(nodeId, ports);
  }

  /** A failure retries (durably) when the policy allows, else takes the error port, else fails the run. */
  private recordFailure(node: PreparedNode, step: StepStart, failure: FailureRecord, mayRetry: boolean, failureJson = JSON.stringify(failure)): void {
    const nodeId = node.node.id;
    const delay = mayRetry && !this.cancelled ? retryDelay(node.node.retry, step.attempt, failure) : undefined;
    if (delay !== undefined) {
      this.waiting.set(nodeId, step);
      this.waits.openRetry(this.run, step, failure, this.now() + delay);
      return;
    }
    if (node.routesErrors && !this.cancelled) {
      this.remember(nodeId, ERROR_PORTS, failure as unknown as PlainData, failureJson);
      this.store.writeStep(this.stepWrite(step, { status: 'failed', ports: ERROR_PORTS, outputJson: failureJson, errorJson: failureJson, finishedAt: this.now() }));
      this.settle(nodeId, ERROR_PORTS);
      return;
    }
    this.store.writeStep(this.stepWrite(step, { status: 'failed', ports: [], outputJson: null, errorJson: failureJson, finishedAt: this.now() }));
    if (!this.cancelled) this.failure ??= failure;
  }

  private stepWrite(step: StepStart, outcome: Pick<StepWrite, 'status' | 'ports' | 'outputJson' | 'errorJson' | 'finishedAt'>): StepWrite {
    return {
      runId: this.run.id,
      nodeId: step.nodeId,
      iteration: '0',
      seq: step.seq,
      attempt: step.attempt,
      inputJson: step.inputJson,
      startedAt: step.startedAt,
      waitKind: null,
      waitJson: null,
      ...outcome,
    };
  }

  private remember(nodeId: string, ports: readonly string[], output: PlainData, json: string): void {
    this.outputs[nodeId] = output;
    this.outputJson.set(nodeId, json);
    this.ports.set(nodeId, ports);
    this.completed.push(nodeId);
  }

  /** Settles a node and queues (or records as skipped) what that decides downstream. */
  private settle(nodeId: string, ports: readonly string[], collectReady?: Set<string>): void {
    const { ready, skipped } = this.frontier.settle(nodeId, ports);
    for (const id of skipped) this.recordSkip(id);
    if (collectReady) ready.forEach((id) => collectReady.add(id));
    else this.ready.push(...ready);
  }

  private skip(nodeId: string): void {
    this.recordSkip(nodeId);
    this.settle(nodeId, []);
  }

  private recordSkip(nodeId: string): void {
    if (this.recordedSkips.has(nodeId)) return;
    this.recordedSkips.add(nodeId);
    this.store.writeStep({
      runId: this.run.id,
      nodeId,
      iteration: '0',
      seq: this.seq++,
      status: 'skipped',
      attempt: 0,
      ports: [],
      inputJson: null,
      outputJson: null,
      errorJson: null,
      waitKind: null,
      waitJson: null,
      startedAt: null,
      finishedAt: this.now(),
    });
  }

  private liveInputs(node: PreparedNode): IncomingValue[] {
    const inputs: IncomingValue[] = [];
    for (const edge of node.incoming) {
      if (this.ports.get(edge.source)?.includes(edge.sourcePort)) {
        inputs.push({ nodeId: edge.source, port: edge.sourcePort, value: this.outputs[edge.source] ?? null });
      }
    }
    return inputs;
  }

  private limitBreach(): FailureRecord | undefined {
    const { maxSteps, maxDurationMs } = this.services.limits;
    if (this.stepCount >= maxSteps) {
      return { code: 'LIMIT_STEPS', message: `the run reached its limit of ${maxSteps} steps` };
    }
    const timeoutSeconds = this.workflow.definition.settings.timeoutSeconds;
    const limit = Math.min(maxDurationMs, timeoutSeconds === undefined ? Infinity : timeoutSeconds * 1000);
    if (this.now() - this.run.startedAt > limit) {
      return { code: 'LIMIT_DURATION', message: `the run took longer than its limit of ${limit} ms` };
    }
    return undefined;
  }

  /** Writes the run's new status: finished, or waiting when only waits remain. */
  private async finish(): Promise<DriveOutcome> {
    const status: RunStatus = this.cancelled ? 'cancelled' : this.failure ? 'failed' : this.waiting.size > 0 ? 'waiting' : 'succeeded';
    if (status === 'waiting') {
      this.store.updateRun(this.run.id, { status, stepCount: this.stepCount, updatedAt: this.now() });
      await this.store.flush();
      return this.outcome(status, null);
    }
    for (const [nodeId, step] of this.waiting) {
      this.waits.release(this.run.id, nodeId);
      const failure: FailureRecord = { code: 'CANCELLED', message: 'the run ended while this step waited', nodeId };
      this.store.writeStep(this.stepWrite(step, { status: 'failed', ports: [], outputJson: null, errorJson: JSON.stringify(failure), finishedAt: this.now() }));
    }
    const output = status === 'succeeded' ? this.terminalOutput() : null;
    const finishedAt = this.now();
    const errorWorkflowPending = status === 'failed' && this.run.startsErrorWorkflow;
    this.store.updateRun(this.run.id, {
      errorWorkflowPending,
      status,
      outputJson: status === 'succeeded' ? JSON.stringify(output) : null,
      errorJson: this.failure ? JSON.stringify(this.failure) : null,
      responseJson: this.responseJson,
      stepCount: this.stepCount,
      finishedAt,
      updatedAt: finishedAt,
    });
    if (status === 'cancelled') for (const write of this.cancelWrites) this.store.queueWrite(write);
    const { runFinished } = this.services;
    if (runFinished) this.store.queueWrite(() => runFinished(this.run.id));
    await this.store.flush();
    return { ...this.outcome(status, output), finishedAt, errorWorkflowPending };
  }

  private outcome(status: RunStatus, output: PlainData): DriveOutcome {
    const response: unknown = this.responseJson === null ? null : JSON.parse(this.responseJson);
    return { status, output, error: this.failure ?? null, response, stepCount: this.stepCount, finishedAt: null, errorWorkflowPending: false };
  }

  /**
   * The run's output: the output of the node whose result went nowhere further (a succeeded node
   * with no live outgoing edge); with several such nodes, an object keyed by node id.
   */
  private terminalOutput(): PlainData {
    const terminal = this.completed.filter((nodeId) => {
      const ports = this.ports.get(nodeId) ?? [];
      if (ports.includes('error')) return false;
      const node = this.workflow.nodes.get(nodeId) as PreparedNode;
      return !node.outgoing.some((edge) => ports.includes(edge.sourcePort));
    });
    if (terminal.length === 0) return null;
    if (terminal.length === 1) return this.outputs[terminal[0] as string] ?? null;
    return Object.fromEntries(terminal.map((id) => [id, this.outputs[id] ?? null]));
  }

  private now(): number {
    return this.services.clock.now().getTime();
  }
}

function startOf(record: StepRecord): StepStart {
  return {
    nodeId: record.nodeId,
    seq: record.seq,
    attempt: record.attempt,
    inputJson: JSON.stringify(record.input ?? null),
    startedAt: record.startedAt ?? 0,
  };
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
