import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import { WorkInFlight, type Engine } from '../../runtime/engine/index.js';
import type { AuditLog } from '../services/audit-log.js';
import { SYSTEM_ACTORS, triggeredStartEntry } from '../services/engine-audit.js';
import type { ScheduleTrigger, TriggerService } from '../services/triggers.js';
import type { WorkflowService } from '../services/workflows.js';
import { triggerConfig } from './trigger-config.js';

interface ScheduleConfig {
  cron: string;
  timeZone: string;
  missedFires: 'skip' | 'runOnce';
}

/** Tuning of {@link Scheduler}. */
export interface SchedulerOptions {
  /**
   * Also read the schedules this often (milliseconds), for changes other processes make; jobs are
   * rebuilt only when what they fire changed. Unset: reloads only when this process's activations
   * change them.
   */
  readonly reloadEveryMs?: number;
}

/**
 * Fires `trigger.schedule` triggers of active versions (croner, with time zones). On start it
 * looks at each schedule's last fire: when fires were missed while the server was down, the
 * `runOnce` policy starts one run for them, `skip` does not. Reloads when activations change.
 * Each tick is claimed in the database before its run starts (see `TriggerService.claimFire`), so
 * a tick fires once even where two schedulers overlap (a leader handing over). Each run it starts
 * is audited (actor `system:schedule`) in the commit that creates it.
 */
export class Scheduler {
  private jobs: Cron[] = [];
  /** What the current jobs fire (schedules and active versions), to skip rebuilding them unchanged. */
  private firing = '';
  /** Bumped by every reload and stop, so a reload overtaken by a later one schedules nothing. */
  private generation = 0;
  private poll: NodeJS.Timeout | undefined;
  /** Reloads and fires under way, which {@link stop} waits for. */
  private readonly underWay = new WorkInFlight();
  /** Set by {@link stop}: activations that change schedules afterwards reload nothing. */
  private stopped = false;

  constructor(
    private readonly triggers: TriggerService,
    private readonly workflows: WorkflowService,
    private readonly engine: Engine,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions = {},
  ) {}

  /** Schedules every active schedule trigger; runs missed fires once where the policy says so. */
  async start(): Promise<void> {
    this.stopped = false;
    const reload = () => {
      if (this.stopped) return;
      void this.underWay.add(this.reload(false)).catch((error: unknown) => this.logger.error({ err: error }, 'the schedules could not be reloaded'));
    };
    this.triggers.watchSchedules(reload);
    await this.reload(true);
    if (this.options.reloadEveryMs !== undefined) {
      this.poll = setInterval(reload, this.options.reloadEveryMs);
      this.poll.unref();
    }
  }

  /** Schedules nothing more, and resolves once the reloads and fires under way have ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    this.generation++;
    this.cancelJobs();
    await this.underWay.drained();
  }

  private cancelJobs(): void {
    for (const job of this.jobs) job.stop();
    this.jobs = [];
    this.firing = '';
  }

  private async reload(catchUp: boolean): Promise<void> {
    const generation = ++this.generation;
    const schedules = await this.triggers.schedules();
    const found: { schedule: ScheduleTrigger; active: { version: number; definition: WorkflowDefinition } }[] = [];
    for (const schedule of schedules) {
      const active = await this.workflows.active(schedule.tenantId, schedule.workflowId);
      if (active) found.push({ schedule, active });
    }
    // A later reload (or a stop) began while this one read: its view is newer.
    if (generation !== this.generation) return;
    const firing = JSON.stringify(found.map(({ schedule, active }) => [schedule.tenantId, schedule.workflowId, schedule.nodeId, active.version]));
    if (!catchUp && firing === this.firing) return;
    this.cancelJobs();
    this.firing = firing;
    for (const { schedule, active } of found) {
      const node = active.definition.nodes.find((candidate) => candidate.id === schedule.nodeId);
      if (!node) continue;
      const config = triggerConfig<ScheduleConfig>(node);
      const fire = (scheduledAt: Date) => {
        void this.underWay.add(this.fire(schedule, active, config, scheduledAt)).catch((error: unknown) =>
          this.logger.error({ err: error, workflowId: schedule.workflowId }, 'a scheduled run could not start'),
        );
      };
      const job = new Cron(config.cron, { timezone: config.timeZone, unref: true }, (self: Cron) => fire(self.currentRun() ?? new Date()));
      this.jobs.push(job);
      if (catchUp && config.missedFires === 'runOnce' && schedule.lastFiredAt !== null) {
        const missed = new Cron(config.cron, { timezone: config.timeZone, paused: true }).nextRun(new Date(schedule.lastFiredAt));
        if (missed && missed.getTime() < Date.now()) fire(missed);
      }
    }
  }

  /** Claims the tick and, when this scheduler won it, starts its run. */
  private async fire(schedule: ScheduleTrigger, active: { version: number; definition: WorkflowDefinition }, config: ScheduleConfig, scheduledAt: Date): Promise<void> {
    // Cron ticks are whole seconds: two schedulers firing one tick claim the same instant.
    const tick = Math.floor(scheduledAt.getTime() / 1000) * 1000;
    if (!(await this.triggers.claimFire(schedule.workflowId, schedule.nodeId, tick))) return;
    await this.engine.start(
      {
        definition: active.definition,
        tenantId: schedule.tenantId,
        workflowId: schedule.workflowId,
        workflowVersion: active.version,
        triggerNodeId: schedule.nodeId,
        input: { scheduledAt: scheduledAt.toISOString() },
        trigger: { type: 'schedule', cron: config.cron, timeZone: config.timeZone, scheduledAt: scheduledAt.toISOString() },
      },
      { together: (run) => this.audit.append(triggeredStartEntry(run, SYSTEM_ACTORS.schedule, { scheduledAt: scheduledAt.toISOString() })) },
    );
  }
}
