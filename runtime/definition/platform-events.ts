/**
 * The platform's own events: what happened to runs, approval tasks, versions and exceptions of a
 * workspace. Workflows start on them (`trigger.event`) and workspaces subscribe endpoints to them.
 */
export const PLATFORM_EVENT_TYPES = [
  'run.finished',
  'run.failed',
  'run.slaBreached',
  'task.created',
  'task.overdue',
  'version.submitted',
  'version.approved',
  'version.activated',
  'exception.raised',
  'exception.classified',
] as const;
export type PlatformEventType = (typeof PLATFORM_EVENT_TYPES)[number];

/** What each event means, for help texts and the docs. */
export const PLATFORM_EVENT_DESCRIPTIONS: Readonly<Record<PlatformEventType, string>> = {
  'run.finished': 'a run of an active or earlier version ended (succeeded, failed or cancelled)',
  'run.failed': 'a run of an active or earlier version failed',
  'run.slaBreached': "a run ended later than its workflow's slaMinutes after it started",
  'task.created': 'an approval task opened',
  'task.overdue': 'an approval task passed its due time (it timed out or was escalated)',
  'version.submitted': 'a version was submitted for sign-off',
  'version.approved': 'a version received an approval',
  'version.activated': 'a version became the active one (a rollback too)',
  'exception.raised': 'an exception was recorded',
  'exception.classified': 'an exception was given a category by a person or a classifier',
};

/** One platform event as workflows and subscribers receive it. */
export interface PlatformEvent {
  /** Unique, stable across re-deliveries. */
  readonly id: string;
  readonly type: PlatformEventType;
  /** The workspace it happened in. */
  readonly tenantId: string;
  /** Epoch milliseconds. */
  readonly occurredAt: number;
  readonly data: Readonly<Record<string, unknown>>;
}
