import type { SearchAttributeChange, WorkflowDefinition } from '../definition/index.js';

/** Lifecycle of a run. */
export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

/** Every run status, in the order a run goes through them. */
export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];

/** Lifecycle of one node execution within a run. */
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'skipped' | 'waiting';

/** Statuses after which a run never changes again. */
export const FINISHED_RUN_STATUSES: ReadonlySet<RunStatus> = new Set(['succeeded', 'failed', 'cancelled']);

/** Why a step or a run failed. */
export interface FailureRecord {
  readonly message: string;
  readonly code: string;
  readonly nodeId?: string;
  readonly attempt?: number;
  readonly details?: unknown;
  /** Whether another attempt could succeed (network failures, HTTP 408/429/5xx, timeouts). */
  readonly retryable?: boolean;
  /** How long the remote side asked us to wait before trying again. */
  readonly retryAfterMs?: number;
}

/** A run as stored. Payloads are parsed JSON; times are epoch milliseconds. */
export interface RunRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly workflowId: string | null;
  readonly workflowVersion: number | null;
  readonly definitionHash: string;
  readonly triggerNodeId: string;
  readonly status: RunStatus;
  readonly input: unknown;
  readonly params: Record<string, unknown>;
  /** What started the run (webhook request metadata, schedule, manual), visible as `run.trigger`. */
  readonly trigger: unknown;
  readonly output: unknown;
  readonly error: FailureRecord | null;
  readonly response: unknown;
  readonly stepCount: number;
  /** The run whose `flow.forEach` / `flow.subworkflow` step started this one, with the item index. */
  readonly parentRunId: string | null;
  readonly parentNodeId: string | null;
  readonly parentIndex: number | null;
  /** The user who started the run, if a person did (separation of duties at approval gates). */
  readonly initiatedBy: string | null;
  /** The run failed and its workflow's error workflow has yet to be started. */
  readonly errorWorkflowPending: boolean;
  /** The error workflow run started for this run's failure. */
  readonly errorRunId: string | null;
  /** The business object the run is about (an order or invoice number), set by the workflow. */
  readonly businessKey: string | null;
  /** Indexed attributes the workflow set (`flow.setSearchAttributes`), name → text. */
  readonly searchAttributes: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly updatedAt: number;
}

/**
 * A run as lists show it: what it ran, how it stands and when, never its payloads (bodies of up
 * to megabytes each come from the run itself), only their sizes.
 */
export interface RunSummary {
  readonly id: string;
  readonly tenantId: string;
  readonly workflowId: string | null;
  readonly workflowVersion: number | null;
  readonly triggerNodeId: string;
  /** The kind of start (`manual`, `test`, `webhook`, `schedule`, `forEach`, ...), from the trigger metadata. */
  readonly triggerType: string | null;
  readonly status: RunStatus;
  /** The failure's code, message and node, without its details. */
  readonly error: Pick<FailureRecord, 'code' | 'message' | 'nodeId'> | null;
  readonly stepCount: number;
  readonly parentRunId: string | null;
  readonly parentNodeId: string | null;
  readonly parentIndex: number | null;
  readonly initiatedBy: string | null;
  /** The run executes no approved version: a test run of a draft (or of a file), or a run one started (see the engine's `isDraftRun`). */
  readonly draft: boolean;
  /** Sizes of the stored input and output, as JSON bytes. */
  readonly inputBytes: number;
  readonly outputBytes: number;
  readonly businessKey: string | null;
  readonly searchAttributes: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/** A body too large to show whole: its size in bytes and the start of its JSON text (a class, so no stored value can pass for one). */
export class CutPayload {
  constructor(
    readonly bytes: number,
    readonly preview: string,
  ) {}
}

/** A step of a page: its bodies whole, or cut. */
export type StepView = Omit<StepRecord, 'input' | 'output' | 'error' | 'wait'> & {
  readonly input: unknown;
  readonly output: unknown;
  readonly error: FailureRecord | CutPayload | null;
};

/** Which page of a run's steps, and how large it may be. */
export interface StepPageRequest {
  readonly afterSeq: number;
  readonly limit: number;
  readonly bodyCapBytes: number;
  readonly budgetBytes: number;
  /** Characters of a cut body kept as its preview. */
  readonly previewChars: number;
}

/** A page of steps, and whether more follow. */
export interface StepPage {
  readonly steps: readonly StepView[];
  readonly more: boolean;
}

/** Where a payload is stored: a run's input or output, or a step's input, output or error. */
export type PayloadRef =
  | { readonly runId: string; readonly part: 'input' | 'output' }
  | { readonly runId: string; readonly nodeId: string; readonly iteration: string; readonly part: 'input' | 'output' | 'error' };

/** A step as stored: one node (at one loop iteration) of one run. */
export interface StepRecord {
  readonly runId: string;
  readonly nodeId: string;
  /** `0` outside loops; the item index (dotted when nested) inside them. */
  readonly iteration: string;
  /** Order in which the run recorded its steps. */
  readonly seq: number;
  readonly status: StepStatus;
  /** Attempts started so far; 0 for skipped steps. */
  readonly attempt: number;
  /** Output ports the step's result travelled on. */
  readonly ports: readonly string[];
  readonly input: unknown;
  readonly output: unknown;
  readonly error: FailureRecord | null;
  /** What the step waits for while `waiting` (its wait request, plus state such as the items of a forEach). */
  readonly wait: unknown;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/** A new run. Payload fields are JSON text, serialised once by the engine. */
export interface NewRun {
  readonly id: string;
  readonly tenantId: string;
  readonly workflowId: string | null;
  readonly workflowVersion: number | null;
  readonly definitionHash: string;
  readonly triggerNodeId: string;
  readonly status: RunStatus;
  readonly inputJson: string;
  readonly paramsJson: string;
  readonly triggerJson: string | null;
  readonly parentRunId: string | null;
  readonly parentNodeId: string | null;
  readonly parentIndex: number | null;
  readonly initiatedBy: string | null;
  /** The business key the run starts with (from the workflow's settings or a signal that started it); none when absent. */
  readonly businessKey?: string | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
}

/** See {@link RunStore.childRunProgress}. */
export interface ChildRunProgress {
  readonly started: number;
  readonly unfinished: number;
  readonly firstFailed: RunRecord | undefined;
}

/** A change to a run. Payload fields are JSON text. */
export interface RunUpdate {
  readonly status?: RunStatus;
  readonly outputJson?: string | null;
  readonly errorJson?: string | null;
  readonly responseJson?: string | null;
  readonly stepCount?: number;
  readonly startedAt?: number | null;
  readonly finishedAt?: number | null;
  readonly errorWorkflowPending?: boolean;
  readonly errorRunId?: string | null;
  readonly updatedAt: number;
}

/** A step to insert or replace (keyed by run, node and iteration). Payload fields are JSON text. */
export interface StepWrite {
  readonly runId: string;
  readonly nodeId: string;
  readonly iteration: string;
  readonly seq: number;
  readonly status: StepStatus;
  readonly attempt: number;
  readonly ports: readonly string[];
  readonly inputJson: string | null;
  readonly outputJson: string | null;
  readonly errorJson: string | null;
  /** Kind of wait (`approval`, `timer`, `event`, `children`, `retry`) while `waiting`. */
  readonly waitKind: string | null;
  readonly waitJson: string | null;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/** What a timer does when it comes due. */
export type TimerKind = 'resume' | 'retry' | 'event-timeout' | 'approval-due';

/** A durable timer: an indexed wake-up time for one step. */
export interface TimerRecord {
  readonly id: number;
  readonly runId: string;
  readonly nodeId: string;
  readonly iteration: string;
  readonly kind: TimerKind;
  readonly dueAt: number;
}

/** A step waiting for a signal with a correlation key. */
export interface EventWaitRecord {
  readonly tenantId: string;
  readonly correlationKey: string;
  readonly runId: string;
  readonly nodeId: string;
  readonly iteration: string;
  readonly createdAt: number;
}

/** Lifecycle of a human task. */
export type TaskStatus = 'open' | 'approved' | 'rejected' | 'timed_out' | 'cancelled';

/** One person's decision on a task. */
export interface TaskDecision {
  readonly actorId: string;
  readonly decision: 'approve' | 'reject';
  readonly comment: string;
  readonly decidedAt: number;
  /** Id of the signed link it came through, if any (each link decides once). */
  readonly tokenId: string | null;
}

/** A human task opened by an approval gate. */
export interface TaskRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly runId: string;
  readonly nodeId: string;
  readonly iteration: string;
  readonly status: TaskStatus;
  readonly title: string;
  readonly instructions: string;
  readonly fields: Record<string, unknown>;
  readonly policy: {
    readonly roles: readonly string[];
    readonly users: readonly string[];
    readonly requiredApprovals: number;
    readonly vetoOnReject: boolean;
    readonly allowInitiator: boolean;
  };
  readonly initiatedBy: string | null;
  readonly dueAt: number | null;
  readonly onDue: 'timeout' | 'escalate';
  readonly escalatedAt: number | null;
  readonly createdAt: number;
  readonly closedAt: number | null;
  readonly decisions: readonly TaskDecision[];
}

/** Filters for listing a tenant's runs, newest first, with a cursor. */
export interface RunFilter {
  readonly tenantId: string;
  readonly workflowId?: string;
  /** Only runs of this version of the workflow. */
  readonly workflowVersion?: number;
  /** Only runs started this way (`run.trigger.type`: manual, webhook, schedule, test, ...). */
  readonly triggerType?: string;
  /** Only the runs started by steps of this run (its forEach iterations and sub-workflow calls). */
  readonly parentRunId?: string;
  readonly status?: RunStatus;
  /** Created at or after (epoch ms). */
  readonly from?: number;
  /** Created before (epoch ms). */
  readonly to?: number;
  /** Only runs with exactly this business key. */
  readonly businessKey?: string;
  /** Only runs holding every one of these attributes with exactly this value (text, as stored). */
  readonly attributes?: readonly SearchAttributeFilter[];
  /** Continue after this run (the cursor: the last run of the previous page). */
  readonly after?: { readonly createdAt: number; readonly id: string };
  readonly limit: number;
}

/** One search attribute a runs list requires, with its exact value. */
export interface SearchAttributeFilter {
  readonly name: string;
  readonly value: string;
}

/** One version of one workflow in one tenant, and how many of its runs to list. */
export interface VersionRunFilter {
  readonly tenantId: string;
  readonly workflowId: string;
  readonly workflowVersion: number;
  readonly limit: number;
}

/** Filters for listing tasks; the tenant is always required. Oldest first unless `newestFirst`. */
export interface TaskFilter {
  readonly tenantId: string;
  readonly status?: TaskStatus;
  readonly runId?: string;
  /** Only tasks this actor has decided (their history). */
  readonly decidedBy?: string;
  readonly newestFirst?: boolean;
  /** At most this many. */
  readonly limit?: number;
}

/** How many runs of a workflow are unfinished (queued, running or waiting), per pinned version. */
export interface UnfinishedRunCount {
  readonly version: number;
  readonly count: number;
}

/**
 * A write queued into the run store's commit (see {@link RunStore.queueWrite}); a promise it
 * returns is awaited inside the batch's transaction.
 */
export type QueuedWrite = () => unknown;

/**
 * Durable state of runs. Writes are queued in the order they are made and committed in batches
 * (group commit); `flush()` resolves once every write made before it is committed. A write that
 * fails to commit poisons the store: every later `flush()` rejects with its cause, so a successful
 * flush proves that every earlier write is durable. Implementations: SQLite (the embedded default)
 * and PostgreSQL, with the same queue-and-flush contract.
 */
export interface RunStore {
  /** Stores a definition snapshot under its content hash (idempotent). */
  saveDefinition(hash: string, definition: WorkflowDefinition): void;
  loadDefinition(hash: string): Promise<WorkflowDefinition | undefined>;

  createRun(run: NewRun): void;
  updateRun(runId: string, update: RunUpdate): void;
  writeStep(step: StepWrite): void;
  /**
   * Sets a run's business key and search attributes (queued like every write, so they commit with
   * the step that set them). Setting a name again replaces its value, so a step run again after a
   * crash writes the same rows; a new name beyond the run's twentieth (`MAX_SEARCH_ATTRIBUTES`) is not stored.
   */
  setSearchAttributes(runId: string, tenantId: string, change: SearchAttributeChange): void;

  getRun(runId: string): Promise<RunRecord | undefined>;
  /** The run's steps in the order they were recorded: its full trace. */
  listSteps(runId: string): Promise<StepRecord[]>;
  /**
   * One page of the run's steps in recorded order, after sequence number `afterSeq`: at most `limit`
   * steps, and no more once their bodies add up to `budgetBytes` (the first step always comes). A
   * body over `bodyCapBytes` is never read whole: it comes as a {@link CutPayload}.
   */
  listStepPage(runId: string, page: StepPageRequest): Promise<StepPage>;
  /** The stored JSON text of one payload of a run or step, or null when there is none (downloads of bodies a detail cut short). */
  readPayload(ref: PayloadRef): Promise<string | null>;
  /** Ids of runs in a status, oldest first (recovery resumes `running` runs). */
  listRunIdsByStatus(status: RunStatus): Promise<string[]>;
  /** Failed runs whose error workflow has not been started yet. */
  listRunIdsAwaitingErrorWorkflow(): Promise<string[]>;
  /** A tenant's runs, newest first. */
  listRuns(filter: RunFilter): Promise<RunSummary[]>;
  /**
   * How many runs match `filter` in each status, each counted up to `cap` (a count of `cap` means
   * "at least"), so counting stays bounded however many runs there are.
   */
  countRunsByStatus(filter: Omit<RunFilter, 'status' | 'after' | 'limit'>, cap: number): Promise<Record<RunStatus, number>>;
  /** Summaries of these runs (in no particular order; unknown ids are left out). */
  getRunSummaries(runIds: readonly string[]): Promise<RunSummary[]>;
  /** A workflow's unfinished runs of approved versions (test runs of drafts are not counted), per version. */
  countUnfinishedRuns(tenantId: string, workflowId: string): Promise<UnfinishedRunCount[]>;
  /**
   * Ids of a workflow version's newest finished runs — succeeded or failed, not cancelled — newest
   * first, at most `limit`: the recorded traffic the impact preview replays. Ids only, so the
   * caller reads one run at a time, never a page of payloads.
   */
  listFinishedRunIds(filter: VersionRunFilter): Promise<string[]>;
  /** Runs started by steps of `parentRunId` (of one node, when given), in item order. */
  listChildRuns(parentRunId: string, parentNodeId?: string): Promise<RunRecord[]>;
  /** Where one node's child runs stand, without reading them all: how many started, how many are unfinished, the first (by item) that failed or was cancelled. */
  childRunProgress(parentRunId: string, parentNodeId: string): Promise<ChildRunProgress>;

  getStep(runId: string, nodeId: string, iteration: string): Promise<StepRecord | undefined>;
  /** Steps waiting with a given wait kind, across runs (recovery of forEach and sub-workflow waits). */
  listWaitingSteps(waitKind: string): Promise<StepRecord[]>;

  addTimer(timer: Omit<TimerRecord, 'id'>): void;
  deleteTimers(runId: string, nodeId: string, iteration: string): void;
  deleteTimer(id: number): void;
  /** The earliest due time of any timer. */
  nextTimerDue(): Promise<number | undefined>;
  /** Timers due at `now` or earlier, earliest first. */
  listDueTimers(now: number, limit: number): Promise<TimerRecord[]>;

  addEventWait(wait: EventWaitRecord): void;
  deleteEventWait(runId: string, nodeId: string, iteration: string): void;
  listEventWaits(tenantId: string, correlationKey: string): Promise<EventWaitRecord[]>;

  createTask(task: Omit<TaskRecord, 'decisions' | 'status' | 'escalatedAt' | 'closedAt'>): void;
  getTask(taskId: string): Promise<TaskRecord | undefined>;
  getTaskForStep(runId: string, nodeId: string, iteration: string): Promise<TaskRecord | undefined>;
  listTasks(filter: TaskFilter): Promise<TaskRecord[]>;
  addDecision(taskId: string, decision: TaskDecision): void;
  updateTask(taskId: string, update: { status?: TaskStatus; closedAt?: number | null; escalatedAt?: number | null }): void;
  /** Cancels the step's task if it is still open (the run ended while it waited). */
  cancelOpenTask(runId: string, nodeId: string, iteration: string, closedAt: number): void;
  /**
   * Ends what is unfinished of a run that no driver holds, from the stored rows alone: every step
   * still running or waiting is recorded failed with `failure` (its node id added, its input kept
   * as stored), and every wait of the run is released (open tasks cancelled, timers and event
   * subscriptions removed). Nothing of the run is read, so it works for any run.
   */
  endUnfinishedSteps(runId: string, failure: Omit<FailureRecord, 'nodeId'>, finishedAt: number): void;
  /** Whether a signed decision link has already been used. */
  isTokenUsed(tokenId: string): Promise<boolean>;

  /**
   * Deletes a tenant's runs that finished before `finishedBefore` (with their steps, tasks and
   * timers), returning how many went. Retention policies call it; unfinished runs are never pruned.
   */
  pruneRuns(tenantId: string, finishedBefore: number): Promise<number>;

  /**
   * Queues a write of the embedding application's own tables (an audit entry, an idempotency
   * record) into the run store's commit: it runs inside the transaction of the batch it lands in,
   * after every write queued before it, so it commits with them or not at all. It writes through
   * the database the store shares with the application: synchronously on the SQLite connection, or
   * through the shared `SqlDatabase` on either engine (a promise it returns is awaited; it must
   * not wait for anything but the database: the batch's transaction stays open meanwhile). A write
   * that throws or rejects rolls the whole batch back and fails the store like any failed commit.
   */
  queueWrite(write: QueuedWrite): void;

  /**
   * Runs `work` while no other section named `name` runs in any process on the store's database
   * (see `SqlDatabase.exclusive`): for a read-then-write of shared state, such as a decision on a
   * task, whose writes `work` queues and flushes as usual. On PostgreSQL a section holds a
   * connection for as long as it runs, so keep it to its own reads and flush. Sections do not nest.
   */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T>;

  /** Resolves when every write made so far is committed; rejects if any write failed. */
  flush(): Promise<void>;
  /** Commits outstanding writes and closes the store. */
  close(): Promise<void>;
}
