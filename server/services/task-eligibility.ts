import type { TaskRecord } from '../../runtime/store/index.js';

/**
 * Someone as approval gates know them: their user id (runs record initiators, tasks their approvers
 * and decisions by user id; e-mail is only shown) and their roles in the task's tenant.
 */
export interface TaskPerson {
  readonly id: string;
  readonly roles: readonly string[];
}

/** Whether the task's policy names the person or asks for a role they hold in the tenant (partner roles included). */
export function isApproverOf(task: TaskRecord, person: TaskPerson): boolean {
  return task.policy.users.includes(person.id) || person.roles.some((role) => task.policy.roles.includes(role));
}

/** Whether separation of duties bars the person: they started the run and the gate does not allow that. */
export function isBarredInitiator(task: TaskRecord, person: TaskPerson): boolean {
  return !task.policy.allowInitiator && task.initiatedBy !== null && task.initiatedBy === person.id;
}

/** Whether the person has already decided the task. */
export function hasDecided(task: TaskRecord, person: TaskPerson): boolean {
  return task.decisions.some((decision) => decision.actorId === person.id);
}

/**
 * Whether the person may decide the task by its policy, as the engine will judge it: a role they
 * hold in the tenant or their user id among the named approvers, and not the person who started the
 * run unless the gate allows that (separation of duties).
 */
export function mayDecide(task: TaskRecord, person: TaskPerson): boolean {
  return isApproverOf(task, person) && !isBarredInitiator(task, person);
}

/** Whether the task waits for this person: open, theirs to decide, and not decided by them yet. */
export function awaitsDecisionFrom(task: TaskRecord, person: TaskPerson): boolean {
  return task.status === 'open' && mayDecide(task, person) && !hasDecided(task, person);
}
