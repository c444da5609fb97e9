import type { IncomingValue } from '../definition/index.js';
import type { PlainData } from '../expressions/index.js';
import type { FailureRecord, RunRecord, RunStatus, RunStore, StepStatus, StepWrite } from '../store/index.js';
import { RunFrontier } from './run-frontier.js';
import type { PreparedNode, PreparedWorkflow } from './prepared-workflow.js';
import { runStep, type StepRequest, type StepResult, type StepServices } from './step-runner.js';

/** What a driver knows about its run when it starts or resumes it. */
export interface RunSnapshot {
  readonly id: string;
  readonly startedAt: number;
  readonly triggerNodeId: string;
  readonly input: PlainData;
  readonly inputJson: string;
  readonly params: Readonly<Record<string, PlainData>>;
  /** The `run` object expressions see. */
  readonly info: PlainData;
}

/** A node that finished earlier (when resuming), in the order it was recorded. */
export interface FinishedStep {
  readonly nodeId: string;
  readonly status: StepStatus;
  readonly ports: readonly string[];
  readonly output: PlainData;
  readonly outputJson: string;
  readonly attempt: number;
  readonly error: FailureRecord | null;
}

/** Output ports of a failure routed to the error port. */
const ERROR_PORTS: readonly string[] = ['error'];

/** Synchronous steps run back to back before the driver lets other work onto the event loop. */
const INLINE_STEPS_PER_TURN = 64;

/** The parts of a step fixed when it starts. */
interface StepStart {
  readonly nodeId: string;
  readonly seq: number;
  readonly attempt: number;
  readonly inputJson: string;
  readonly startedAt: number;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What a drive changed about the run: its final state, or only the step count when interrupted. */
export type DriveOutcome = Pick<RunRecord, 'status' | 'output' | 'error' | 'response' | 'stepCount' | 'finishedAt'>;

/**
 * Drives one run through its graph: executes ready nodes (parallel branches concurrently, up to
 * the limit), records every step, settles edges and finishes the run. State changes are written
 * in order through the store's group commit without waiting; before any side effect the driver
 * flushes, so everything before it is durable, and it reports a final status only once committed.
 */
export class RunDriver {
  private readonly frontier: RunFrontier;
  private readonly ready: string[] = [];
  private readonly outputs: Record<string, PlainData> = {};
  private readonly outputJson = new Map<string, string>();
  private readonly ports = new Map<string, readonly string[]>();
  private readonly attempts = new Map<string, number>();
  private readonly recordedSkips = new Set<string>();
  private readonly completed: string[] = [];
  private readonly abort = new AbortController();
  private seq = 0;
  private stepCount = 0;
  private responseJson: string | null = null;
  private failure: FailureRecord | undefined;
  /** A failure of the engine or store (not of a node): the drive stops and rethrows it. */
  private fatal: unknown;

  constructor(
    private readonly services: StepServices,
    private readonly store: RunStore,
    private readonly workflow: PreparedWorkflow,
    private readonly run: RunSnapshot,
    private readonly isStopping: () => boolean,
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
   * Rebuilds state from the steps recorded before an interruption. Steps that started but never
   * finished run again (next attempt, same idempotency key); finished ones are not repeated.
   */
  restore(steps: readonly FinishedStep[], runningAttempts: ReadonlyMap<string, number>, skipped: ReadonlySet<string>, nextSeq: number): void {
    this.seq = nextSeq;
    skipped.forEach((id) => this.recordedSkips.add(id));
    const becameReady = new Set<string>([this.run.triggerNodeId]);
    for (const trigger of this.workflow.triggers) {
      if (trigger !== this.run.triggerNodeId) this.settle(trigger, [], becameReady);
    }
    for (const step of steps) {
      this.stepCount++;
      if (step.status === 'failed' && step.ports.length === 0) {
        this.failure = step.error ?? { message: 'the step failed', code: 'NODE_FAILED', nodeId: step.nodeId };
        continue;
      }
      this.remember(step.nodeId, step.ports, step.output, step.outputJson);
      this.settle(step.nodeId, step.ports, becameReady);
    }
    for (const [nodeId, attempt] of runningAttempts) this.attempts.set(nodeId, attempt);
    for (const id of becameReady) if (!this.frontier.isSettled(id)) this.ready.push(id);
  }

  /** Cancels in-flight steps through their abort signal. */
  cancel(): void {
    this.abort.abort();
  }

  /**
   * Runs until the run finishes, or stops early when the engine shuts down. Synchronous pure
   * steps run inline, one after another; asynchronous ones (I/O, side effects) run concurrently
   * up to the per-run limit.
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
      if (inflight.size === 0) break;
      await (inflight.size === 1 ? inflight.values().next().value : Promise.race(inflight));
    }
    if (this.fatal !== undefined) throw asError(this.fatal);
    if (!this.failure && this.ready.length > 0) {
      await this.store.flush();
      return { status: 'running', output: null, error: null, response: null, stepCount: this.stepCount, finishedAt: null };
    }
    return this.finish();
  }

  private canStartMore(): boolean {
    return this.ready.length > 0 && !this.failure && this.fatal === undefined && !this.isStopping();
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
      node,
      iteration: '0',
      attempt,
      input,
      inputs,
      context: { input, nodes: this.outputs, params: this.run.params, run: this.run.info },
      runSignal: this.abort.signal,
    };
    if (node.spec.sideEffects) return this.startWithSideEffect(node, step, request);
    const result = runStep(this.services, request);
    if (result instanceof Promise) return result.then((settled) => this.record(node, step, settled));
    this.record(node, step, result);
    return undefined;
  }

  /** Records the step as running and waits until everything so far is durable, then executes it. */
  private async startWithSideEffect(node: PreparedNode, step: StepStart, request: StepRequest): Promise<void> {
    this.store.writeStep(this.stepWrite(step, { status: 'running', ports: [], outputJson: null, errorJson: null, finishedAt: null }));
    await this.store.flush();
    this.record(node, step, await runStep(this.services, request));
  }

  private record(node: PreparedNode, step: StepStart, result: StepResult): void {
    const finishedAt = this.now();
    const nodeId = node.node.id;
    if (result.kind === 'succeeded') {
      if (result.responseJson !== undefined) this.responseJson = result.responseJson;
      this.remember(nodeId, result.ports, result.output, result.outputJson);
      this.store.writeStep(this.stepWrite(step, { status: 'succeeded', ports: result.ports, outputJson: result.outputJson, errorJson: null, finishedAt }));
      this.settle(nodeId, result.ports);
    } else if (node.routesErrors) {
      this.remember(nodeId, ERROR_PORTS, result.failure as unknown as PlainData, result.failureJson);
      this.store.writeStep(
        this.stepWrite(step, { status: 'failed', ports: ERROR_PORTS, outputJson: result.failureJson, errorJson: result.failureJson, finishedAt }),
      );
      this.settle(nodeId, ERROR_PORTS);
    } else {
      this.store.writeStep(this.stepWrite(step, { status: 'failed', ports: [], outputJson: null, errorJson: result.failureJson, finishedAt }));
      this.failure ??= result.failure;
    }
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

  private async finish(): Promise<DriveOutcome> {
    const status: RunStatus = this.failure ? 'failed' : 'succeeded';
    const output = this.failure ? null : this.terminalOutput();
    const finishedAt = this.now();
    this.store.updateRun(this.run.id, {
      status,
      outputJson: this.failure ? null : JSON.stringify(output),
      errorJson: this.failure ? JSON.stringify(this.failure) : null,
      responseJson: this.responseJson,
      stepCount: this.stepCount,
      finishedAt,
      updatedAt: finishedAt,
    });
    await this.store.flush();
    const response: unknown = this.responseJson === null ? null : JSON.parse(this.responseJson);
    return { status, output, error: this.failure ?? null, response, stepCount: this.stepCount, finishedAt };
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

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
