import { createHash } from 'node:crypto';
import type { SqlDatabase } from '../../runtime/store/index.js';
import { FailureBudgets, type BudgetEntry, type FailureBudget } from './failure-budgets.js';

/**
 * Sign-in failure budgets (docs/api.md, "Sign-in throttling"). The strong limits sit on what an
 * attacker controls (their address, and their address with one account); the account's own budget
 * is capped at half a minute, so nobody can lock another person out; the global budget slows a
 * spray spread over many addresses. An address that signed in to an account before is trusted
 * for that account: neither the account's nor the global budget slows it.
 */
export const SIGN_IN_BUDGETS = {
  pair: { free: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, decayMs: 60 * 60_000 },
  address: { free: 20, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, decayMs: 5 * 60_000 },
  account: { free: 5, baseDelayMs: 1000, maxDelayMs: 30_000, decayMs: 10 * 60_000 },
  global: { free: 100, baseDelayMs: 1000, maxDelayMs: 30_000, decayMs: 10_000 },
} as const satisfies Record<string, FailureBudget>;

/** Password reset requests: every request counts, per address and per email. */
export const RESET_BUDGETS = {
  address: { free: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, decayMs: 10 * 60_000 },
  account: { free: 3, baseDelayMs: 60_000, maxDelayMs: 15 * 60_000, decayMs: 20 * 60_000 },
} as const satisfies Record<string, FailureBudget>;

/** How long a successful sign-in keeps its address trusted for the account. */
const KNOWN_FOR_MS = 30 * 86_400_000;

/** Who tries to sign in, from where (see clientAddress). */
export interface SignInAttempt {
  readonly email: string;
  readonly address: string;
}

/** An admitted attempt, counted as a failure until {@link SignInThrottle.succeeded} takes it back. */
export interface SignInTicket {
  readonly attempt: SignInAttempt;
  readonly known: boolean;
}

/** Whether an attempt may go ahead: a ticket, or the seconds to wait first. */
export type Admission = { readonly admitted: true; readonly ticket: SignInTicket } | { readonly admitted: false; readonly retryAfterSeconds: number };

/** Sign-in and password-reset throttling, kept in the database so a restart does not reset it. */
export class SignInThrottle {
  private readonly budgets: FailureBudgets;

  constructor(
    private readonly sql: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.budgets = new FailureBudgets(sql, now);
  }

  /**
   * Admits a password check, counting it as a failure at once, or answers how long to wait. A
   * refused attempt counts nothing and checks no password, so waiting out a back-off is the only way on.
   */
  async admit(attempt: SignInAttempt): Promise<Admission> {
    const known = await this.isKnown(attempt);
    const wait = await this.budgets.admit(this.entries(attempt, known));
    if (wait > 0) return { admitted: false, retryAfterSeconds: Math.ceil(wait / 1000) };
    return { admitted: true, ticket: { attempt, known } };
  }

  /** The password was right: the attempt no longer counts, the account's counters reset, the address is trusted. */
  async succeeded(ticket: SignInTicket): Promise<void> {
    const { attempt } = ticket;
    // The address and global counters only take back this attempt: signing in to an account of
    // one's own must not wipe the failures of guesses at others.
    await this.budgets.forgive([addressEntry(attempt), ...(ticket.known ? [] : [GLOBAL_ENTRY])]);
    await this.budgets.clear([pairKey(attempt), accountKey(attempt)]);
    const now = this.now();
    await this.sql.run(
      'INSERT INTO sign_in_known_addresses (key, last_success_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET last_success_at = excluded.last_success_at',
      [knownKey(attempt), now],
    );
    await this.sql.run('DELETE FROM sign_in_known_addresses WHERE last_success_at < ?', [now - KNOWN_FOR_MS]);
  }

  /** Counts a password reset request, or answers how many seconds to wait first. */
  async admitReset(attempt: SignInAttempt): Promise<number> {
    const entries: BudgetEntry[] = [
      { key: `reset-address:${attempt.address}`, budget: RESET_BUDGETS.address },
      { key: `reset-account:${normalise(attempt.email)}`, budget: RESET_BUDGETS.account },
    ];
    return Math.ceil((await this.budgets.admit(entries)) / 1000);
  }

  private async isKnown(attempt: SignInAttempt): Promise<boolean> {
    const row = await this.sql.get<{ last_success_at: number }>('SELECT last_success_at FROM sign_in_known_addresses WHERE key = ?', [knownKey(attempt)]);
    return row !== undefined && row.last_success_at > this.now() - KNOWN_FOR_MS;
  }

  private entries(attempt: SignInAttempt, known: boolean): BudgetEntry[] {
    const entries: BudgetEntry[] = [{ key: pairKey(attempt), budget: SIGN_IN_BUDGETS.pair }, addressEntry(attempt)];
    if (!known) entries.push({ key: accountKey(attempt), budget: SIGN_IN_BUDGETS.account }, GLOBAL_ENTRY);
    return entries;
  }
}

const GLOBAL_ENTRY: BudgetEntry = { key: 'global', budget: SIGN_IN_BUDGETS.global };

function addressEntry(attempt: SignInAttempt): BudgetEntry {
  return { key: `address:${attempt.address}`, budget: SIGN_IN_BUDGETS.address };
}

function normalise(email: string): string {
  return email.trim().toLowerCase();
}

function pairKey(attempt: SignInAttempt): string {
  return `pair:${attempt.address}|${normalise(attempt.email)}`;
}

function accountKey(attempt: SignInAttempt): string {
  return `account:${normalise(attempt.email)}`;
}

function knownKey(attempt: SignInAttempt): string {
  return createHash('sha256').update(`known:${attempt.address}|${normalise(attempt.email)}`).digest('hex');
}
