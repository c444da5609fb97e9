import type { TaskRecord } from '../store/index.js';

/**
 * Writes of the embedding server that belong to changes the engine makes by itself, run inside the
 * store transaction that commits the change (see `RunStore.queueWrite`): the server's audit entries
 * for a task's time-out or escalation. Unlike the engine's events, which follow a commit, these are
 * part of it.
 */
export interface EngineJournal {
  /** A task's due time came and the gate left on `timeout`; `task` is the closed task. */
  taskTimedOut?(task: TaskRecord): unknown;
  /** A task's due time came and it was escalated (it keeps waiting). */
  taskEscalated?(task: TaskRecord): unknown;
  /**
   * A run ended — succeeded, failed or cancelled — and `runId`'s final state is written earlier in
   * the same commit, so the server reads it as it ends (exceptions from failures, rollups).
   */
  runFinished?(runId: string): unknown;
}
