import type { Clock, NodeImplementation, TenantConnectorOperations, TenantExceptionSink, TenantHttp, TenantSecretStore, TenantTextClassifier } from '../definition/index.js';
import type { RunRecord, RunStore, StepRecord, TaskRecord } from '../store/index.js';
import type { WorkflowResolver } from './child-runs.js';
import type { EngineJournal } from './engine-journal.js';
import type { EngineLogger } from './engine-logger.js';
import type { RunLimits } from './limits.js';
import type { RunDispatch } from './run-dispatch.js';
import type { FinishedStepEvent } from './step-runner.js';
import type { ApproverResolver } from './wait-registry.js';

/** Notifications for the embedding server (mail approvers, answer webhooks, metrics). */
export interface EngineEvents {
  /** A task was opened; a promise it answers counts as the engine's work under way (see `Engine.shutdown`). */
  taskOpened?(task: TaskRecord): void | Promise<unknown>;
  /** A task was escalated; a promise it answers counts as the engine's work under way (see `Engine.shutdown`). */
  taskEscalated?(task: TaskRecord): void | Promise<unknown>;
  runStarted?(run: RunRecord): void;
  runSettled?(run: RunRecord): void;
  stepFinished?(step: FinishedStepEvent): void;
}

/** How {@link Engine.start} commits a new run. */
export interface StartOptions {
  /**
   * False: the creation is committed with the run's next commit instead of before `start` returns
   * (before any side effect or wait, and with its final status).
   */
  readonly commitBeforeReturn?: boolean;
  /**
   * A write committed in the same transaction as the run's creation (see
   * {@link RunStore.queueWrite}): the caller's audit entry and idempotency record, so the run is
   * never stored without them nor they without the run.
   */
  readonly together?: (run: RunRecord) => unknown;
}

/** What the engine is built from. Everything with I/O is injected. */
export interface EngineOptions {
  readonly store: RunStore;
  readonly nodes: readonly NodeImplementation[];
  /**
   * HTTP for nodes, per run's tenant. By default the egress guard with no allow-list: public
   * addresses only. Pass an `EgressGuard` with the deployment's (and tenants') allow-lists.
   */
  readonly http?: TenantHttp;
  /** Connector credentials, looked up within each run's tenant. */
  readonly secrets?: TenantSecretStore;
  /** Operations of API connectors imported from OpenAPI documents, looked up within each run's tenant. */
  readonly connectors?: TenantConnectorOperations;
  /** Records the exceptions steps raise (`flow.raiseException`), within each run's tenant. */
  readonly exceptions?: TenantExceptionSink;
  /** Classifies text for `ai.classify` (its `local` provider) with the classifier of each run's tenant. */
  readonly classifier?: TenantTextClassifier;
  readonly clock?: Clock;
  readonly logger?: EngineLogger;
  readonly limits?: Partial<RunLimits>;
  /** Resolves workflow ids for forEach bodies, sub-workflows and error workflows. */
  readonly workflows?: WorkflowResolver;
  /** Key that signs decision links (32 random bytes or more). */
  readonly signingKey?: Uint8Array;
  readonly events?: EngineEvents;
  /** The embedding server's writes for changes the engine makes by itself (same commit). */
  readonly journal?: EngineJournal;
  /**
   * Turns the people an approval gate names (as its author wrote them: user ids or e-mail
   * addresses) into the ids decisions are compared with, just before the task opens. It may answer
   * synchronously or with a promise (the step then finishes once it settles; a run cancelled
   * meanwhile opens no task). Not called for gates that name nobody. By default the names are kept
   * as written.
   */
  readonly resolveApprovers?: ApproverResolver;
  /**
   * Dispatch mode: runs are executed by workers (through `Engine.work`), never by this
   * engine by itself. Starting, retrying and cancelling a run, and ending any of its waits, hand an
   * order over in the same commit as the state it belongs to. Unset: the engine drives its runs.
   */
  readonly dispatch?: RunDispatch;
  /** Whether this engine fires durable timers (default true; false for processes that only serve the API). */
  readonly timers?: boolean;
  /**
   * Also look for due timers at least this often (milliseconds): for an engine that fires timers
   * which engines in other processes store. Unset, it learns of new timers from its own runs only.
   */
  readonly timerPollMs?: number;
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
  /** The user who started the run; approval gates keep them from approving it unless allowed. */
  readonly initiatedBy?: string | null;
  /**
   * The run's business key, instead of the one the workflow's `settings.businessKey` gives (a
   * signal that starts a run gives its correlation key).
   */
  readonly businessKey?: string;
  /** Set for runs started by a forEach or sub-workflow step. */
  readonly parent?: { readonly runId: string; readonly nodeId: string; readonly index: number };
}

/** A run that has been durably created and is executing. */
export interface RunHandle {
  readonly runId: string;
  /** Resolves with the run once it stops: finished, waiting, or interrupted by shutdown. */
  readonly settled: Promise<RunRecord>;
}

/** A run and its full trace. */
export interface RunTrace {
  readonly run: RunRecord;
  readonly steps: StepRecord[];
  /** Runs started by its forEach and sub-workflow steps: the iterations, with their item index. */
  readonly children: readonly { readonly nodeId: string; readonly index: number; readonly runId: string; readonly status: RunRecord['status'] }[];
}
