import type { PlainData } from '../expressions/index.js';
import type { FailureRecord, RunRecord, StepRecord } from '../store/index.js';

/** A finished run as the store recorded it, with its whole trace: what a dry run replays. */
export interface RecordedRun {
  readonly run: RunRecord;
  readonly steps: readonly StepRecord[];
}

/** A node that ran (succeeded, or failed), and the output ports its result took; none when its failure failed the run. */
export interface PathStep {
  readonly nodeId: string;
  readonly ports: readonly string[];
}

/**
 * What stood in for a node with side effects, or for a wait, in a dry run: the node never ran (or
 * its wait never began); this says what it would have sent and how the dry run went on. Also a
 * call the recorded run made that the dry run no longer reaches ("would no longer call …").
 */
export interface StandIn {
  readonly nodeId: string;
  readonly nodeType: string;
  /** The node type's title, e.g. "HTTP request". */
  readonly title: string;
  /**
   * The node received the same input and resolved to the same config as in the recorded run, so
   * the recorded result was used. False when it would send something else, or never ran there.
   */
  readonly replayed: boolean;
  /** In words: "would call POST https://… with {…}", and how the run went on. */
  readonly description: string;
  /** What it would have sent: the resolved config of a node with side effects, the wait request of a wait. */
  readonly request: PlainData;
}

/** How a run ended, recorded or dry. */
export interface RunResult {
  readonly status: 'succeeded' | 'failed';
  /** The nodes that ran, in recorded order (skipped nodes are not on it). */
  readonly path: readonly PathStep[];
  readonly output: unknown;
  /** The response a `flow.respond` node set for the webhook caller, if any. */
  readonly response: unknown;
  readonly error: FailureRecord | null;
}

/**
 * How the dry run of a recorded run compares with the recording: `failed` when the preview failed
 * and the recording did not fail the same way (same code, same node); `differentPath` when other
 * nodes ran or took other ports; `differentOutput` when the same nodes gave another run output or
 * response; `same` otherwise.
 */
export type ImpactOutcome = 'same' | 'differentPath' | 'differentOutput' | 'failed';

/** One difference between two run results, at a path into `{ output, response }`. */
export interface OutputChange {
  /** e.g. `output.priority`, `output.lines[2]`, `response.status`. */
  readonly path: string;
  /** The recorded value; undefined when the recording had nothing there. */
  readonly recorded?: unknown;
  /** The preview's value; undefined when the preview has nothing there. */
  readonly preview?: unknown;
}

/** What replaying one recorded run through the pending version showed. */
export interface RunImpact {
  readonly runId: string;
  readonly createdAt: number;
  readonly outcome: ImpactOutcome;
  readonly recorded: RunResult;
  readonly preview: RunResult;
  /**
   * Every side effect and wait the dry run reached, in the order it reached them; then the calls
   * the recorded run made that the dry run never reached (they would no longer happen).
   */
  readonly sideEffects: readonly StandIn[];
  /** Whether any of them would send something the recorded run did not (`replayed: false`). */
  readonly sideEffectsChanged: boolean;
  /** Where the output (and response) differ; empty when they are the same. */
  readonly outputChanges: readonly OutputChange[];
  /** Whether there were more changes than `outputChanges` lists. */
  readonly moreOutputChanges: boolean;
}
