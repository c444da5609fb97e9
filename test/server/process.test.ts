import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';

const root = join(import.meta.dirname, '../..');
const PASSWORD = 'process-test-password';
const scratch = tempDir('flowgate-process-');
afterAll(() => scratch.remove());

/** A `flowgate start` process as a user runs it. */
interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  /** The lines it printed that are not JSON log lines: the banner. */
  readonly banner: () => string[];
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `node bin/flowgate.js start --port 0 …` and waits for the banner to end. */
async function start(dataDir: string, ...args: string[]): Promise<Started> {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^(FLOWGATE_|PORT$|HOST$|LOG_LEVEL$)/.test(name)) environment[name] = value;
  const child = spawn(process.execPath, [join(root, 'bin/flowgate.js'), 'start', '--port', '0', ...args], {
    cwd: scratch.path,
    env: { ...environment, FLOWGATE_DATA: dataDir, FLOWGATE_DEMO_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const banner = () => output.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
  const deadline = Date.now() + 20_000;
  while (!banner().some((line) => line.startsWith('API reference:'))) {
    if (child.exitCode !== null) throw new Error(`flowgate start exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`flowgate start printed no banner:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /Flowgate is running at (http:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`no URL in the banner:\n${output}`);
  return { child, url, banner, output: () => output, exited };
}

async function stop(started: Started): Promise<number | null> {
  started.child.kill('SIGTERM');
  return started.exited;
}

async function json<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T, headers: response.headers };
}

async function signIn(url: string, email: string): Promise<{ status: number; token: string }> {
  const response = await json<{ token: string }>(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  return { status: response.status, token: response.body?.token ?? '' };
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function count(dataDir: string, table: string): number {
  const db = new Database(join(dataDir, 'flowgate.db'), { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Rotates the demo webhook's secret as the consultant and sends one signed order exception. */
async function callDemoWebhook(url: string, secret?: string): Promise<{ secret: string; status: number; body: unknown }> {
  let current = secret;
  if (current === undefined) {
    const { token } = await signIn(url, 'consultant@northwind.example');
    const auth = { authorization: `Bearer ${token}` };
    const me = await json<{ workspaces: { tenant: { id: string; slug: string } }[] }>(`${url}/api/v1/me`, { headers: auth });
    const tenantId = me.body.workspaces.find((workspace) => workspace.tenant.slug === 'contoso')?.tenant.id ?? '';
    const workflows = await json<{ id: string }[]>(`${url}/api/v1/tenants/${tenantId}/workflows`, { headers: auth });
    const rotated = await json<{ secret: string }>(`${url}/api/v1/tenants/${tenantId}/workflows/${workflows.body[0]?.id ?? ''}/triggers/received/secret`, { method: 'POST', headers: auth });
    current = rotated.body.secret;
  }
  const body = JSON.stringify({ orderId: 'SO-1', total: 10, reason: 'no address' });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `sha256=${createHmac('sha256', current).update(`${timestamp}.${body}`).digest('hex')}`;
  const response = await json(`${url}/hooks/contoso/order-exceptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-flowgate-timestamp': timestamp, 'x-flowgate-signature': signature },
    body,
  });
  return { secret: current, status: response.status, body: response.body };
}

describe('flowgate start (the real process)', () => {
  const dataDir = join(scratch.path, 'data');
  let firstKey = '';
  let firstCredentials = '';
  let secret = '';

  it('seeds the demo workspace on first start and prints where to sign in and the demo accounts', async () => {
    const started = await start(dataDir);
    const banner = started.banner();
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.url).not.toMatch(/:0$/);
    expect(banner[0]).toBe(`Flowgate is running at ${started.url}  (data in ${dataDir})`);
    expect(banner.join('\n')).toContain('Demo workspace created. Sign in with one of these accounts');
    for (const email of ['admin@northwind.example', 'consultant@northwind.example', 'approver@northwind.example', 'owner@contoso.example', 'operator@contoso.example']) {
      expect(banner.some((line) => line.includes(email) && line.includes(PASSWORD)), email).toBe(true);
    }
    expect(banner.at(-1)).toBe(`API reference: ${started.url}/api/docs`);
    expect((await signIn(started.url, 'owner@contoso.example')).status).toBe(200);

    expect(readdirSync(dataDir).filter((name) => !/^flowgate\.db(-wal|-shm)?$/.test(name)).sort()).toEqual(['demo-credentials.txt', 'master.key']);
    expect(readdirSync(dataDir)).toContain('flowgate.db');
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'master.key'))).toBe(0o600);
    expect(mode(join(dataDir, 'demo-credentials.txt'))).toBe(0o600);
    firstKey = readFileSync(join(dataDir, 'master.key'), 'utf8');
    firstCredentials = readFileSync(join(dataDir, 'demo-credentials.txt'), 'utf8');
    expect(firstCredentials.trim().split('\n')).toHaveLength(6);
    expect(firstCredentials).toContain(`admin@northwind.example\t${PASSWORD}\t`);

    const call = await callDemoWebhook(started.url);
    expect(call.status).toBe(202);
    expect(call.body).toEqual({ orderId: 'SO-1', queue: 'exceptions', reason: 'no address' });
    secret = call.secret;

    expect(await json(`${started.url}/healthz`)).toMatchObject({ status: 200, body: { ok: true } });
    expect(await json(`${started.url}/readyz`)).toMatchObject({ status: 200, body: { ready: true, database: true } });
    const metrics = await fetch(`${started.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    for (const name of ['flowgate_http_request_duration_seconds', 'flowgate_runs_started_total', 'flowgate_runs_finished_total', 'flowgate_step_duration_seconds', 'flowgate_waiting_tasks']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/^flowgate_runs_started_total 1$/m);
    expect(text).toMatch(/^flowgate_runs_finished_total\{status="succeeded"\} 1$/m);
    expect(text).toMatch(/^flowgate_step_duration_seconds_count\{node_type="data\.transform",status="succeeded"\} 1$/m);
    expect(text).toMatch(/^flowgate_waiting_tasks 0$/m);
    expect(text).toMatch(/^flowgate_http_request_duration_seconds_count\{method="POST",route="\/hooks\/:tenantSlug\/\*path",status="202"\} 1$/m);

    // Logs are JSON lines and carry no secret.
    const logs = started.output().split('\n').filter((line) => line.startsWith('{'));
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(started.output()).not.toContain(secret);

    // Shutdown does not wait out the webhook's 30-second response timeout although it answered long ago.
    const stopping = Date.now();
    expect(await stop(started)).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(5_000);
    expect(started.banner().join('\n')).toContain('Shutting down');
    expect(started.output()).not.toMatch(/"level":(50|60)/);
  });

  it('does not seed again on a second start, and keeps the master key (old secrets still work)', async () => {
    const users = count(dataDir, 'users');
    const started = await start(dataDir);
    expect(started.banner().join('\n')).not.toContain('Demo workspace created');
    expect(readFileSync(join(dataDir, 'master.key'), 'utf8')).toBe(firstKey);
    expect(readFileSync(join(dataDir, 'demo-credentials.txt'), 'utf8')).toBe(firstCredentials);
    expect((await signIn(started.url, 'admin@northwind.example')).status).toBe(200);
    const call = await callDemoWebhook(started.url, secret);
    expect(call.status).toBe(202);
    expect(await stop(started)).toBe(0);
    expect(count(dataDir, 'users')).toBe(users);
    expect(count(dataDir, 'tenants')).toBe(2);
    expect(count(dataDir, 'workflows')).toBe(1);
  });

  it('seeds nothing with --no-demo on an empty data directory, and prints the first-run setup code', async () => {
    const empty = join(scratch.path, 'empty');
    const started = await start(empty, '--no-demo');
    const banner = started.banner().join('\n');
    expect(banner).not.toContain('Demo workspace');
    expect(banner).not.toContain(PASSWORD);
    expect((await signIn(started.url, 'admin@northwind.example')).status).toBe(401);
    expect(readdirSync(empty).filter((name) => !/^flowgate\.db(-wal|-shm)?$/.test(name)).sort()).toEqual(['master.key', 'setup-code.txt']);
    expect(mode(join(empty, 'setup-code.txt'))).toBe(0o600);
    const code = readFileSync(join(empty, 'setup-code.txt'), 'utf8').trim();
    expect(banner).toContain(`First-run setup: open ${started.url}/setup and enter the setup code ${code} (also in ${join(empty, 'setup-code.txt')}).`);
    expect(await json(`${started.url}/api/v1/setup`)).toMatchObject({ status: 200, body: { needed: true } });
    expect(await stop(started)).toBe(0);
    expect(count(empty, 'tenants')).toBe(0);
    expect(count(empty, 'users')).toBe(0);
  });

  it('finishes a request in flight before it exits on SIGTERM', async () => {
    const started = await start(dataDir);
    const { token } = await signIn(started.url, 'consultant@northwind.example');
    const pending = Array.from({ length: 20 }, () => json(`${started.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }));
    started.child.kill('SIGTERM');
    const answered = await Promise.allSettled(pending);
    expect(await started.exited).toBe(0);
    for (const result of answered) if (result.status === 'fulfilled') expect(result.value.status).toBe(200);
    await expect(fetch(`${started.url}/healthz`)).rejects.toThrow();
  });
});
