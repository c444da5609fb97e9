/**
 * What a Flowgate process does (`flowgate start --role`):
 * - `all`: everything in one process, on SQLite or alone on a PostgreSQL database;
 * - `api`: the REST API, the designer and webhooks; keeps no run state (runs go to workers as jobs);
 * - `webhooks`: only the webhook endpoints (and health), like `api` otherwise;
 * - `worker`: executes runs, claimed as jobs from the PostgreSQL job queue;
 * - `scheduler`: the elected leader among its peers fires schedules and durable timers, applies
 *   retention and dispatches platform events; the others stand by.
 * Processes in roles other than `all` share one PostgreSQL database, any number side by side.
 */
export const PROCESS_ROLES = ['all', 'api', 'webhooks', 'worker', 'scheduler'] as const;

/** One of {@link PROCESS_ROLES}. */
export type ProcessRole = (typeof PROCESS_ROLES)[number];

/** Whether `value` names a role. */
export function isProcessRole(value: string): value is ProcessRole {
  return (PROCESS_ROLES as readonly string[]).includes(value);
}

/** Whether processes in this role hand their runs to workers (through the job queue) instead of running them. */
export function dispatchesRuns(role: ProcessRole): boolean {
  return role !== 'all';
}

/** Whether processes in this role fire durable timers (the scheduler fires them for every worker). */
export function firesTimers(role: ProcessRole): boolean {
  return role === 'all' || role === 'scheduler';
}
