import type { Clock } from '../definition/index.js';
import type { RunStore, TimerRecord } from '../store/index.js';
import type { EngineLogger } from './engine-logger.js';

/** setTimeout's ceiling; later timers are re-armed when this one fires. */
const MAX_TIMEOUT_MS = 2_147_483_647;
/** Timers handled per store read. */
const BATCH = 200;

/**
 * Fires durable timers. Timers live in the store with an indexed due time; in memory there is only
 * one `setTimeout`, for the earliest. A timer is deleted after it was handled (its effects are
 * queued first), so a crash in between fires it again on start, and handlers ignore wake-ups for
 * steps that no longer wait. Timers that came due while the process was down fire on start.
 */
export class TimerService {
  private handle: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
  private current: Promise<void> | undefined;
  private refire = false;
  private stopped = true;

  constructor(
    private readonly store: RunStore,
    private readonly clock: Clock,
    private readonly fire: (timer: TimerRecord) => Promise<void>,
    private readonly logger: EngineLogger,
    /** Look for due timers at least this often (timers other processes store); unset, only on notice. */
    private readonly pollMs?: number,
  ) {}

  /** Arms the earliest stored timer. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.rearm();
  }

  /** A timer due at `dueAt` was stored; wake earlier if needed. */
  notify(dueAt: number): void {
    if (!this.stopped && dueAt < this.armedFor) this.arm(dueAt);
  }

  /** Fires what is due now, and waits for it. */
  fireNow(): Promise<void> {
    return this.tick();
  }

  /** Fires no more timers, and resolves once the round under way (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.handle);
    this.armedFor = Number.POSITIVE_INFINITY;
    await this.current;
  }

  private arm(dueAt: number): void {
    clearTimeout(this.handle);
    this.armedFor = dueAt;
    const delay = Math.min(MAX_TIMEOUT_MS, Math.max(0, dueAt - this.clock.now().getTime()));
    this.handle = setTimeout(() => void this.tick(), delay);
    this.handle.unref();
  }

  /** Fires due timers; while a round is under way, asks it to look again and returns it. */
  private tick(): Promise<void> {
    this.armedFor = Number.POSITIVE_INFINITY;
    if (this.current) {
      this.refire = true;
      return this.current;
    }
    this.current = this.round().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private async round(): Promise<void> {
    try {
      do {
        this.refire = false;
        await this.fireDue();
      } while (this.refire && !this.stopped);
    } catch (error) {
      this.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'timers could not fire');
    }
    await this.rearm().catch(() => undefined);
  }

  private async fireDue(): Promise<void> {
    for (;;) {
      await this.store.flush();
      const due = await this.store.listDueTimers(this.clock.now().getTime(), BATCH);
      if (due.length === 0 || this.stopped) return;
      for (const timer of due) {
        // The timers left stay stored and fire at the next start.
        if (this.stopped) return;
        try {
          await this.fire(timer);
        } catch (error) {
          this.logger.error({ timer: timer.id, runId: timer.runId, error: error instanceof Error ? error.message : String(error) }, 'timer failed');
        }
        this.store.deleteTimer(timer.id);
      }
    }
  }

  private async rearm(): Promise<void> {
    if (this.stopped) return;
    const next = (await this.store.nextTimerDue()) ?? Number.POSITIVE_INFINITY;
    const poll = this.pollMs === undefined ? Number.POSITIVE_INFINITY : this.clock.now().getTime() + this.pollMs;
    const dueAt = Math.min(next, poll);
    if (dueAt !== Number.POSITIVE_INFINITY) this.arm(dueAt);
  }
}
