import type { EngineJournal } from '../../runtime/engine/index.js';
import type { RunRecord, TaskRecord } from '../../runtime/store/index.js';
import type { AuditLog, AuditRecord } from './audit-log.js';

/**
 * Actor ids of changes no person made. They cannot collide with user ids (UUIDs) and read as what
 * acted: a webhook request, a schedule, a platform event, the engine at a task's due time.
 */
export const SYSTEM_ACTORS = {
  webhook: 'system:webhook',
  schedule: 'system:schedule',
  /** A platform event that a `trigger.event` workflow starts on. */
  event: 'system:event',
  engine: 'system:engine',
  /** `flowgate admin …` on the server's machine. */
  cli: 'system:cli',
} as const;

/** The `run.start` entry of a run a trigger started, to append in the run's creating commit. */
export function triggeredStartEntry(run: RunRecord, actorId: string, details: Record<string, unknown>): AuditRecord {
  return {
    tenantId: run.tenantId,
    actorId,
    action: 'run.start',
    targetType: 'run',
    targetId: run.id,
    details: { workflowId: run.workflowId, version: run.workflowVersion, triggerNodeId: run.triggerNodeId, ...details },
  };
}

function taskEntry(task: TaskRecord, action: string): AuditRecord {
  return {
    tenantId: task.tenantId,
    actorId: SYSTEM_ACTORS.engine,
    action,
    targetType: 'task',
    targetId: task.id,
    details: { runId: task.runId, nodeId: task.nodeId, dueAt: task.dueAt === null ? null : new Date(task.dueAt).toISOString() },
  };
}

/** Audits the engine's own changes to tasks (time-outs, escalations) in the commits that make them. */
export function engineJournal(audit: AuditLog): EngineJournal {
  return {
    taskTimedOut: (task) => audit.append(taskEntry(task, 'task.timeout')),
    taskEscalated: (task) => audit.append(taskEntry(task, 'task.escalate')),
  };
}
