import type { AppContext } from '../context.js';
import { RetentionJob } from '../services/retention.js';
import { Scheduler, type SchedulerOptions } from '../triggers/scheduler.js';

/**
 * What a deployment does besides answering requests and executing runs, in exactly one process:
 * recovering runs and timers, firing schedules, applying retention, dispatching platform events to
 * event triggers and subscriptions, delivering subscriptions. The role `all` does it itself; with
 * roles, the elected scheduler does.
 */
export class BackgroundWork {
  private readonly scheduler: Scheduler;
  private readonly retention: RetentionJob;

  constructor(
    private readonly app: AppContext,
    schedulerOptions: SchedulerOptions = {},
  ) {
    this.scheduler = new Scheduler(app.triggers, app.workflows, app.engine, app.audit, app.logger, schedulerOptions);
    this.retention = new RetentionJob(app.store, app.tenants, app.logger, app.idempotency);
  }

  /** Recovers runs and timers, then starts the rest; resolves with how many running runs were resumed. */
  async start(): Promise<number> {
    const resumed = await this.app.engine.recover();
    await this.scheduler.start();
    this.retention.start();
    this.app.eventDispatcher.start();
    this.app.deliverer.start();
    return resumed;
  }

  /** Stops it all; steps under way are left to the engine's shutdown. */
  async stop(): Promise<void> {
    await Promise.all([this.scheduler.stop(), this.retention.stop()]);
    await this.app.eventDispatcher.stop();
    await this.app.deliverer.stop();
  }
}
