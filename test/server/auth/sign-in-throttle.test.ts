import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase, openDatabase, runMigrations } from '../../../runtime/store/index.js';
import { clientAddress } from '../../../server/auth/client-address.js';
import { delayAfter } from '../../../server/auth/failure-budgets.js';
import { SIGN_IN_BUDGETS, SignInThrottle, type Admission, type SignInAttempt } from '../../../server/auth/sign-in-throttle.js';
import { serverMigrations } from '../../../server/db/server-migrations.js';
import { tempDir } from '../../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
let db: Database.Database;
let now: number;
let throttle: SignInThrottle;
beforeEach(() => {
  dir = tempDir();
  db = openDatabase(join(dir.path, 'flowgate.db'));
  runMigrations(db, serverMigrations);
  now = 1_000_000_000_000;
  throttle = new SignInThrottle(new SqliteDatabase(db), () => now);
});
afterEach(() => {
  db.close();
  dir.remove();
});

/** An attempt that fails (the password was wrong): admitted or not, answers the admission. */
function fail(attempt: SignInAttempt): Promise<Admission> {
  return throttle.admit(attempt);
}

function waitOf(admission: Admission): number {
  return admission.admitted ? 0 : admission.retryAfterSeconds;
}

describe('failure budgets', () => {
  it('double the wait per failure past the free ones, up to the cap', () => {
    const budget = SIGN_IN_BUDGETS.account;
    expect([5, 6, 7, 8, 9, 10, 11].map((failures) => delayAfter(failures, budget))).toEqual([0, 1000, 2000, 4000, 8000, 16_000, 30_000]);
    expect(delayAfter(10_000, budget)).toBe(30_000);
  });
});

describe('SignInThrottle', () => {
  it('lets five failures of one address at one account pass, then makes each wait twice as long as the one before', async () => {
    const attempt = { email: 'anna@example.com', address: '203.0.113.1' };
    for (let failure = 1; failure <= 6; failure++) expect((await fail(attempt)).admitted).toBe(true);
    expect(waitOf(await fail(attempt))).toBe(1);
    now += 1000;
    expect((await fail(attempt)).admitted).toBe(true);
    expect(waitOf(await fail(attempt))).toBe(2);
    now += 2000;
    expect((await fail(attempt)).admitted).toBe(true);
    expect(waitOf(await fail(attempt))).toBe(4);
  });

  it('counts a refused attempt as nothing', async () => {
    const attempt = { email: 'anna@example.com', address: '203.0.113.2' };
    for (let failure = 1; failure <= 6; failure++) await fail(attempt);
    for (let refused = 0; refused < 50; refused++) expect(waitOf(await fail(attempt))).toBe(1);
  });

  it("caps what others' failures do to an account at 30 seconds, and an address that signed in before is not slowed at all", async () => {
    const victim = 'victim@example.com';
    const home = { email: victim, address: '198.51.100.9' };
    const ticket = await throttle.admit(home);
    if (!ticket.admitted) throw new Error('the first sign-in was refused');
    await throttle.succeeded(ticket.ticket);
    let worst = 0;
    for (let guess = 0; guess < 400; guess++) {
      await fail({ email: victim, address: `10.0.${Math.floor(guess / 250)}.${guess % 250}` });
      worst = Math.max(worst, waitOf(await throttle.admit({ email: victim, address: '198.51.100.10' })));
      now += 500;
    }
    expect(worst).toBeGreaterThan(1);
    expect(worst).toBeLessThanOrEqual(30);
    expect((await throttle.admit(home)).admitted).toBe(true);
  });

  it('slows a spray spread over many addresses and accounts once the global budget is spent, but not known addresses', async () => {
    const regular = { email: 'regular@example.com', address: '198.51.100.77' };
    const ticket = await throttle.admit(regular);
    if (!ticket.admitted) throw new Error('the first sign-in was refused');
    await throttle.succeeded(ticket.ticket);
    for (let guess = 0; guess < 100; guess++) expect((await fail({ email: `user${guess}@example.com`, address: `10.1.${Math.floor(guess / 250)}.${guess % 250}` })).admitted).toBe(true);
    expect((await fail({ email: 'user100@example.com', address: '10.2.0.1' })).admitted).toBe(true);
    expect(waitOf(await throttle.admit({ email: 'user101@example.com', address: '10.2.0.2' }))).toBe(1);
    expect((await throttle.admit(regular)).admitted).toBe(true);
    // One failure is forgiven every 10 seconds: the budget drains back.
    now += 30 * 60_000;
    expect((await throttle.admit({ email: 'user102@example.com', address: '10.2.0.3' })).admitted).toBe(true);
  });

  it('slows an address that fails at many accounts after 20 failures', async () => {
    for (let guess = 0; guess < 21; guess++) expect((await fail({ email: `spray${guess}@example.com`, address: '203.0.113.3' })).admitted).toBe(true);
    expect(waitOf(await throttle.admit({ email: 'spray21@example.com', address: '203.0.113.3' }))).toBe(1);
    expect((await throttle.admit({ email: 'spray21@example.com', address: '203.0.113.4' })).admitted).toBe(true);
  });

  it('resets the account and its address-and-account counters on success, but takes back only that attempt from the address', async () => {
    const address = '203.0.113.5';
    const own = { email: 'own@example.com', address };
    for (let guess = 0; guess < 5; guess++) expect((await fail(own)).admitted).toBe(true);
    const success = await throttle.admit(own);
    if (!success.admitted) throw new Error('the sixth attempt was refused');
    await throttle.succeeded(success.ticket);
    // The address-and-account budget starts afresh: five more failures pass.
    for (let guess = 0; guess < 5; guess++) expect((await fail(own)).admitted).toBe(true);
    // The address keeps its 10 failures (signing in to one's own account wipes nothing else): 11 more pass, then it waits.
    for (let guess = 0; guess < 11; guess++) expect((await fail({ email: `other${guess}@example.com`, address })).admitted).toBe(true);
    expect(waitOf(await fail({ email: 'other11@example.com', address }))).toBe(1);
  });

  it('prunes counters that have drained', async () => {
    await fail({ email: 'gone@example.com', address: '203.0.113.6' });
    expect(db.prepare('SELECT count(*) FROM sign_in_failures').pluck().get()).toBe(4);
    now += 2 * 60 * 60_000;
    await fail({ email: 'new@example.com', address: '203.0.113.7' });
    expect(db.prepare('SELECT count(*) FROM sign_in_failures').pluck().get()).toBe(4);
  });

  it('stores no address or email in the clear', async () => {
    await fail({ email: 'secret.person@example.com', address: '203.0.113.8' });
    const dump = JSON.stringify(db.prepare('SELECT * FROM sign_in_failures').all());
    expect(dump).not.toContain('secret.person');
    expect(dump).not.toContain('203.0.113.8');
  });

  it('throttles password reset requests per address and per email', async () => {
    for (let request = 0; request < 5; request++) expect(await throttle.admitReset({ email: `r${request}@example.com`, address: '203.0.113.9' })).toBe(0);
    expect(await throttle.admitReset({ email: 'r5@example.com', address: '203.0.113.9' })).toBe(0);
    expect(await throttle.admitReset({ email: 'r6@example.com', address: '203.0.113.9' })).toBe(30);
    for (let request = 0; request < 4; request++) expect(await throttle.admitReset({ email: 'wanted@example.com', address: `192.0.2.${request}` })).toBe(0);
    expect(await throttle.admitReset({ email: 'wanted@example.com', address: '192.0.2.99' })).toBe(60);
  });
});

describe('clientAddress', () => {
  it('keeps IPv4 (also IPv4-mapped IPv6) and groups IPv6 by its /64', () => {
    expect(clientAddress('203.0.113.1')).toBe('203.0.113.1');
    expect(clientAddress('::ffff:203.0.113.1')).toBe('203.0.113.1');
    expect(clientAddress('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8:1:2:ffff::1')).toBe('2001:db8:1:2::/64');
    expect(clientAddress(undefined)).toBe('unknown');
  });
});
