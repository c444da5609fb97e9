/**
 * The asynchronous work an engine has under way (requests, drives, timer rounds, follow-ups of
 * waits), so that shutting down can wait for all of it before the store closes: work that reached
 * the database after it closed would fail with nobody left to hear of it.
 */
export class WorkInFlight {
  private readonly pending = new Set<Promise<unknown>>();

  /** Counts `work` as under way until it settles; answers `work` itself. */
  add<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = () => this.pending.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Whether anything is under way. */
  get idle(): boolean {
    return this.pending.size === 0;
  }

  /** Resolves once nothing is under way, including work added while it waits; never rejects. */
  async drained(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
