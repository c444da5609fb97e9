import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk } from '../../support/api-helpers.js';
import { newPassword } from '../../support/accounts.js';
import { startServerHarness } from '../../support/server-harness.js';
import { tempDir } from '../../support/temp-dir.js';
import { testDatabaseUrl } from '../../support/test-store.js';

const root = join(import.meta.dirname, '../../..');
const scratch = tempDir();
afterAll(() => scratch.remove());

/** The settings the commands get besides the machine's environment: the test's database, on PostgreSQL. */
let settings: Record<string, string> = {};

/** Runs the real `flowgate` binary as an administrator at the server's console does. */
function flowgate(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^(FLOWGATE_|PORT$|HOST$)/.test(name)) environment[name] = value;
  Object.assign(environment, settings);
  const result = spawnSync(process.execPath, [join(root, 'bin/flowgate.js'), ...args], { encoding: 'utf8', cwd: scratch.path, env: environment, timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('flowgate admin --help', () => {
  it.each([
    [['admin', '--help']],
    [['admin', '-h']],
    [['help', 'admin']],
  ])('%j lists the tasks and exits 0', (args) => {
    const result = flowgate(...args);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Usage: flowgate admin <task>');
    expect(result.stdout).toContain('create-partner');
  });

  const helpData = join(scratch.path, 'help-only');
  it.each([
    [['admin', 'create-partner', '--help', '--data', helpData]],
    [['admin', 'create-partner', '--name', 'X', '-h', '--data', helpData]],
    [['help', 'admin', 'create-partner']],
  ])('%j prints the options and creates nothing', (args) => {
    const result = flowgate(...args);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Usage: flowgate admin create-partner --name <name> --slug <slug> --owner-email <email>');
    expect(result.stdout).toContain('valid 72 hours');
    expect(() => readdirSync(helpData)).toThrow();
  });

  it('lists admin among the commands', () => {
    expect(flowgate('--help').stdout).toContain('admin       administration: flowgate admin create-partner');
  });
});

describe('flowgate admin create-partner', () => {
  const data = join(scratch.path, 'data');
  // On PostgreSQL the command and the server below share the database the data directory records.
  beforeAll(async () => {
    mkdirSync(data, { recursive: true });
    const databaseUrl = await testDatabaseUrl(data);
    if (databaseUrl !== undefined) settings = { FLOWGATE_DATABASE_URL: databaseUrl };
  });
  afterAll(() => {
    settings = {};
  });

  it("creates a partner on a fresh data directory and invites its owner: mailed to the outbox, the link printed, working once", async () => {
    const result = flowgate('admin', 'create-partner', '--name', 'Northwind Integrations', '--slug', 'northwind', '--owner-email', 'Noor@Northwind.example', '--data', data);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(`Partner Northwind Integrations (northwind) created in ${data}.`);
    expect(lines[1]).toBe(`The invitation for its owner, noor@northwind.example, was written to ${data}/outbox/.`);
    const link = /^Invitation link \(works once, until \S+\): (http:\/\/127\.0\.0\.1:3000\/accept-invite\?token=fgi_\S+)$/.exec(lines[2] ?? '')?.[1];
    expect(link, result.stdout).toBeDefined();
    const mail = readdirSync(join(data, 'outbox')).map((file) => readFileSync(join(data, 'outbox', file), 'utf8'));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatch(/^To: noor@northwind\.example/m);

    // A server on the same data directory: the partner, its audit entries by system:cli, and the link.
    const server = await startServerHarness({ dataDir: data, demo: false });
    try {
      const partner = await server.app.tenants.bySlug('northwind');
      expect(partner).toMatchObject({ kind: 'partner', name: 'Northwind Integrations' });
      expect((await server.app.audit.list(partner?.id ?? '', { limit: 10 })).map((entry) => [entry.action, entry.actorId])).toEqual([
        ['tenant.create', 'system:cli'],
        ['invitation.create', 'system:cli'],
      ]);
      const token = new URL(link ?? '').searchParams.get('token') ?? '';
      const accepted = expectOk(await server.request<{ workspace: { roles: string[] } }>('POST', `/api/v1/invitations/${token}/accept`, { name: 'Noor Admin', password: newPassword() }));
      expect(accepted.workspace.roles).toEqual(['owner']);
      expect((await server.request('POST', `/api/v1/invitations/${token}/accept`, { name: 'Again', password: newPassword() })).status).toBe(410);
    } finally {
      await server.close();
    }
  }, 60_000);

  it.each([
    [['--slug', 'x', '--owner-email', 'a@b.example'], 2, 'flowgate: --name is required; see flowgate admin create-partner --help'],
    [['--name', 'X', '--owner-email', 'a@b.example'], 2, 'flowgate: --slug is required; see flowgate admin create-partner --help'],
    [['--name', 'X', '--slug', 'Bad Slug', '--owner-email', 'a@b.example'], 2, 'flowgate: --slug: lowercase letters, digits and inner dashes; see flowgate admin create-partner --help'],
    [['--name', 'X', '--slug', 'x', '--owner-email', 'not-an-email'], 2, 'flowgate: --owner-email: --owner-email must be an email address; see flowgate admin create-partner --help'],
    [['--name', 'X', '--slug', 'x', '--owner-email', 'a@b.example', '--colour', 'red'], 2, 'flowgate: unknown option "--colour" for flowgate admin create-partner; see flowgate admin create-partner --help'],
    [['--name', 'Again', '--slug', 'northwind', '--owner-email', 'a@b.example'], 1, 'flowgate: the slug "northwind" is taken'],
  ])('refuses %j with one line and exit %i', (args, code, message) => {
    const result = flowgate('admin', 'create-partner', ...args, '--data', data);
    expect(result.stderr.trim()).toBe(message);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
  });

  it('refuses an unknown task', () => {
    const result = flowgate('admin', 'delete-everything');
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr.trim()).toBe('flowgate: unknown admin task "delete-everything"; see flowgate admin --help');
  });
});
