import type { TenantSecretStore } from '../definition/index.js';
import { EgressGuard } from '../egress/index.js';
import { ExpressionError, freezeData, toPlainData, type PlainData } from '../expressions/index.js';
import { FINISHED_RUN_STATUSES, type FailureRecord, type RunRecord, type RunStore, type StepRecord, type TaskRecord, type TimerRecord } from '../store/index.js';
import { ApprovalService, type DecisionRequest } from './approvals.js';
import { ChildRunCoordinator, type ChildStart, type WorkflowResolver } from './child-runs.js';
import { signDecisionToken, verifyDecisionToken, type DecisionClaims } from './decision-tokens.js';
import { silentLogger } from './engine-logger.js';
import { EngineStoppedError, RunRequestError, TenantBusyError } from './errors.js';
import { newRunId } from './ids.js';
import { KeyedMutex } from '../store/keyed-mutex.js';
import { DEFAULT_LIMITS } from './limits.js';
import { WorkflowPreparer, type PreparedWorkflow } from './prepared-workflow.js';
import { endRunAtRest } from './run-at-rest.js';
import { hasStopped, watchedRunHandle, watchStoredRun, type RunDispatch, type RunOrder } from './run-dispatch.js';
import { RunDriver, type DriveOutcome, type RestoredStep, type StepCompletion } from './run-driver.js';
import { givenBusinessKey, startBusinessKey } from './business-key.js';
import { resolveParams } from './run-params.js';
import { isDraftRun, runSnapshot } from './run-snapshot.js';
import type { StepServices } from './step-runner.js';
import { TimerService } from './timer-service.js';
import { StoreWaitRegistry, rewriteWait, type StoredWait } from './wait-registry.js';
import { WorkInFlight } from './work-in-flight.js';
import type { EngineEvents, EngineOptions, RunHandle, RunTrace, StartOptions, StartRunRequest } from './engine-api.js';

/** Prepared definitions kept for resuming runs. */
const PREPARED_CACHE_SIZE = 256;

/** Interrupted runs resumed at once during recovery. */
const RECOVERY_BATCH = 32;

const noSecrets: TenantSecretStore = {
  get: (_tenantId, credentialId) => Promise.reject(new Error(`credential "${credentialId}" is not available`)),
};

/**
 * The workflow interpreter: starts, drives, resumes and recovers runs against a {@link RunStore};
 * approval gates, timers, events, retries, child runs and error workflows all end in the same
 * place, {@link Engine.complete}, which hands a wait's completion to the run's active driver or
 * persists it and resumes the run.
 */
export class Engine {
  private readonly store: RunStore;
  private readonly preparer: WorkflowPreparer;
  private readonly services: StepServices;
  private readonly events: EngineEvents;
  private readonly resolver: WorkflowResolver | undefined;
  private readonly signingKey: Uint8Array | undefined;
  private readonly drivers = new Map<string, RunDriver>();
  private readonly settling = new Map<string, Promise<RunRecord>>();
  private readonly runLocks = new KeyedMutex();
  private readonly savedDefinitions = new Set<string>();
  private readonly prepared = new Map<string, PreparedWorkflow>();
  /** Runs with an active driver, per tenant (for the per-tenant limit). */
  private readonly activeByTenant = new Map<string, number>();
  private readonly waits: StoreWaitRegistry;
  private readonly timers: TimerService;
  private readonly approvals: ApprovalService;
  private readonly children: ChildRunCoordinator;
  /** Where runs go in dispatch mode (see `EngineOptions.dispatch`); unset, this engine drives them. */
  private readonly dispatch: RunDispatch | undefined;
  private readonly firesTimers: boolean;
  /** The shutdown, once asked for (see {@link shutdown}). */
  private shutDown: Promise<void> | undefined;
  /** Whether {@link shutdown} was asked for: no step starts and no request is taken any more. */
  private get stopping(): boolean {
    return this.shutDown !== undefined;
  }
  /** Set once {@link shutdown} has waited for everything under way: the store may close, and work orders are refused. */
  private stopped = false;
  /** Requests, drives and background work under way, which {@link shutdown} waits for. */
  private readonly underWay = new WorkInFlight();
  /** The guard the engine made for itself when none was given: it closes its pools at shutdown. */
  private readonly ownGuard: EgressGuard | undefined;

  constructor(options: EngineOptions) {
    this.ownGuard = options.http ? undefined : new EgressGuard();
    this.store = options.store;
    this.preparer = new WorkflowPreparer(options.nodes);
    this.events = options.events ?? {};
    this.resolver = options.workflows;
    this.signingKey = options.signingKey;
    this.dispatch = options.dispatch;
    this.firesTimers = options.timers ?? true;
    this.services = {
      http: options.http ?? (this.ownGuard as EgressGuard),
      secrets: options.secrets ?? noSecrets,
      ...(options.connectors ? { connectors: options.connectors } : {}),
      ...(options.exceptions ? { exceptions: options.exceptions } : {}),
      ...(options.classifier ? { classifier: options.classifier } : {}),
      clock: options.clock ?? { now: () => new Date() },
      logger: options.logger ?? silentLogger,
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      onStepFinished: (step) => this.events.stepFinished?.(step),
      ...(options.journal?.runFinished ? { runFinished: options.journal.runFinished.bind(options.journal) } : {}),
    };
    const complete = (runId: string, nodeId: string, completion: StepCompletion, together?: () => unknown) => this.complete(runId, nodeId, completion, together);
    this.timers = new TimerService(this.store, this.services.clock, (timer) => this.fireTimer(timer), this.services.logger, options.timerPollMs);
    this.approvals = new ApprovalService(this.store, this.services.clock, {
      complete,
      escalated: (task) => void this.background(Promise.resolve(this.events.taskEscalated?.(task))),
      journal: options.journal ?? {},
    });
    this.children = new ChildRunCoordinator(this.store, this.resolver, this.services.limits.maxChildDepth, {
      complete,
      startChild: (start) => this.startChild(start),
      definition: async (hash) => (await this.storedWorkflow(hash))?.definition,
    });
    this.waits = new StoreWaitRegistry(
      this.store,
      this.services.clock,
      {
        timerAdded: (dueAt) => this.timers.notify(dueAt),
        taskOpened: (taskId) => void this.background(this.store.getTask(taskId).then((task) => task && this.events.taskOpened?.(task))),
        childrenRequested: (runId, nodeId) => void this.background(this.children.advance(runId, nodeId)),
      },
      options.resolveApprovers,
    );
    if (this.firesTimers) void this.background(this.timers.start());
  }

  /** Validates and indexes a definition (throws `WorkflowInvalidError` with every problem). */
  prepare(definition: unknown): PreparedWorkflow {
    return this.preparer.prepare(definition);
  }

  /**
   * Starts a run and returns once it is durably created; execution continues in the background.
   * With `commitBeforeReturn: false` the creation is committed with the run's next commit instead
   * (before any side effect or wait, and with its final status) — for callers who acknowledge
   * nothing until the run settles, such as `execute` and webhooks answering on completion.
   * `together` is written in the transaction that creates the run.
   * Bad input or params throw `RunRequestError`; an invalid definition throws `WorkflowInvalidError`.
   * In dispatch mode the run's order is handed off in its creation's commit, which is always made
   * before returning, and `settled` watches the run in the store.
   */
  start(request: StartRunRequest, options: StartOptions = {}): Promise<RunHandle> {
    return this.accept(() => this.startRun(request, options));
  }

  /** Starts a run (see {@link start}). */
  private async startRun(request: StartRunRequest, options: StartOptions): Promise<RunHandle> {
    const tenantId = request.tenantId ?? 'local';
    const limit = this.services.limits.maxActiveRunsPerTenant;
    if ((this.activeByTenant.get(tenantId) ?? 0) >= limit) {
      throw new TenantBusyError(`this workspace already has ${limit} runs executing; try again shortly`);
    }
    const workflow = this.preparer.prepare(request.definition);
    const triggerNodeId = request.triggerNodeId ?? workflow.triggers[0];
    if (triggerNodeId === undefined || !workflow.triggers.includes(triggerNodeId)) {
      throw new RunRequestError(`"${String(triggerNodeId)}" is not a trigger of this workflow`);
    }
    // The limits are checked here, once, on exactly what is stored; nothing checks them again.
    const params = resolveParams(workflow.definition.params, request.params);
    const input = requestData(request.input === undefined ? {} : request.input, 'the run input', 'input');
    const inputJson = JSON.stringify(input);
    const maxBytes = this.services.limits.maxPayloadBytes;
    if (Buffer.byteLength(inputJson) > maxBytes) throw new RunRequestError(`the run input is larger than ${maxBytes} bytes`, ['input']);
    const trigger = request.trigger === undefined ? null : requestData(request.trigger, 'the trigger metadata', 'trigger');
    const businessKey = request.businessKey === undefined ? startBusinessKey(workflow.definition.settings.businessKey, { input, params }) : givenBusinessKey(request.businessKey);
    const now = this.now();
    const record: RunRecord = {
      id: newRunId(now),
      tenantId,
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
      parentRunId: request.parent?.runId ?? null,
      parentNodeId: request.parent?.nodeId ?? null,
      parentIndex: request.parent?.index ?? null,
      initiatedBy: request.initiatedBy ?? null,
      errorWorkflowPending: false,
      errorRunId: null,
      businessKey,
      searchAttributes: {},
      createdAt: now,
      startedAt: now,
      finishedAt: null,
      updatedAt: now,
    };
    // Everything that could refuse the run happens before it exists: a run is created only if it can start.
    const executor = this.dispatch ?? this.driver(workflow, record, inputJson);
    if (!this.savedDefinitions.has(workflow.hash)) this.store.saveDefinition(workflow.hash, workflow.definition);
    this.savedDefinitions.add(workflow.hash);
    this.store.createRun({ ...record, inputJson, paramsJson: JSON.stringify(params), triggerJson: trigger === null ? null : JSON.stringify(trigger) });
    const together = options.together;
    if (together) this.store.queueWrite(() => together(record));
    if (!(executor instanceof RunDriver)) {
      this.store.queueWrite(executor.handOff({ runId: record.id }));
      await this.store.flush();
      this.events.runStarted?.(record);
      return this.watched(record.id);
    }
    const driver = executor;
    this.attach(record, driver);
    if (options.commitBeforeReturn !== false) await this.store.flush();
    driver.begin();
    this.events.runStarted?.(record);
    return { runId: record.id, settled: this.drive(record, driver) };
  }

  /** Starts a run and waits until it stops (finished or waiting); one commit less than `start`. */
  async execute(request: StartRunRequest): Promise<RunRecord> {
    return (await this.start(request, { commitBeforeReturn: false })).settled;
  }

  /** Continues a run from its last committed state (after a crash, a shutdown, or a completed wait). */
  resume(runId: string): Promise<RunRecord> {
    return this.accept(async () => (await this.runLocks.run(runId, () => this.reopen(runId))).settled);
  }

  /**
   * Carries out an order handed off in dispatch mode (a worker's job): delivers the completion it
   * carries, cancels the run, or simply continues it, here, and resolves once the run stops here
   * (finished or waiting). Safe to repeat after a crash: a completion for a step that no longer
   * waits is ignored, a cancellation of a finished run answers the run, and a run that was left
   * running continues from its last committed state. A drive that this engine's shutdown
   * interrupts hands the run off again, so another worker continues it; so orders are still taken
   * while this engine shuts down (a worker stops claiming them meanwhile), and refused once it has.
   */
  work(order: RunOrder): Promise<RunRecord> {
    if (this.stopped) return Promise.reject(new EngineStoppedError());
    return this.underWay.add(this.carryOut(order));
  }

  /** Carries out a run order (see {@link work}). */
  private async carryOut(order: RunOrder): Promise<RunRecord> {
    const { runId } = order;
    if (order.cancel) {
      const run = await this.storedRun(runId);
      return FINISHED_RUN_STATUSES.has(run.status) ? run : this.cancelRun(runId, undefined, undefined);
    }
    if (order.completion) {
      // Frozen as a restored completion is: it came in as JSON and is trusted, never checked again.
      const completion = freezeData(order.completion.completion) as unknown as StepCompletion;
      await this.endWait(runId, order.completion.nodeId, completion, undefined, undefined);
    }
    const { settled } = await this.runLocks.run(runId, () => this.reopen(runId));
    const run = await settled;
    if (run.status === 'running' && this.dispatch) {
      this.store.queueWrite(this.dispatch.handOff({ runId }));
      await this.store.flush();
    }
    return run;
  }

  /**
   * Recovery on start: runs that were running continue from their last committed state (a step
   * that had started but not finished runs again with the same idempotency key), due timers fire,
   * forEach and sub-workflow steps pick up their children, pending error workflows start. Returns
   * once all of that is under way (not finished), with how many running runs were resumed.
   * Each run is on its own: one that cannot be resumed is failed with the reason (and logged), and
   * never keeps the others, the timers or the caller's readiness waiting. In dispatch mode running
   * runs are left to the jobs that hold them.
   */
  recover(): Promise<number> {
    return this.accept(() => this.recoverRuns());
  }

  /** Recovery on start (see {@link recover}). */
  private async recoverRuns(): Promise<number> {
    const running = this.dispatch ? [] : await this.store.listRunIdsByStatus('running');
    let resumed = 0;
    for (let start = 0; start < running.length; start += RECOVERY_BATCH) {
      const batch = running.slice(start, start + RECOVERY_BATCH);
      const opened = await Promise.all(batch.map((id) => this.runLocks.run(id, () => this.reopen(id)).catch((error: unknown) => this.unrecovered(id, error))));
      for (const reopened of opened) {
        if (!reopened) continue;
        if (reopened.resumed) resumed++;
        void this.background(reopened.settled);
      }
    }
    for (const step of await this.store.listWaitingSteps('children')) void this.background(this.children.advance(step.runId, step.nodeId));
    for (const id of await this.store.listRunIdsAwaitingErrorWorkflow()) void this.background(this.startErrorWorkflow(id));
    if (this.firesTimers) await this.timers.start();
    return resumed;
  }

  /**
   * Records a decision on a human task; the run resumes once the task's policy is met. `together`
   * is written in the transaction that records the decision, with the task as it stands after it.
   */
  decide(taskId: string, request: DecisionRequest, together?: (task: TaskRecord) => unknown): Promise<TaskRecord> {
    return this.accept(() => this.approvals.decide(taskId, request, together));
  }

  /** A signed, expiring, single-use link token letting `approverId` decide `taskId`. */
  async decisionLink(taskId: string, approverId: string, ttlMs: number): Promise<string> {
    const task = await this.store.getTask(taskId);
    if (!task) throw new RunRequestError(`task "${taskId}" does not exist`);
    const claims = { tenantId: task.tenantId, runId: task.runId, nodeId: task.nodeId, taskId, approverId, expiresAt: this.now() + ttlMs };
    return signDecisionToken(this.requireKey(), claims);
  }

  /** Verifies a decision link token (signature over its canonical claims, expiry). */
  verifyDecisionLink(token: string): DecisionClaims {
    return verifyDecisionToken(this.requireKey(), token, this.now());
  }

  /**
   * Resumes every run waiting for `correlationKey` in the tenant with `payload`; returns how many.
   * Each resumption commits on its own, `together` (with the run's id) in its transaction; a run
   * resumed by a signal no longer waits, so delivering the same signal again after a crash resumes
   * only the runs the first delivery did not reach. With `workflowId`, only that workflow's runs.
   */
  signal(tenantId: string, correlationKey: string, payload: unknown, together?: (runId: string) => unknown, workflowId?: string): Promise<number> {
    return this.accept(() => this.deliverSignal(tenantId, correlationKey, payload, together, workflowId));
  }

  /** Resumes the runs waiting for a signal (see {@link signal}). */
  private async deliverSignal(tenantId: string, correlationKey: string, payload: unknown, together: ((runId: string) => unknown) | undefined, workflowId: string | undefined): Promise<number> {
    const output = requestData(payload ?? null, 'the signal payload', 'payload');
    await this.store.flush();
    let resumed = 0;
    for (const wait of await this.store.listEventWaits(tenantId, correlationKey)) {
      if (workflowId !== undefined && (await this.store.getRun(wait.runId))?.workflowId !== workflowId) continue;
      const unsubscribe = () => {
        this.store.deleteEventWait(wait.runId, wait.nodeId, wait.iteration);
        this.store.deleteTimers(wait.runId, wait.nodeId, wait.iteration);
        if (together) this.store.queueWrite(() => together(wait.runId));
      };
      if (await this.complete(wait.runId, wait.nodeId, { kind: 'succeeded', ports: ['received'], output }, unsubscribe)) resumed++;
    }
    return resumed;
  }

  /**
   * Cancels a running or waiting run: no further steps start, waits are released, it ends
   * `cancelled`. A run that a driver holds is stopped through it; any other run is ended from the
   * store alone, without loading its definition or checking its data again, so every unfinished
   * run can be cancelled, whatever it holds. `together` is written in the transaction that records
   * the run as cancelled (not at all when the run finished otherwise first). In dispatch mode a run
   * no driver here holds is cancelled by the worker it is handed to: `together` is written with
   * that order instead, and the answer comes once the run has finished.
   */
  cancel(runId: string, together?: () => unknown): Promise<RunRecord> {
    return this.accept(() => this.cancelRun(runId, together, this.dispatch));
  }

  /** Cancels a run (see {@link cancel}); with `elsewhere`, a run no driver here holds is handed off to be cancelled. */
  private async cancelRun(runId: string, together: (() => unknown) | undefined, elsewhere: RunDispatch | undefined): Promise<RunRecord> {
    const { settled } = await this.runLocks.run(runId, async () => {
      const driver = this.drivers.get(runId);
      const settling = this.settling.get(runId);
      if (driver && settling) {
        driver.cancel(together);
        return { settled: settling };
      }
      // A drive that has stopped taking completions is still writing where the run stands.
      await settling?.catch(() => undefined);
      const run = await this.storedRun(runId);
      if (FINISHED_RUN_STATUSES.has(run.status)) throw new RunRequestError(`run "${runId}" has already finished (${run.status})`);
      if (elsewhere) {
        if (together) this.store.queueWrite(together);
        this.store.queueWrite(elsewhere.handOff({ runId, cancel: true }));
        await this.store.flush();
        return { settled: this.watchRun(runId, (stored) => FINISHED_RUN_STATUSES.has(stored.status)) };
      }
      const end = { status: 'cancelled', failure: null, stepFailure: { code: 'CANCELLED', message: 'the run was cancelled' } } as const;
      const outcome = await endRunAtRest(this.store, runId, run, end, this.now(), this.withRunFinished(runId, together));
      return { settled: Promise.resolve(this.settled(run, outcome)) };
    });
    return settled;
  }

  /**
   * Retries a failed run from the step that failed: that step (and any cancelled with the
   * failure) runs again as its next attempt; the steps that succeeded are not repeated. Resolves
   * once the retry is under way. `together` is written in the transaction that reopens the run
   * (and, in dispatch mode, hands it off).
   */
  retry(runId: string, together?: () => unknown): Promise<RunHandle> {
    return this.accept(() => this.retryRun(runId, together));
  }

  /** Reopens a failed run (see {@link retry}). */
  private retryRun(runId: string, together: (() => unknown) | undefined): Promise<RunHandle> {
    return this.runLocks.run(runId, async () => {
      const run = await this.storedRun(runId);
      if (run.status !== 'failed') throw new RunRequestError(`only failed runs can be retried; this one is ${run.status}`);
      for (const step of await this.store.listSteps(runId)) {
        if (step.status !== 'failed' || step.ports.length > 0) continue;
        this.store.writeStep({ ...step, status: 'running', inputJson: JSON.stringify(step.input), outputJson: null, errorJson: null, waitKind: null, waitJson: null, finishedAt: null });
      }
      this.store.updateRun(runId, { status: 'running', errorJson: null, finishedAt: null, errorWorkflowPending: false, updatedAt: this.now() });
      if (together) this.store.queueWrite(together);
      if (this.dispatch) {
        this.store.queueWrite(this.dispatch.handOff({ runId }));
        await this.store.flush();
        return this.watched(runId);
      }
      const { settled } = await this.reopen(runId);
      return { runId, settled };
    });
  }

  /** Fires every timer that is due now (the timer service does this by itself; operators and tests may ask). */
  runDueTimers(): Promise<void> {
    return this.accept(() => this.timers.fireNow());
  }

  /** Runs held in memory right now; waiting runs are not among them. */
  get activeRuns(): number {
    return this.drivers.size;
  }

  /** A run and its full trace: which nodes ran or were skipped, with their input and output. */
  async trace(runId: string): Promise<RunTrace | undefined> {
    await this.store.flush();
    const run = await this.store.getRun(runId);
    if (!run) return undefined;
    const children = (await this.store.listChildRuns(runId)).map((child) => ({
      nodeId: child.parentNodeId ?? '',
      index: child.parentIndex ?? 0,
      runId: child.id,
      status: child.status,
    }));
    return { run, steps: await this.store.listSteps(runId), children };
  }

  /**
   * Stops taking requests (they are refused with {@link EngineStoppedError}; `work` orders only
   * once this resolves), stops starting steps and firing timers, and waits for everything under
   * way to end: running steps finish and are recorded, and requests, timer rounds and the
   * follow-ups of waits that had begun end too. Once it resolves nothing of the engine touches the
   * store any more, which may then close. Calling it again answers the same promise.
   */
  shutdown(): Promise<void> {
    this.shutDown ??= this.stopEverything();
    return this.shutDown;
  }

  private async stopEverything(): Promise<void> {
    await this.timers.stop();
    // Writes that commit now may still start follow-ups (a task's announcement), which are
    // under way as soon as their commit has returned: wait until a commit starts nothing.
    let flushed: { readonly failure?: Error };
    do {
      await this.underWay.drained();
      flushed = await this.store.flush().then(
        () => ({}),
        (error: unknown) => ({ failure: error instanceof Error ? error : new Error(String(error)) }),
      );
    } while (!this.underWay.idle);
    this.stopped = true;
    await this.ownGuard?.close();
    // A lost commit is the caller's to hear of: nothing may look committed after it.
    if (flushed.failure) throw flushed.failure;
  }

  /**
   * Takes a request while the engine runs, counting it as under way until it settles (see
   * {@link shutdown}); refuses it with {@link EngineStoppedError} once shutting down.
   */
  private accept<T>(request: () => Promise<T>): Promise<T> {
    if (this.stopping) return Promise.reject(new EngineStoppedError());
    return this.underWay.add(Promise.resolve().then(request));
  }

  /**
   * Ends a step's wait: hands the completion to the run's active driver, or stores it with the
   * waiting step and resumes the run. `together` queues the writes that made the wait end (the task
   * closing, the subscription going) so they commit in the same batch as the completion: a crash
   * can never leave a closed task beside a step that still waits. False when the step no longer
   * waits (already completed or cancelled); then `together` is not applied. In dispatch mode a
   * run no driver here holds gets the completion as an order, handed off in that same commit.
   */
  private complete(runId: string, nodeId: string, completion: StepCompletion, together?: () => unknown): Promise<boolean> {
    return this.endWait(runId, nodeId, completion, together, this.dispatch);
  }

  /** Ends a step's wait (see {@link complete}); with `elsewhere`, a run no driver here holds is handed the completion. */
  private endWait(runId: string, nodeId: string, completion: StepCompletion, together: (() => unknown) | undefined, elsewhere: RunDispatch | undefined): Promise<boolean> {
    return this.runLocks.run(runId, async () => {
      const driver = this.drivers.get(runId);
      if (driver?.isWaitingFor(nodeId)) {
        together?.();
        driver.complete(nodeId, completion);
        await this.store.flush();
        return true;
      }
      if (driver) return false;
      await this.store.flush();
      const step = await this.store.getStep(runId, nodeId, '0');
      const run = await this.store.getRun(runId);
      if (step?.status !== 'waiting' || !run || FINISHED_RUN_STATUSES.has(run.status)) return false;
      together?.();
      if (elsewhere) {
        this.store.queueWrite(elsewhere.handOff({ runId, completion: { nodeId, completion } }));
        await this.store.flush();
        return true;
      }
      rewriteWait(this.store, step, { ...(step.wait as StoredWait), completion });
      this.store.updateRun(runId, { status: 'running', updatedAt: this.now() });
      await this.reopen(runId);
      return true;
    });
  }

  /**
   * Rebuilds a run's driver from the store and starts driving it; the caller holds the run's lock,
   * which is released once the driver is registered (the drive itself goes on in the background).
   * Stored data is trusted as it was checked when it came in: it is frozen, never checked again. A
   * run that cannot be rebuilt (its definition missing or no longer valid, its rows unreadable)
   * is failed with the reason instead of throwing, so no caller (recovery, a decision, a timer)
   * is ever stopped by one broken run; `resumed` then says it was not. A waiting run is resumed
   * only when a completion arrived for one of its steps (it went waiting while the completion's
   * order was queued behind the drive).
   */
  private async reopen(runId: string): Promise<{ settled: Promise<RunRecord>; resumed: boolean }> {
    const inProgress = this.settling.get(runId);
    if (inProgress) return { settled: inProgress, resumed: true };
    const run = await this.storedRun(runId);
    if (FINISHED_RUN_STATUSES.has(run.status) || (run.status === 'waiting' && !(await this.completionArrived(runId)))) {
      return { settled: Promise.resolve(run), resumed: false };
    }
    let driver: RunDriver;
    try {
      const input = freezeData(run.input);
      driver = this.driver(await this.preparedByHash(run.definitionHash), run, JSON.stringify(input));
      driver.restore((await this.store.listSteps(runId)).map(restored));
    } catch (error) {
      return { settled: this.failUnresumable(run, error), resumed: false };
    }
    this.attach(run, driver);
    if (run.status === 'waiting') this.store.updateRun(runId, { status: 'running', updatedAt: this.now() });
    return { settled: this.drive({ ...run, status: 'running' }, driver), resumed: true };
  }

  /** The run as committed; throws when there is no such run. */
  private async storedRun(runId: string): Promise<RunRecord> {
    await this.store.flush();
    const run = await this.store.getRun(runId);
    if (!run) throw new RunRequestError(`run "${runId}" does not exist`);
    return run;
  }

  /** Whether a waiting step of the run holds a completion that arrived while no driver held it. */
  private async completionArrived(runId: string): Promise<boolean> {
    const steps = await this.store.listSteps(runId);
    return steps.some((step) => step.status === 'waiting' && (step.wait as StoredWait | null)?.completion !== undefined);
  }

  /** The handle of a run handed off to a worker: `settled` watches the store until the run stops. */
  private watched(runId: string): RunHandle {
    return watchedRunHandle(runId, () => this.watchRun(runId, hasStopped));
  }

  /** Reads the run back until `done` (or this engine shuts down). */
  private watchRun(runId: string, done: (run: RunRecord) => boolean): Promise<RunRecord> {
    if (this.stopped) return Promise.reject(new EngineStoppedError());
    return this.underWay.add(watchStoredRun(this.store, runId, done, () => this.stopping));
  }

  /** The writes in the commit that ends a run at rest: the caller's, then the journal's `runFinished`. */
  private withRunFinished(runId: string, together?: () => unknown): (() => unknown) | undefined {
    const { runFinished } = this.services;
    if (!runFinished) return together;
    return () => Promise.resolve(together?.()).then(() => runFinished(runId));
  }

  /** Fails a run that cannot be resumed, from the store alone, with the reason; logs it. */
  private async failUnresumable(run: RunRecord, error: unknown): Promise<RunRecord> {
    const failure = this.resumeFailure(run.id, error);
    const outcome = await endRunAtRest(this.store, run.id, run, { status: 'failed', failure, stepFailure: failure }, this.now(), this.withRunFinished(run.id));
    return this.settled(run, outcome);
  }

  /**
   * Recovery's last resort for a run it could not even read (its row does not parse): failed by
   * id, from the store alone, and logged; if the store refuses that too, it stays for the next start.
   */
  private async unrecovered(runId: string, error: unknown): Promise<undefined> {
    const failure = this.resumeFailure(runId, error);
    await endRunAtRest(this.store, runId, undefined, { status: 'failed', failure, stepFailure: failure }, this.now(), this.withRunFinished(runId)).catch((second: unknown) =>
      this.services.logger.error({ runId, error: second instanceof Error ? second.message : String(second) }, 'the run could not be marked failed either'),
    );
    return undefined;
  }

  /** The failure of a run that cannot be resumed, logged with its reason. */
  private resumeFailure(runId: string, error: unknown): FailureRecord {
    const reason = error instanceof Error ? error.message : String(error);
    this.services.logger.error({ runId, error: reason }, 'a run could not be resumed; it is marked failed');
    return { code: 'RESUME_FAILED', message: `the run could not be resumed: ${reason}` };
  }

  /** The prepared definition of a stored run, cached by hash (resumes happen often, definitions rarely change). */
  private async preparedByHash(hash: string): Promise<PreparedWorkflow> {
    const workflow = await this.storedWorkflow(hash);
    if (!workflow) throw new Error(`definition ${hash} is missing from the store`);
    return workflow;
  }

  /** A stored definition, prepared once per hash; undefined when the store does not have it. */
  private async storedWorkflow(hash: string): Promise<PreparedWorkflow | undefined> {
    const cached = this.prepared.get(hash);
    if (cached) return cached;
    const definition = await this.store.loadDefinition(hash);
    if (!definition) return undefined;
    const workflow = this.preparer.prepare(definition);
    if (this.prepared.size >= PREPARED_CACHE_SIZE) this.prepared.delete(this.prepared.keys().next().value as string);
    this.prepared.set(hash, workflow);
    return workflow;
  }

  /** A driver for the run, not registered yet (see {@link attach}), so building one that fails leaves nothing behind. */
  private driver(workflow: PreparedWorkflow, run: RunRecord, inputJson: string): RunDriver {
    const snapshot = runSnapshot(run, inputJson, workflow);
    const driver: RunDriver = new RunDriver(this.services, this.store, this.waits, workflow, snapshot, () => this.stopping, () => this.detach(run, driver));
    return driver;
  }

  /** Registers a run's driver: completions go to it, and it takes one of its tenant's slots. */
  private attach(run: RunRecord, driver: RunDriver): void {
    this.drivers.set(run.id, driver);
    this.activeByTenant.set(run.tenantId, (this.activeByTenant.get(run.tenantId) ?? 0) + 1);
  }

  /** Forgets a run's driver once it stops (if it is still the current one) and frees its tenant's slot. */
  private detach(run: RunRecord, driver: RunDriver): void {
    if (this.drivers.get(run.id) !== driver) return;
    this.drivers.delete(run.id);
    this.activeByTenant.set(run.tenantId, (this.activeByTenant.get(run.tenantId) ?? 1) - 1);
  }

  /** Drives a run in the background; resolves with the run as it stands when the drive stops. */
  private drive(record: RunRecord, driver: RunDriver): Promise<RunRecord> {
    const runId = record.id;
    const settled = driver
      .drive()
      .then((outcome: DriveOutcome): RunRecord => this.settled(record, outcome))
      .finally(() => {
        if (this.settling.get(runId) === settled) this.settling.delete(runId);
      });
    this.settling.set(runId, settled);
    void this.underWay.add(settled).catch((error: unknown) => {
      this.detach(record, driver);
      this.services.logger.error({ runId, error: error instanceof Error ? error.message : String(error) }, 'run stopped by an engine failure');
    });
    return settled;
  }

  /** After a drive: notify, hand a finished child back to its parent, start an error workflow. */
  private settled(record: RunRecord, outcome: DriveOutcome): RunRecord {
    const run: RunRecord = { ...record, ...outcome, updatedAt: outcome.finishedAt ?? this.now() };
    if (FINISHED_RUN_STATUSES.has(run.status)) {
      if (run.parentRunId && run.parentNodeId) void this.background(this.children.advance(run.parentRunId, run.parentNodeId));
      if (run.status !== 'succeeded') void this.background(this.cancelChildren(run.id));
      if (run.errorWorkflowPending) void this.background(this.startErrorWorkflow(run.id));
    }
    this.events.runSettled?.(run);
    return run;
  }

  /** Starts the failed run's error workflow with the failure details (once; recovery retries). */
  private async startErrorWorkflow(failedRunId: string): Promise<void> {
    await this.store.flush();
    const failed = await this.store.getRun(failedRunId);
    if (!failed?.errorWorkflowPending) return;
    const definition = await this.store.loadDefinition(failed.definitionHash);
    const workflowId = definition?.settings.errorWorkflowId ?? undefined;
    const target = workflowId === undefined ? undefined : await this.resolver?.resolve(failed.tenantId, workflowId);
    if (!target) {
      this.services.logger.warn({ runId: failedRunId, workflowId }, 'the error workflow has no active version; nothing was started');
      this.store.updateRun(failedRunId, { errorWorkflowPending: false, updatedAt: this.now() });
      return;
    }
    let handle: RunHandle;
    try {
      handle = await this.start({
        definition: target.definition,
        workflowId: target.workflowId,
        workflowVersion: target.version,
        tenantId: failed.tenantId,
        input: { failedRun: { id: failed.id, workflowId: failed.workflowId, workflowVersion: failed.workflowVersion, error: failed.error, startedAt: failed.startedAt, finishedAt: failed.finishedAt } },
        trigger: { type: 'errorWorkflow', failedRunId: failed.id, ...(isDraftRun(failed) ? { draft: true } : {}) },
      });
    } catch (error) {
      // A refusal that trying again cannot change (the failure details over the input limits):
      // say so once, instead of failing again at every start. A busy tenant or a shutdown is
      // tried again later (recovery starts what is still pending).
      if (!(error instanceof RunRequestError) || error instanceof TenantBusyError || this.stopping) throw error;
      this.services.logger.warn({ runId: failedRunId, workflowId, error: error.message }, 'the error workflow could not be started');
      this.store.updateRun(failedRunId, { errorWorkflowPending: false, updatedAt: this.now() });
      await this.store.flush();
      return;
    }
    this.store.updateRun(failedRunId, { errorWorkflowPending: false, errorRunId: handle.runId, updatedAt: this.now() });
    await this.store.flush();
  }

  private async startChild(start: ChildStart): Promise<void> {
    await this.start({
      definition: start.definition,
      workflowId: start.workflowId,
      workflowVersion: start.version,
      tenantId: start.parent.tenantId,
      input: start.item,
      initiatedBy: start.parent.initiatedBy,
      parent: { runId: start.parent.id, nodeId: start.nodeId, index: start.index },
      trigger: {
        type: start.forEach ? 'forEach' : 'subworkflow',
        parentRunId: start.parent.id,
        nodeId: start.nodeId,
        index: start.index,
        ...(isDraftRun(start.parent) ? { draft: true } : {}),
      },
    });
  }

  private async cancelChildren(runId: string): Promise<void> {
    for (const child of await this.store.listChildRuns(runId)) {
      if (!FINISHED_RUN_STATUSES.has(child.status)) await this.cancelRun(child.id, undefined, this.dispatch).catch(() => undefined);
    }
  }

  private async fireTimer(timer: TimerRecord): Promise<void> {
    const step = await this.store.getStep(timer.runId, timer.nodeId, timer.iteration);
    if (step?.status !== 'waiting') return;
    const input = freezeData(step.input ?? null);
    switch (timer.kind) {
      case 'resume':
        await this.complete(timer.runId, timer.nodeId, { kind: 'succeeded', ports: ['out'], output: input });
        return;
      case 'retry':
        await this.complete(timer.runId, timer.nodeId, { kind: 'rerun' });
        return;
      case 'event-timeout':
        await this.complete(timer.runId, timer.nodeId, { kind: 'succeeded', ports: ['timeout'], output: input }, () =>
          this.store.deleteEventWait(timer.runId, timer.nodeId, timer.iteration),
        );
        return;
      case 'approval-due':
        await this.approvals.onDue(timer);
        return;
    }
  }

  /** Work nobody awaits: counted as under way (see {@link shutdown}), its failure logged. */
  private background(work: Promise<unknown>): Promise<void> {
    return this.underWay.add(work).then(
      () => undefined,
      (error: unknown) => this.services.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'background work failed'),
    );
  }

  private requireKey(): Uint8Array {
    if (!this.signingKey) throw new Error('decision links need the engine option signingKey');
    return this.signingKey;
  }

  private now(): number {
    return this.services.clock.now().getTime();
  }
}

/** A value from the caller as plain data; anything else is the caller's mistake, reported at its path under `root`. */
function requestData(value: unknown, what: string, root: string): PlainData {
  try {
    return toPlainData(value, what);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RunRequestError(message, error instanceof ExpressionError ? [root, ...error.path] : undefined);
  }
}

function restored(record: StepRecord): RestoredStep {
  const output = freezeData(record.output ?? null);
  const wait = record.wait as StoredWait | null;
  const completion = wait?.completion === undefined ? undefined : (freezeData(wait.completion) as unknown as StepCompletion);
  return { record, output, outputJson: JSON.stringify(output), completion };
}
