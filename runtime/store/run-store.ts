import type { WorkflowDefinition } from '../definition/index.js';

/** Lifecycle of a run. */
export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

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
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly updatedAt: number;
}

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
  readonly createdAt: number;
  readonly startedAt: number | null;
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
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/**
 * Durable state of runs. Writes are queued in the order they are made and committed in batches
 * (group commit); `flush()` resolves once every write made before it is committed. A write that
 * fails to commit poisons the store: every later `flush()` rejects with its cause, so a successful
 * flush proves that every earlier write is durable. Implementations: SQLite (embedded default);
 * PostgreSQL can follow with the same queue-and-flush contract.
 */
export interface RunStore {
  /** Stores a definition snapshot under its content hash (idempotent). */
  saveDefinition(hash: string, definition: WorkflowDefinition): void;
  loadDefinition(hash: string): Promise<WorkflowDefinition | undefined>;

  createRun(run: NewRun): void;
  updateRun(runId: string, update: RunUpdate): void;
  writeStep(step: StepWrite): void;

  getRun(runId: string): Promise<RunRecord | undefined>;
  /** The run's steps in the order they were recorded: its full trace. */
  listSteps(runId: string): Promise<StepRecord[]>;
  /** Ids of runs in a status, oldest first (recovery resumes `running` runs). */
  listRunIdsByStatus(status: RunStatus): Promise<string[]>;

  /** Resolves when every write made so far is committed; rejects if any write failed. */
  flush(): Promise<void>;
  /** Commits outstanding writes and closes the store. */
  close(): Promise<void>;
}
