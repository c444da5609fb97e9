import type { Logger } from 'pino';
import type { RunStore } from '../../runtime/store/index.js';
import type { IdempotencyKeys } from './idempotency.js';
import type { TenantService } from './tenants.js';

/** How often finished runs are pruned. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Prunes each tenant's finished runs older than its policy's `retentionDays` (steps, tasks and
 * timers go with them) and idempotency keys past their 24 hours. Runs hourly, and once at start.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  /** The pruning under way, which {@link stop} waits for. */
  private pruning: Promise<unknown> | undefined;

  constructor(
    private readonly store: RunStore,
    private readonly tenants: TenantService,
    private readonly logger: Logger,
    private readonly idempotency: IdempotencyKeys,
  ) {}

  start(): void {
    this.pruneInBackground();
    this.timer = setInterval(() => this.pruneInBackground(), PRUNE_EVERY_MS);
    this.timer.unref();
  }

  /** Prunes no more, and resolves once the pruning under way (if any) has ended. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.pruning;
  }

  /** One round of {@link pruneAll} that nobody awaits but {@link stop}; a round under way is not doubled. */
  private pruneInBackground(): void {
    this.pruning ??= this.pruneAll()
      .catch((error: unknown) => this.logger.error({ err: error }, 'pruning failed; it is tried again in an hour'))
      .finally(() => {
        this.pruning = undefined;
      });
  }

  /** Prunes every tenant once, and expired idempotency keys; returns how many runs went. */
  async pruneAll(now = Date.now()): Promise<number> {
    try {
      const keys = await this.idempotency.pruneExpired(now);
      if (keys > 0) this.logger.info({ pruned: keys }, 'pruned idempotency keys older than 24 hours');
    } catch (error) {
      this.logger.error({ err: error }, 'pruning idempotency keys failed');
    }
    let pruned = 0;
    for (const tenant of await this.tenants.all()) {
      try {
        const days = (await this.tenants.policy(tenant.id)).retentionDays;
        pruned += await this.store.pruneRuns(tenant.id, now - days * 86_400_000);
      } catch (error) {
        this.logger.error({ err: error, tenantId: tenant.id }, 'pruning runs failed');
      }
    }
    if (pruned > 0) this.logger.info({ pruned }, 'pruned finished runs past their retention');
    return pruned;
  }
}
