import type { NodeImplementation } from '../definition/index.js';
import { canonicalJson, jsonText } from '../expressions/index.js';
import { SqliteRunStore, type FailureRecord, type RunRecord } from '../store/index.js';
import { silentLogger } from '../engine/engine-logger.js';
import { RunRequestError, WorkflowInvalidError } from '../engine/errors.js';
import { DEFAULT_LIMITS, type RunLimits } from '../engine/limits.js';
import { WorkflowPreparer, type PreparedWorkflow } from '../engine/prepared-workflow.js';
import { RunDriver, type DriveOutcome, type RunSnapshot } from '../engine/run-driver.js';
import { resolveParams } from '../engine/run-params.js';
import { runSnapshot } from '../engine/run-snapshot.js';
import type { StepServices } from '../engine/step-runner.js';
import { compareRuns, pathOf } from './compare-runs.js';
import type { RecordedRun, RunImpact, RunResult } from './dry-run-result.js';
import { DryWaits, noNetwork, noSecrets } from './dry-services.js';
import { ReplayContext } from './replay-context.js';
import { standInNodes } from './stand-in-nodes.js';

/** A workflow version: its definition and number. */
export interface VersionToReplay {
  readonly definition: unknown;
  readonly version: number;
}

/** What a dry run is built from. */
export interface DryRunOptions {
  /** The node implementations the engine runs (their side effects are stood in for). */
  readonly nodes: readonly NodeImplementation[];
  /** The version whose behaviour is previewed. */
  readonly pending: VersionToReplay;
  /** The version the recorded runs ran. */
  readonly baseline: VersionToReplay;
  /** The engine's run limits apply to every dry run as to a real one. */
  readonly limits?: Partial<RunLimits>;
}

/**
 * Replays recorded runs through another version of their workflow, dry: each recorded run's
 * input, params and trigger go through the pending version with the real interpreter (the same
 * driver, frontier and step runner as a real run), in an in-memory store of its own, with no
 * network and no credentials; side effects and waits are stood in for (see `standInNodes`). Each
 * replay is compared with its recording. One recorded run at a time; nothing of a replayed run is
 * kept once its impact is returned.
 */
export class DryRun {
  private readonly pending: PreparedWorkflow;
  private readonly baseline: PreparedWorkflow;
  private readonly replays = new Map<string, ReplayContext>();
  private readonly limits: RunLimits;
  private readonly store: SqliteRunStore;

  /** Prepares both versions; throws {@link VersionInvalidError} when either no longer validates. */
  constructor(private readonly options: DryRunOptions) {
    const preparer = new WorkflowPreparer(standInNodes(options.nodes, (runId) => this.replayOf(runId)));
    this.pending = prepareVersion(preparer, options.pending);
    this.baseline = prepareVersion(preparer, options.baseline);
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.store = SqliteRunStore.open(':memory:');
    this.store.saveDefinition(this.pending.hash, this.pending.definition);
  }

  /**
   * Replays one recorded run and compares the two. Undefined when `shouldStop` turned true before
   * the replay finished: the run was not previewed.
   */
  async replay(recorded: RecordedRun, shouldStop: () => boolean): Promise<RunImpact | undefined> {
    const { run } = recorded;
    const context = new ReplayContext(recorded, this.baseline, runSnapshot(run, jsonText(run.input), this.baseline));
    const preview = await this.previewRun(run, context, shouldStop);
    if (!preview) return undefined;
    const recordedResult: RunResult = {
      status: run.status === 'succeeded' ? 'succeeded' : 'failed',
      path: pathOf(recorded.steps),
      output: run.output,
      response: run.response,
      error: run.error,
    };
    const { outcome, changes, more } = compareRuns(recordedResult, preview);
    const sideEffects = [...context.standIns, ...context.droppedCalls(new Set(preview.path.map((step) => step.nodeId)))];
    return {
      runId: run.id,
      createdAt: run.createdAt,
      outcome,
      recorded: recordedResult,
      preview,
      sideEffects,
      sideEffectsChanged: sideEffects.some((standIn) => !standIn.replayed),
      outputChanges: changes,
      moreOutputChanges: more,
    };
  }

  /** Closes the in-memory store. */
  close(): Promise<void> {
    return this.store.close();
  }

  /** Runs the recorded run's input through the pending version; undefined when stopped before the end. */
  private async previewRun(run: RunRecord, context: ReplayContext, shouldStop: () => boolean): Promise<RunResult | undefined> {
    let record: RunRecord;
    try {
      record = this.previewRecord(run);
    } catch (error) {
      if (!(error instanceof RunRequestError)) throw error;
      return failedToRun({ code: 'RUN_REQUEST', message: error.message });
    }
    const inputJson = jsonText(run.input);
    // A dry run starts no error workflow: that would be a side effect of its own.
    const snapshot: RunSnapshot = { ...runSnapshot(record, inputJson, this.pending), startsErrorWorkflow: false };
    const startedAt = new Date(snapshot.startedAt);
    // Time stands still at the recorded start: waits' due times and durations read as they did then.
    const services: StepServices = { http: noNetwork, secrets: noSecrets, clock: { now: () => startedAt }, logger: silentLogger, limits: this.limits };
    const waits = new DryWaits();
    const driver = new RunDriver(services, this.store, waits, this.pending, snapshot, shouldStop, () => undefined);
    waits.driver = driver;
    this.store.createRun({
      id: record.id,
      tenantId: record.tenantId,
      workflowId: record.workflowId,
      workflowVersion: record.workflowVersion,
      definitionHash: record.definitionHash,
      triggerNodeId: record.triggerNodeId,
      status: 'running',
      inputJson,
      paramsJson: JSON.stringify(record.params),
      triggerJson: record.trigger === null ? null : jsonText(record.trigger),
      parentRunId: null,
      parentNodeId: null,
      parentIndex: null,
      initiatedBy: record.initiatedBy,
      businessKey: record.businessKey,
      createdAt: record.createdAt,
      startedAt: record.startedAt,
    });
    this.replays.set(run.id, context);
    let outcome: DriveOutcome;
    try {
      driver.begin();
      outcome = await driver.drive();
    } catch (error) {
      return failedToRun({ code: 'PREVIEW_FAILED', message: `the preview of this run stopped: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      this.replays.delete(run.id);
    }
    if (outcome.status !== 'succeeded' && outcome.status !== 'failed') return undefined;
    const steps = await this.store.listSteps(run.id);
    await this.store.pruneRuns(run.tenantId, Number.MAX_SAFE_INTEGER);
    return { status: outcome.status, path: pathOf(steps), output: outcome.output, response: outcome.response, error: outcome.error };
  }

  /**
   * The recorded run as the pending version would have started it: same id, input, trigger and
   * start time (what expressions read as `run`), the pending version's number, and params resolved
   * against the pending version's declarations. A recorded value equal to the baseline's default is
   * taken for the default (runs do not record which params were given), so a changed default
   * applies; params the pending version no longer declares are left out. Throws `RunRequestError`
   * when the pending version could not have started the run.
   */
  private previewRecord(run: RunRecord): RunRecord {
    if (!this.pending.triggers.includes(run.triggerNodeId)) {
      throw new RunRequestError(`the run was started by the trigger "${run.triggerNodeId}", which version ${this.options.pending.version} does not have`);
    }
    const defaults = new Map(this.baseline.definition.params.map((param) => [param.name, param.default]));
    const declared = new Set(this.pending.definition.params.map((param) => param.name));
    const given: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(run.params)) {
      const defaultValue = defaults.get(name);
      if (declared.has(name) && (defaultValue === undefined || canonicalJson(value) !== canonicalJson(defaultValue))) given[name] = value;
    }
    return {
      ...run,
      workflowVersion: this.options.pending.version,
      definitionHash: this.pending.hash,
      status: 'running',
      params: resolveParams(this.pending.definition.params, given),
      output: null,
      error: null,
      response: null,
      stepCount: 0,
      errorWorkflowPending: false,
      errorRunId: null,
      finishedAt: null,
    };
  }

  private replayOf(runId: string): ReplayContext {
    const context = this.replays.get(runId);
    if (!context) throw new Error(`run "${runId}" is not being replayed`);
    return context;
  }
}

/** A version that cannot run on this Flowgate (a node type or version it uses is gone, say). */
export class VersionInvalidError extends WorkflowInvalidError {
  constructor(
    readonly version: number,
    problems: WorkflowInvalidError['problems'],
  ) {
    super(problems);
    this.message = `version ${version} cannot run on this Flowgate: ${this.message}`;
  }
}

function prepareVersion(preparer: WorkflowPreparer, version: VersionToReplay): PreparedWorkflow {
  try {
    return preparer.prepare(version.definition);
  } catch (error) {
    throw error instanceof WorkflowInvalidError ? new VersionInvalidError(version.version, error.problems) : error;
  }
}

/** A preview that could not run at all (the pending version could not have started it). */
function failedToRun(failure: FailureRecord): RunResult {
  return { status: 'failed', path: [], output: null, response: null, error: failure };
}
