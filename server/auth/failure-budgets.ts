import { createHash } from 'node:crypto';
import type { SqlDatabase } from '../../runtime/store/index.js';

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
 * Failure counters in the database, so a restart does not reset them. Callers count an attempt
 * before they know its outcome ({@link admit}) and take it back on success ({@link forgive}), so
 * parallel attempts cannot all slip through before the first failure is written. Every method
 * locks the counters it reads (in a fixed order), so attempts from several processes never lose a
 * count or pass the same free slot together.
 */
export class FailureBudgets {
  private lastPrune = 0;

  constructor(
    private readonly sql: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts one failure against every entry and answers 0, or, when an entry's wait is not over,
   * counts nothing and answers the milliseconds until every wait is over; one transaction.
   */
  async admit(entries: readonly BudgetEntry[]): Promise<number> {
    let now = this.now();
    const wait = await this.sql.transaction(async () => {
      const rows = await this.lockedRows(entries);
      // Read the clock once the counters are ours: an attempt that waited for the lock must not
      // see the failure the attempt before it just counted as lying in its future.
      now = this.now();
      let longest = 0;
      for (const [index, entry] of entries.entries()) {
        const row = rows[index];
        const delay = row ? delayAfter(row.failures, entry.budget) : 0;
        if (row && delay > 0) longest = Math.max(longest, row.last_failure_at + delay - now);
      }
      if (longest > 0) return longest;
      for (const [index, entry] of entries.entries()) {
        const failures = decayed(rows[index], entry.budget, now) + 1;
        await this.sql.run(UPSERT, [hashKey(entry.key), failures, now, forgetAt(now, failures, entry.budget)]);
      }
      return 0;
    });
    if (now - this.lastPrune > 60_000) {
      this.lastPrune = now;
      await this.sql.run('DELETE FROM sign_in_failures WHERE forget_at < ?', [now]);
    }
    return wait;
  }

  /** Takes back one counted failure from each entry (the attempt succeeded). */
  async forgive(entries: readonly BudgetEntry[]): Promise<void> {
    await this.sql.transaction(async () => {
      const rows = await this.lockedRows(entries);
      for (const [index, entry] of entries.entries()) {
        const key = hashKey(entry.key);
        const row = rows[index];
        // The stored count, not the decayed one: decay is reckoned from the last failure's time, which stays.
        const failures = (row?.failures ?? 0) - 1;
        if (!row || failures <= 0) await this.sql.run(DELETE, [key]);
        else await this.sql.run(UPSERT, [key, failures, row.last_failure_at, forgetAt(row.last_failure_at, failures, entry.budget)]);
      }
    });
  }

  /** Forgets the entries' counters altogether. */
  async clear(keys: readonly string[]): Promise<void> {
    await this.sql.transaction(async () => {
      for (const key of keys) await this.sql.run(DELETE, [hashKey(key)]);
    });
  }

  /** Inside a transaction: locks the entries' counters (sorted, so two callers never wait on each other in a circle) and reads them, in the entries' order. */
  private async lockedRows(entries: readonly BudgetEntry[]): Promise<(Row | undefined)[]> {
    const keys = entries.map((entry) => hashKey(entry.key));
    for (const key of [...new Set(keys)].sort()) await this.sql.lock(`sign-in-failures:${key}`);
    const rows: (Row | undefined)[] = [];
    for (const key of keys) rows.push(await this.sql.get<Row>('SELECT failures, last_failure_at FROM sign_in_failures WHERE key = ?', [key]));
    return rows;
  }
}

const UPSERT =
  'INSERT INTO sign_in_failures (key, failures, last_failure_at, forget_at) VALUES (?, ?, ?, ?) ' +
  'ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, forget_at = excluded.forget_at';

const DELETE = 'DELETE FROM sign_in_failures WHERE key = ?';

/** The failures still counted after the decay since the last one. */
function decayed(row: Row | undefined, budget: FailureBudget, now: number): number {
  if (!row) return 0;
  return Math.max(0, row.failures - Math.floor((now - row.last_failure_at) / budget.decayMs));
}

/** When a counter has drained to nothing and its wait is over, so its row can be pruned. */
function forgetAt(at: number, failures: number, budget: FailureBudget): number {
  return at + Math.max(failures * budget.decayMs, delayAfter(failures, budget));
}

/** Counters are kept under a hash: the table holds no addresses or typed-in emails. */
function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
