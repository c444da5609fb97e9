import type Database from 'better-sqlite3';
import type { EngineJournal } from '../../runtime/engine/index.js';
import type { TaskRecord } from '../../runtime/store/index.js';
import type { ExceptionService } from '../exceptions/exception-service.js';
import { engineJournal } from '../services/engine-audit.js';
import type { AuditLog } from '../services/audit-log.js';
import { finishedRun, type FinishedRun } from './finished-run.js';
import type { PlatformEventLog } from './platform-event-log.js';
import { recordRunEvents } from './run-events.js';

/** The facts of an approval task that its events carry. */
export function taskEventData(task: TaskRecord, workflowId: string | null): Record<string, unknown> {
  return {
    taskId: task.id,
    runId: task.runId,
    workflowId,
    nodeId: task.nodeId,
    title: task.title,
    createdAt: new Date(task.createdAt).toISOString(),
    dueAt: task.dueAt === null ? null : new Date(task.dueAt).toISOString(),
  };
}

/** The workflow of a run, for events about its tasks. */
export function runWorkflowId(db: Database.Database, runId: string): string | null {
  return (db.prepare('SELECT workflow_id FROM runs WHERE id = ?').pluck().get(runId) as string | null | undefined) ?? null;
}

/** More writes of the server at a run's end (rollups), in the same commit. */
export type RunFinishedWriter = (run: FinishedRun) => void;

/**
 * Everything the server writes in the engine's own commits: audit entries and `task.overdue` for a
 * task's due time, and for a run's end its exception (a failure), its events and `more` (rollups).
 */
export function serverJournal(db: Database.Database, audit: AuditLog, exceptions: ExceptionService, events: PlatformEventLog, more: readonly RunFinishedWriter[] = []): EngineJournal {
  const audited = engineJournal(audit);
  const overdue = (task: TaskRecord, outcome: 'timedOut' | 'escalated') => events.record(task.tenantId, 'task.overdue', { ...taskEventData(task, runWorkflowId(db, task.runId)), outcome });
  return {
    taskTimedOut: (task) => {
      audited.taskTimedOut?.(task);
      overdue(task, 'timedOut');
    },
    taskEscalated: (task) => {
      audited.taskEscalated?.(task);
      overdue(task, 'escalated');
    },
    runFinished: (runId) => {
      const run = finishedRun(db, runId);
      if (!run) return;
      recordRunEvents(db, events, run);
      exceptions.recordFailedRun(run);
      for (const write of more) write(run);
    },
  };
}
