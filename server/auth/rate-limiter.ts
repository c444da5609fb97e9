/**
 * A fixed-window counter per key (e.g. sign-in attempts per address and email): at most `limit`
 * hits per `windowMs`. In memory, which suits the single-process embedded deployment.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a hit; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, now = Date.now()): number {
    const current = this.windows.get(key);
    if (!current || now - current.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      if (this.windows.size > 10_000) this.prune(now);
      return 0;
    }
    current.count++;
    return current.count > this.limit ? Math.ceil((current.start + this.windowMs - now) / 1000) : 0;
  }

  /** Forgets a key (after a successful sign-in). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}
