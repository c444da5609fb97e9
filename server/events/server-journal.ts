import type { EngineJournal } from '../../runtime/engine/index.js';
import type { SqlDatabase, TaskRecord } from '../../runtime/store/index.js';
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
export async function runWorkflowId(sql: SqlDatabase, runId: string): Promise<string | null> {
  const row = await sql.get<{ workflow_id: string | null }>('SELECT workflow_id FROM runs WHERE id = ?', [runId]);
  return row?.workflow_id ?? null;
}

/** More writes of the server at a run's end (rollups), in the same commit. */
export type RunFinishedWriter = (run: FinishedRun) => Promise<void>;

/**
 * Everything the server writes in the engine's own commits: audit entries and `task.overdue` for a
 * task's due time, and for a run's end its exception (a failure), its events and `more` (rollups).
 */
export function serverJournal(sql: SqlDatabase, audit: AuditLog, exceptions: ExceptionService, events: PlatformEventLog, more: readonly RunFinishedWriter[] = []): EngineJournal {
  const audited = engineJournal(audit);
  const overdue = async (task: TaskRecord, outcome: 'timedOut' | 'escalated') => {
    await events.record(task.tenantId, 'task.overdue', { ...taskEventData(task, await runWorkflowId(sql, task.runId)), outcome });
  };
  return {
    taskTimedOut: async (task) => {
      await audited.taskTimedOut?.(task);
      await overdue(task, 'timedOut');
    },
    taskEscalated: async (task) => {
      await audited.taskEscalated?.(task);
      await overdue(task, 'escalated');
    },
    runFinished: async (runId) => {
      const run = await finishedRun(sql, runId);
      if (!run) return;
      await recordRunEvents(sql, events, run);
      await exceptions.recordFailedRun(run);
      for (const write of more) await write(run);
    },
  };
}
