import type Database from 'better-sqlite3';

/**
 * Migration server/10, data part: runs, approval tasks and their decisions named people by e-mail
 * before (the run's initiator, a gate's named approvers, who decided). Each e-mail that belongs to
 * an account becomes that account's user id, so separation of duties and "may decide" compare ids
 * from now on. Values that are no account's e-mail are kept as they were: they match nobody. The
 * run store's tables do not exist yet in a new database (the server's migrations run first), and
 * then there is nothing to move.
 */
export function namePeopleById(db: Database.Database): void {
  const exists = (table: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
  if (!exists('runs') || !exists('tasks') || !exists('task_decisions')) return;
  const idOf = db.prepare('SELECT id FROM users WHERE email = ?').pluck();
  const byEmail = (value: string | null): string | null => (value !== null && value.includes('@') ? ((idOf.get(value) as string | undefined) ?? value) : value);

  const runs = db.prepare("SELECT id, initiated_by, trigger_info FROM runs WHERE initiated_by LIKE '%@%'").all() as { id: string; initiated_by: string; trigger_info: string | null }[];
  const updateRun = db.prepare('UPDATE runs SET initiated_by = ?, trigger_info = ? WHERE id = ?');
  for (const run of runs) {
    const trigger = run.trigger_info === null ? null : (JSON.parse(run.trigger_info) as Record<string, unknown>);
    if (trigger && typeof trigger.by === 'string') trigger.by = byEmail(trigger.by);
    updateRun.run(byEmail(run.initiated_by), trigger === null ? null : JSON.stringify(trigger), run.id);
  }

  const tasks = db.prepare('SELECT id, policy, initiated_by FROM tasks').all() as { id: string; policy: string; initiated_by: string | null }[];
  const updateTask = db.prepare('UPDATE tasks SET policy = ?, initiated_by = ? WHERE id = ?');
  for (const task of tasks) {
    const policy = JSON.parse(task.policy) as { users?: string[] };
    policy.users = (policy.users ?? []).map((user) => byEmail(user) ?? user);
    updateTask.run(JSON.stringify(policy), byEmail(task.initiated_by), task.id);
  }

  const decisions = db.prepare("SELECT task_id, actor_id FROM task_decisions WHERE actor_id LIKE '%@%'").all() as { task_id: string; actor_id: string }[];
  const updateDecision = db.prepare('UPDATE task_decisions SET actor_id = ? WHERE task_id = ? AND actor_id = ?');
  for (const decision of decisions) updateDecision.run(byEmail(decision.actor_id), decision.task_id, decision.actor_id);
}
