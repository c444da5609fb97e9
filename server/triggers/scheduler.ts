import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import type { Engine } from '../../runtime/engine/index.js';
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

/**
 * Fires `trigger.schedule` triggers of active versions (croner, with time zones). On start it
 * looks at each schedule's last fire: when fires were missed while the server was down, the
 * `runOnce` policy starts one run for them, `skip` does not. Reloads when activations change.
 * Each run it starts is audited (actor `system:schedule`) in the commit that creates it.
 */
export class Scheduler {
  private jobs: Cron[] = [];
  /** Bumped by every reload and stop, so a reload overtaken by a later one schedules nothing. */
  private generation = 0;

  constructor(
    private readonly triggers: TriggerService,
    private readonly workflows: WorkflowService,
    private readonly engine: Engine,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
  ) {}

  /** Schedules every active schedule trigger; runs missed fires once where the policy says so. */
  start(): Promise<void> {
    this.triggers.watchSchedules(() => {
      this.reload(false).catch((error: unknown) => this.logger.error({ err: error }, 'the schedules could not be reloaded'));
    });
    return this.reload(true);
  }

  stop(): void {
    this.generation++;
    this.cancelJobs();
  }

  private cancelJobs(): void {
    for (const job of this.jobs) job.stop();
    this.jobs = [];
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
    this.cancelJobs();
    for (const { schedule, active } of found) {
      const node = active?.definition.nodes.find((candidate) => candidate.id === schedule.nodeId);
      if (!node) continue;
      const config = triggerConfig<ScheduleConfig>(node);
      const fire = (scheduledAt: Date) => {
        this.triggers
          .recordFire(schedule.workflowId, schedule.nodeId, Date.now())
          .catch((error: unknown) => this.logger.error({ err: error, workflowId: schedule.workflowId }, "a schedule's last fire could not be recorded"));
        this.engine
          .start(
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
          )
          .catch((error: unknown) => this.logger.error({ err: error, workflowId: schedule.workflowId }, 'a scheduled run could not start'));
      };
      const job = new Cron(config.cron, { timezone: config.timeZone, unref: true }, (self: Cron) => fire(self.currentRun() ?? new Date()));
      this.jobs.push(job);
      if (catchUp && config.missedFires === 'runOnce' && schedule.lastFiredAt !== null) {
        const missed = new Cron(config.cron, { timezone: config.timeZone, paused: true }).nextRun(new Date(schedule.lastFiredAt));
        if (missed && missed.getTime() < Date.now()) fire(missed);
      }
    }
  }
}
