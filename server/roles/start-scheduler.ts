import type { ServerConfig } from '../config.js';
import { BackgroundWork } from './background-work.js';
import { standForLeadership } from './leader-election.js';
import { openProcess, type OpenedProcess } from './open-process.js';
import type { RoleProcess } from './role-process.js';

/** The leadership the scheduler processes of a deployment stand for. */
const SCHEDULER_LEADERSHIP = 'flowgate:scheduler';

/** How often the leader reads the schedules for changes made in API processes. */
const SCHEDULE_RELOAD_MS = 5000;

/** A scheduler process: it stands by until `leading` resolves, then does the deployment's background work. */
export interface SchedulerProcess extends RoleProcess {
  /** Resolves once this process leads and its work is under way; rejects if it could not start it. */
  readonly leading: Promise<void>;
}

/**
 * Starts a scheduler process (`--role scheduler`): it stands for the leadership of the
 * deployment's schedulers (see `standForLeadership`) and, once elected, opens the database and
 * does the background work (`BackgroundWork`: timers, schedules with each tick claimed once,
 * retention, platform events and deliveries). Any number may run: one leads, the others stand by
 * and take over within a second of its death. A leader that loses its session exits (`onLost`).
 */
export async function startScheduler(config: ServerConfig, onLost: (error: Error) => void): Promise<SchedulerProcess> {
  if (config.databaseUrl === undefined) throw new Error('a scheduler needs FLOWGATE_DATABASE_URL');
  const candidacy = await standForLeadership(config.databaseUrl, SCHEDULER_LEADERSHIP, onLost);
  let closing = false;
  let elected = false;
  let running: { opened: OpenedProcess; work: BackgroundWork } | undefined;
  const leading = candidacy.elected.then(async () => {
    if (closing) return;
    elected = true;
    const opened = await openProcess(config);
    const work = new BackgroundWork(opened.app, { reloadEveryMs: SCHEDULE_RELOAD_MS });
    running = { opened, work };
    await work.start();
    opened.app.logger.info({ role: config.role }, 'flowgate scheduler leads');
  });
  return {
    leading,
    async close() {
      closing = true;
      // A standby is never elected once it withdraws: `leading` would never settle.
      if (elected) await leading.catch(() => undefined);
      if (running) {
        await running.work.stop();
        await running.opened.close();
      }
      await candidacy.withdraw();
    },
  };
}
