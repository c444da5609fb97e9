import type { TaskRecord } from '../../runtime/store/index.js';

/** Someone as approval gates know them: their email (runs record initiators by email) and their roles in the task's tenant. */
export interface TaskPerson {
  readonly email: string;
  readonly roles: readonly string[];
}

/**
 * Whether the person may decide the task by its policy, as the engine will judge it: a role they
 * hold in the tenant or their email among the named approvers, and not the person who started the
 * run unless the gate allows that (separation of duties).
 */
export function mayDecide(task: TaskRecord, person: TaskPerson): boolean {
  const allowed = task.policy.users.includes(person.email) || person.roles.some((role) => task.policy.roles.includes(role));
  const initiator = !task.policy.allowInitiator && task.initiatedBy !== null && task.initiatedBy === person.email;
  return allowed && !initiator;
}

/** Whether the task waits for this person: open, theirs to decide, and not decided by them yet. */
export function awaitsDecisionFrom(task: TaskRecord, person: TaskPerson): boolean {
  return task.status === 'open' && mayDecide(task, person) && !task.decisions.some((decision) => decision.actorId === person.email);
}
