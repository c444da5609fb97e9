import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/**
 * A failure budget: `free` failures pass, then each further one imposes a wait that doubles from
 * `baseDelayMs` up to `maxDelayMs`; one failure is forgiven per `decayMs` (a leaky bucket), so a
 * counter drains back to nothing without anyone resetting it.
 */
export interface FailureBudget {
  readonly free: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly decayMs: number;
}

/** A counter and the budget it is held to. */
export interface BudgetEntry {
  /** What is counted, e.g. `account:anna@example.com`; stored only as a hash. */
  readonly key: string;
  readonly budget: FailureBudget;
}

interface Row {
  failures: number;
  last_failure_at: number;
}

/** The wait a number of failures imposes after the last one. */
export function delayAfter(failures: number, budget: FailureBudget): number {
  if (failures <= budget.free) return 0;
  return Math.min(budget.baseDelayMs * 2 ** Math.min(failures - budget.free - 1, 40), budget.maxDelayMs);
}

/**
 * Failure counters in SQLite, so a restart does not reset them. Callers count an attempt before
 * they know its outcome ({@link record}) and take it back on success ({@link forgive}), so parallel
 * attempts cannot all slip through before the first failure is written.
 */
export class FailureBudgets {
  private readonly select: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly prune: Database.Statement;
  private lastPrune = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.select = db.prepare('SELECT failures, last_failure_at FROM sign_in_failures WHERE key = ?');
    this.upsert = db.prepare(
      'INSERT INTO sign_in_failures (key, failures, last_failure_at, forget_at) VALUES (@key, @failures, @at, @forgetAt) ' +
        'ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, forget_at = excluded.forget_at',
    );
    this.remove = db.prepare('DELETE FROM sign_in_failures WHERE key = ?');
    this.prune = db.prepare('DELETE FROM sign_in_failures WHERE forget_at < ?');
  }

  /** Milliseconds until every entry's wait is over; 0 when the attempt may go ahead. */
  waitMs(entries: readonly BudgetEntry[]): number {
    const now = this.now();
    let wait = 0;
    for (const entry of entries) {
      const row = this.select.get(hashKey(entry.key)) as Row | undefined;
      if (row) wait = Math.max(wait, row.last_failure_at + delayAfter(row.failures, entry.budget) - now);
    }
    return wait;
  }

  /** Counts one failure against every entry, in one transaction. */
  record(entries: readonly BudgetEntry[]): void {
    const now = this.now();
    this.db.transaction(() => {
      for (const entry of entries) {
        const key = hashKey(entry.key);
        const failures = this.current(key, entry.budget, now) + 1;
        this.upsert.run({ key, failures, at: now, forgetAt: forgetAt(now, failures, entry.budget) });
      }
    })();
    if (now - this.lastPrune > 60_000) {
      this.lastPrune = now;
      this.prune.run(now);
    }
  }

  /** Takes back one counted failure from each entry (the attempt succeeded). */
  forgive(entries: readonly BudgetEntry[]): void {
    this.db.transaction(() => {
      for (const entry of entries) {
        const key = hashKey(entry.key);
        const row = this.select.get(key) as Row | undefined;
        // The stored count, not the decayed one: decay is reckoned from the last failure's time, which stays.
        const failures = (row?.failures ?? 0) - 1;
        if (!row || failures <= 0) this.remove.run(key);
        else this.upsert.run({ key, failures, at: row.last_failure_at, forgetAt: forgetAt(row.last_failure_at, failures, entry.budget) });
      }
    })();
  }

  /** Forgets the entries' counters altogether. */
  clear(keys: readonly string[]): void {
    this.db.transaction(() => {
      for (const key of keys) this.remove.run(hashKey(key));
    })();
  }

  /** The failures still counted after the decay since the last one. */
  private current(key: string, budget: FailureBudget, now: number): number {
    const row = this.select.get(key) as Row | undefined;
    if (!row) return 0;
    return Math.max(0, row.failures - Math.floor((now - row.last_failure_at) / budget.decayMs));
  }
}

/** When a counter has drained to nothing and its wait is over, so its row can be pruned. */
function forgetAt(at: number, failures: number, budget: FailureBudget): number {
  return at + Math.max(failures * budget.decayMs, delayAfter(failures, budget));
}

/** Counters are kept under a hash: the table holds no addresses or typed-in emails. */
function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
