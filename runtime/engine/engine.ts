import type { Clock, HttpClient, NodeImplementation, SecretStore } from '../definition/index.js';
import { toPlainData, type PlainData } from '../expressions/index.js';
import type { RunRecord, RunStore, StepRecord } from '../store/index.js';
import { silentLogger, type EngineLogger } from './engine-logger.js';
import { RunRequestError } from './errors.js';
import { newRunId } from './ids.js';
import { DEFAULT_LIMITS, type RunLimits } from './limits.js';
import { WorkflowPreparer, type PreparedWorkflow } from './prepared-workflow.js';
import { RunDriver, type DriveOutcome, type FinishedStep, type RunSnapshot } from './run-driver.js';
import { resolveParams } from './run-params.js';
import type { StepServices } from './step-runner.js';

/** What the engine is built from. Everything with I/O is injected. */
export interface EngineOptions {
  readonly store: RunStore;
  readonly nodes: readonly NodeImplementation[];
  readonly http?: HttpClient;
  readonly secrets?: SecretStore;
  readonly clock?: Clock;
  readonly logger?: EngineLogger;
  readonly limits?: Partial<RunLimits>;
}

/** A request to run a workflow definition once. */
export interface StartRunRequest {
  readonly definition: unknown;
  readonly input?: unknown;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly tenantId?: string;
  readonly workflowId?: string | null;
  readonly workflowVersion?: number | null;
  /** The trigger that starts the run; by default the first trigger in the definition. */
  readonly triggerNodeId?: string;
  /** Metadata of what started the run (request details, schedule), visible as `run.trigger`. */
  readonly trigger?: unknown;
}

/** A run that has been durably created and is executing. */
export interface RunHandle {
  readonly runId: string;
  /** Resolves with the stored run once it stops: finished, or interrupted by shutdown. */
  readonly settled: Promise<RunRecord>;
}

/** A run and its full trace. */
export interface RunTrace {
  readonly run: RunRecord;
  readonly steps: StepRecord[];
}

/** A value from the caller as plain data; anything else is the caller's mistake. */
function requestData(value: unknown, what: string): PlainData {
  try {
    return toPlainData(value, what);
  } catch (error) {
    throw new RunRequestError(error instanceof Error ? error.message : String(error));
  }
}

const noSecrets: SecretStore = {
  get: (credentialId) => Promise.reject(new Error(`credential "${credentialId}" is not available`)),
};

/** The workflow interpreter: starts, drives, resumes and recovers runs against a {@link RunStore}. */
export class Engine {
  private readonly store: RunStore;
  private readonly preparer: WorkflowPreparer;
  private readonly services: StepServices;
  private readonly active = new Map<string, Promise<RunRecord>>();
  private readonly savedDefinitions = new Set<string>();
  private stopping = false;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.preparer = new WorkflowPreparer(options.nodes);
    this.services = {
      http: options.http ?? ((url, init) => fetch(url, init)),
      secrets: options.secrets ?? noSecrets,
      clock: options.clock ?? { now: () => new Date() },
      logger: options.logger ?? silentLogger,
      limits: { ...DEFAULT_LIMITS, ...options.limits },
    };
  }

  /** Validates and indexes a definition (throws `WorkflowInvalidError` with every problem). */
  prepare(definition: unknown): PreparedWorkflow {
    return this.preparer.prepare(definition);
  }

  /**
   * Starts a run and returns once it is durably created; execution continues in the background.
   * Bad input or params throw `RunRequestError`; an invalid definition throws `WorkflowInvalidError`.
   */
  async start(request: StartRunRequest): Promise<RunHandle> {
    if (this.stopping) throw new RunRequestError('the engine is shutting down');
    const workflow = this.preparer.prepare(request.definition);
    const triggerNodeId = request.triggerNodeId ?? workflow.triggers[0];
    if (triggerNodeId === undefined || !workflow.triggers.includes(triggerNodeId)) {
      throw new RunRequestError(`"${String(triggerNodeId)}" is not a trigger of this workflow`);
    }
    const params = resolveParams(workflow.definition.params, request.params);
    const input = requestData(request.input === undefined ? {} : request.input, 'the run input');
    const inputJson = JSON.stringify(input);
    const maxBytes = this.services.limits.maxPayloadBytes;
    if (Buffer.byteLength(inputJson) > maxBytes) throw new RunRequestError(`the run input is larger than ${maxBytes} bytes`);
    const trigger = request.trigger === undefined ? null : requestData(request.trigger, 'the trigger metadata');

    const now = this.services.clock.now().getTime();
    const id = newRunId(now);
    this.saveDefinition(workflow);
    this.store.createRun({
      id,
      tenantId: request.tenantId ?? 'local',
      workflowId: request.workflowId ?? null,
      workflowVersion: request.workflowVersion ?? null,
      definitionHash: workflow.hash,
      triggerNodeId,
      status: 'running',
      inputJson,
      paramsJson: JSON.stringify(params),
      triggerJson: trigger === null ? null : JSON.stringify(trigger),
      createdAt: now,
      startedAt: now,
    });
    await this.store.flush();
    const snapshot = this.snapshot(id, now, triggerNodeId, input, inputJson, params, trigger, request);
    const driver = new RunDriver(this.services, this.store, workflow, snapshot, () => this.stopping);
    driver.begin();
    const record: RunRecord = {
      id,
      tenantId: request.tenantId ?? 'local',
      workflowId: request.workflowId ?? null,
      workflowVersion: request.workflowVersion ?? null,
      definitionHash: workflow.hash,
      triggerNodeId,
      status: 'running',
      input,
      params,
      trigger,
      output: null,
      error: null,
      response: null,
      stepCount: 0,
      createdAt: now,
      startedAt: now,
      finishedAt: null,
      updatedAt: now,
    };
    return { runId: id, settled: this.track(record, driver) };
  }

  /** Starts a run and waits until it stops. */
  async execute(request: StartRunRequest): Promise<RunRecord> {
    const handle = await this.start(request);
    return handle.settled;
  }

  /** Continues a `running` run from its last committed state (after a crash or a shutdown). */
  async resume(runId: string): Promise<RunRecord> {
    const inProgress = this.active.get(runId);
    if (inProgress) return inProgress;
    const run = await this.store.getRun(runId);
    if (!run) throw new RunRequestError(`run "${runId}" does not exist`);
    if (run.status !== 'running') return run;
    const definition = await this.store.loadDefinition(run.definitionHash);
    if (!definition) throw new Error(`run "${runId}" refers to definition ${run.definitionHash}, which is missing`);
    const workflow = this.preparer.prepare(definition);
    const input = toPlainData(run.input);
    const params = toPlainData(run.params) as Record<string, PlainData>;
    const trigger = toPlainData(run.trigger);
    const snapshot = this.snapshot(run.id, run.startedAt ?? run.createdAt, run.triggerNodeId, input, JSON.stringify(input), params, trigger, run);
    const driver = new RunDriver(this.services, this.store, workflow, snapshot, () => this.stopping);
    const steps = await this.store.listSteps(runId);
    const finished: FinishedStep[] = [];
    const running = new Map<string, number>();
    const skipped = new Set<string>();
    for (const step of steps) {
      if (step.status === 'running') running.set(step.nodeId, step.attempt);
      else if (step.status === 'skipped') skipped.add(step.nodeId);
      else if (step.status === 'succeeded' || step.status === 'failed') {
        const output = toPlainData(step.output);
        finished.push({ ...step, output, outputJson: JSON.stringify(output) });
      }
    }
    driver.restore(finished, running, skipped, steps.reduce((max, step) => Math.max(max, step.seq + 1), 0));
    return this.track(run, driver);
  }

  /** Resumes every run left `running` by a previous process; returns how many. */
  async recover(): Promise<number> {
    const ids = await this.store.listRunIdsByStatus('running');
    await Promise.all(ids.map((id) => this.resume(id)));
    return ids.length;
  }

  /** A run and its full trace: which nodes ran or were skipped, with their input and output. */
  async trace(runId: string): Promise<RunTrace | undefined> {
    const run = await this.store.getRun(runId);
    return run ? { run, steps: await this.store.listSteps(runId) } : undefined;
  }

  /** Stops starting steps, lets running steps finish and be recorded, and waits for that. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.active.values());
    await this.store.flush();
  }

  private saveDefinition(workflow: PreparedWorkflow): void {
    if (this.savedDefinitions.has(workflow.hash)) return;
    this.store.saveDefinition(workflow.hash, workflow.definition);
    this.savedDefinitions.add(workflow.hash);
  }

  private snapshot(
    id: string,
    startedAt: number,
    triggerNodeId: string,
    input: PlainData,
    inputJson: string,
    params: Record<string, PlainData>,
    trigger: PlainData,
    origin: { readonly workflowId?: string | null; readonly workflowVersion?: number | null; readonly tenantId?: string },
  ): RunSnapshot {
    const info = toPlainData({
      id,
      tenantId: origin.tenantId ?? 'local',
      workflowId: origin.workflowId ?? null,
      workflowVersion: origin.workflowVersion ?? null,
      startedAt: new Date(startedAt).toISOString(),
      triggerNodeId,
      trigger,
      input,
    });
    return { id, startedAt, triggerNodeId, input, inputJson, params, info };
  }

  /** Drives a run in the background; resolves with the run as it stands when the drive ends. */
  private track(record: RunRecord, driver: RunDriver): Promise<RunRecord> {
    const runId = record.id;
    const settled = driver
      .drive()
      .then((outcome: DriveOutcome): RunRecord => ({ ...record, ...outcome, updatedAt: outcome.finishedAt ?? record.updatedAt }))
      .finally(() => this.active.delete(runId));
    this.active.set(runId, settled);
    settled.catch((error: unknown) => {
      this.services.logger.error({ runId, error: error instanceof Error ? error.message : String(error) }, 'run stopped by an engine failure');
    });
    return settled;
  }
}
