import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase, runPostgresMigrations, type PostgresDatabase } from '../../../runtime/store/index.js';
import { SessionService } from '../../../server/auth/sessions.js';
import { SignInThrottle } from '../../../server/auth/sign-in-throttle.js';
import { TenantAccessResolver } from '../../../server/auth/tenant-access.js';
import { postgresServerMigrations } from '../../../server/db/postgres-server-migrations.js';
import { hashPassword } from '../../../server/security/passwords.js';
import { PasswordResetService } from '../../../server/services/password-resets.js';
import { ServiceAccountService } from '../../../server/services/service-accounts.js';
import { freshPostgresDatabase } from '../../support/postgres.js';

let sql: PostgresDatabase;
beforeAll(async () => {
  sql = openPostgresDatabase(await freshPostgresDatabase());
  await runPostgresMigrations(sql, postgresServerMigrations);
  await sql.run("INSERT INTO tenants (id, slug, name, kind, policy, created_at) VALUES ('t1', 'contoso', 'Contoso', 'partner', '{}', 0)");
});
afterAll(async () => {
  await sql.close();
});

/** Runs `attempts` calls at once and answers how many succeeded and the messages of those that failed. */
async function race<T>(attempts: number, call: (index: number) => Promise<T>): Promise<{ succeeded: T[]; failed: string[] }> {
  const results = await Promise.allSettled(Array.from({ length: attempts }, (_, index) => call(index)));
  return {
    succeeded: results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
    failed: results.flatMap((result) => (result.status === 'rejected' ? [(result.reason as Error).message] : [])),
  };
}

describe('auth on PostgreSQL, under concurrency', () => {
  it('counts every parallel sign-in attempt: exactly the free ones and the first paid one pass', async () => {
    const throttle = new SignInThrottle(sql, () => 1_000_000_000_000);
    const attempt = { email: 'anna@example.com', address: '203.0.113.1' };
    const { succeeded } = await race(20, () => throttle.admit(attempt));
    expect(succeeded.filter((admission) => admission.admitted)).toHaveLength(6);
    const counters = await sql.all<{ failures: number }>('SELECT failures FROM sign_in_failures ORDER BY failures');
    // pair, address, account and global each counted the six admitted attempts, no more and no fewer.
    expect(counters.map((counter) => counter.failures)).toEqual([6, 6, 6, 6]);
  });

  it('never refuses an attempt within the free budget, whatever order the clock and the locks give parallel attempts', async () => {
    // Each reading of the clock is earlier than the one before: an attempt that read it before
    // waiting for the counters must not see the failure the attempt before it counted as lying
    // in its future (nor may a clock stepped back by NTP refuse anyone).
    let clock = 2_000_000_000_000;
    const throttle = new SignInThrottle(sql, () => (clock -= 1));
    const { succeeded } = await race(10, (index) => throttle.admit({ email: `person${index}@example.com`, address: '203.0.113.9' }));
    expect(succeeded.filter((admission) => admission.admitted)).toHaveLength(10);
  });

  it('opens sessions and resolves access with one query each', async () => {
    const sessions = new SessionService(sql);
    const user = await sessions.insertUser('Ben@Example.com', 'Ben', await hashPassword('a long password for ben'));
    expect(user.email).toBe('ben@example.com');
    expect((await sessions.userByEmail('BEN@example.com'))?.id).toBe(user.id);
    const opened = await Promise.all([1, 2, 3].map(() => sessions.openSession(user, 'password', { userAgent: null, address: null })));
    for (const session of opened) expect((await sessions.authenticate(session.token))?.user.id).toBe(user.id);
    const access = new TenantAccessResolver(sql);
    expect(await access.resolve(user.id, 't1')).toBeUndefined();
    await sql.run("INSERT INTO memberships (user_id, tenant_id, roles, created_at) VALUES (?, 't1', '[\"owner\"]', 0)", [user.id]);
    expect(await access.resolve(user.id, 't1')).toMatchObject({ tenant: { id: 't1', kind: 'partner' }, roles: ['owner'], via: 'member' });
  });

  it('uses a password reset link once, however many use it at the same moment', async () => {
    const sessions = new SessionService(sql);
    const resets = new PasswordResetService(sql, sessions);
    const user = await sessions.insertUser('cleo@example.com', 'Cleo', await hashPassword('a long password for cleo'));
    const { token } = await resets.issue(user.id);
    const hash = await hashPassword('a new password for cleo');
    const { succeeded, failed } = await race(5, () => sql.transaction(() => resets.complete(token, hash)));
    expect(succeeded).toHaveLength(1);
    expect(failed).toEqual(Array(4).fill('this password reset link was already used; ask for a new one if you need to'));
  });

  it('gives a service account name (without case) to one of the requests that want it', async () => {
    const accounts = new ServiceAccountService(sql);
    const fields = (name: string) => ({ name, description: '', scopes: [], workflowIds: null });
    const created = await race(4, (index) => accounts.create('t1', 'owner', fields(index % 2 === 0 ? 'CI Bot' : 'ci bot'), 30));
    expect(created.succeeded).toHaveLength(1);
    expect(new Set(created.failed)).toEqual(new Set([`the workspace already has a service account named "CI Bot"`, `the workspace already has a service account named "ci bot"`]));
    const others: string[] = [];
    for (const name of ['deploy', 'backup']) others.push((await accounts.create('t1', 'owner', fields(name), 30)).account.id);
    const renamed = await race(2, (index) => accounts.update('t1', others[index] ?? '', { name: 'Nightly' }));
    expect(renamed.succeeded).toHaveLength(1);
    expect(renamed.failed).toEqual(['the workspace already has a service account named "Nightly"']);
  });
});
