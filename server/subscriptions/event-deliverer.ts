import type { Logger } from 'pino';
import type { TenantHttp } from '../../runtime/definition/index.js';
import { NodeExecutionError } from '../../runtime/definition/index.js';
import type { AttemptOutcome, DeliveryLog, DueDelivery } from './delivery-log.js';
import { deliveryHeaders } from './delivery-headers.js';
import type { SubscriptionService } from './subscription-service.js';

/** An attempt that has no answer after this long fails (and is retried). */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** Deliveries attempted at once. */
const CONCURRENCY = 10;

/** How often the deliverer looks for due deliveries (retries) when nothing woke it. */
const POLL_MS = 5_000;

/** Settled deliveries are kept this long, then deleted with their attempts (checked hourly). */
export const DELIVERY_KEEP_MS = 30 * 24 * 60 * 60 * 1000;
const PRUNE_MS = 60 * 60 * 1000;

/** The most of an endpoint's non-2xx answer kept with the attempt, to show why it refused. */
const ANSWER_EXCERPT = 200;

/**
 * Posts due deliveries to their subscriptions' URLs through the egress guard (with the
 * subscription's workspace's allow-list), signed, and records each attempt. Delivery is at least
 * once: receivers deduplicate on the event id or `X-Flowgate-Delivery`. Neither the secret nor the
 * signature is ever logged.
 */
export class EventDeliverer {
  private timer: NodeJS.Timeout | undefined;
  private pruner: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  /** The pruning under way, which {@link stop} waits for. */
  private pruning: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly deliveries: DeliveryLog,
    private readonly subscriptions: SubscriptionService,
    private readonly http: TenantHttp,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Polls for due deliveries, and prunes old settled ones, until {@link stop}. */
  start(): void {
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.pruner = setInterval(() => this.pruneInBackground(), PRUNE_MS);
    this.pruner.unref();
    this.wake();
    this.pruneInBackground();
  }

  /** Stops polling and waits for the attempts and the pruning under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.pruner) clearInterval(this.pruner);
    this.timer = undefined;
    this.pruner = undefined;
    await Promise.allSettled([this.running, this.pruning]);
  }

  /** Prunes once, unless a pruning is under way; {@link stop} waits for it. */
  private pruneInBackground(): void {
    this.pruning ??= this.prune().finally(() => {
      this.pruning = undefined;
    });
  }

  /** New deliveries were queued: attempt them now rather than at the next poll (while started). */
  wake(): void {
    if (this.timer === undefined) return;
    this.deliverDue().catch((error: unknown) => this.logger.error({ err: error }, 'delivering event subscriptions failed; it is tried again on the next poll'));
  }

  /**
   * Attempts every delivery due at `at` (now by default; tests pass a later time to reach a retry),
   * resolving with how many were attempted. A call while one runs joins it and runs once more after.
   */
  async deliverDue(at: number = this.now()): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let attempted = 0;
      do {
        this.again = false;
        for (;;) {
          const due = await this.deliveries.claimDue(at, CONCURRENCY);
          if (due.length === 0) break;
          await Promise.all(due.map((delivery) => this.attempt(delivery, at)));
          attempted += due.length;
        }
      } while (this.again);
      return attempted;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async prune(): Promise<void> {
    try {
      const deleted = await this.deliveries.prune(this.now() - DELIVERY_KEEP_MS);
      if (deleted > 0) this.logger.info({ deleted }, 'old event deliveries deleted');
    } catch (error) {
      this.logger.error({ err: error }, 'deleting old event deliveries failed; it is tried again in an hour');
    }
  }

  private async attempt(delivery: DueDelivery, at: number): Promise<void> {
    const target = await this.subscriptions.target(delivery.subscriptionId);
    if (!target) return;
    const started = performance.now();
    const outcome = (statusCode: number | null, error: string | null): AttemptOutcome => ({ at, statusCode, error, durationMs: Math.round(performance.now() - started) });
    let result: AttemptOutcome;
    try {
      const response = await this.http.forTenant(target.tenantId)(target.url, {
        method: 'POST',
        headers: deliveryHeaders({ secret: target.secret, eventType: delivery.eventType, deliveryId: delivery.id, at, body: delivery.payload }),
        body: delivery.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      if (response.ok) {
        await response.body?.cancel();
        result = outcome(response.status, null);
      } else {
        result = outcome(response.status, refusal(response.status, await excerpt(response)));
      }
    } catch (error) {
      result = outcome(null, failure(error));
    }
    await this.deliveries.settle(delivery, result);
    const fields = { deliveryId: delivery.id, subscriptionId: target.id, tenantId: target.tenantId, attempt: delivery.attempt, statusCode: result.statusCode, durationMs: result.durationMs };
    if (result.error === null) this.logger.info(fields, 'event delivered');
    else this.logger.warn({ ...fields, reason: result.error }, 'event delivery attempt failed');
  }
}

/** The start of an answer's body; the rest is not read. */
async function excerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  try {
    const { value } = await reader.read();
    return value === undefined ? '' : new TextDecoder().decode(value.subarray(0, ANSWER_EXCERPT * 4)).trim().slice(0, ANSWER_EXCERPT);
  } catch {
    return '';
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function refusal(status: number, answer: string): string {
  const redirect = status >= 300 && status < 400 ? ' (redirects are not followed; subscribe the final URL)' : '';
  return `the endpoint answered ${status}${redirect}${answer === '' ? '' : `: ${answer}`}`;
}

function failure(error: unknown): string {
  if (error instanceof NodeExecutionError) return error.message;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${DELIVERY_TIMEOUT_MS / 1000} seconds`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `the request failed${cause}`;
}
