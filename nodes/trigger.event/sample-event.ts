import type { JsonObject, PlatformEventType } from '../../runtime/definition/index.js';

const run = {
  runId: 'run_sample',
  workflowId: 'wf_sample',
  workflowVersion: 3,
  workflowName: 'Order sync',
  trigger: 'webhook',
  createdAt: '2026-01-05T09:00:00.000Z',
  finishedAt: '2026-01-05T09:00:04.000Z',
  durationMs: 4000,
};
const failure = { status: 'failed', error: { code: 'HTTP_500', message: 'the shop answered 500', nodeId: 'push' }, failuresInLastHour: 3 };
const task = { taskId: 'task_sample', runId: 'run_sample', workflowId: 'wf_sample', nodeId: 'approve', title: 'Approve refund', createdAt: '2026-01-05T09:00:00.000Z', dueAt: '2026-01-05T10:00:00.000Z' };
const version = { workflowId: 'wf_sample', version: 3, by: 'user_sample' };
const exception = {
  exceptionId: 'exc_sample',
  key: 'EXC-12',
  origin: 'failedRun',
  category: 'integration',
  severity: 'high',
  title: 'Order sync failed',
  subject: null,
  owner: null,
  workflowId: 'wf_sample',
  runId: 'run_sample',
  dueAt: null,
};

/** Example data of each event type, shaped as the platform records it. */
const SAMPLE_DATA: Readonly<Record<PlatformEventType, JsonObject>> = {
  'run.finished': { ...run, status: 'succeeded', failuresInLastHour: 0 },
  'run.failed': { ...run, ...failure },
  'run.slaBreached': { ...run, status: 'succeeded', slaMinutes: 1, durationMs: 95_000 },
  'task.created': task,
  'task.overdue': { ...task, outcome: 'escalated' },
  'version.submitted': { ...version, note: 'Retries for the shop' },
  'version.approved': { ...version, status: 'approved', comment: 'Looks good' },
  'version.activated': { ...version, previousVersion: 2, rollback: false, reason: 'Go live' },
  'exception.raised': exception,
  'exception.classified': { ...exception, previousCategory: 'unknown', classifiedBy: 'person', confidence: 1 },
};

/** A run input like the one an event of `type` gives a `trigger.event` workflow, for test runs. */
export function sampleEventInput(type: PlatformEventType): { event: JsonObject } {
  return {
    event: { id: 'evt_sample', type, tenantId: 'tenant_sample', tenantName: 'Contoso', occurredAt: '2026-01-05T09:00:04.000Z', data: SAMPLE_DATA[type] },
  };
}
