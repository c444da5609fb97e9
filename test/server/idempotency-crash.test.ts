import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { workflow } from '../support/definitions.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * A sender that does not get the answer retries. Here the real `flowgate start` process is killed
 * (SIGKILL) after it committed a start and before it answered; the retry with the same key, sent to
 * the restarted process, must get the committed run, never start a second one.
 */

const root = join(import.meta.dirname, '../..');
const PASSWORD = 'crash-test-password';
const CRASH = { 'x-test-crash-before-answer': '1' };
const scratch = tempDir('flowgate-idempotency-crash-');
afterAll(() => scratch.remove());

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Started {
  readonly url: string;
  readonly exited: Promise<string>;
}

/** Starts `flowgate start` on `dataDir` with the crash preload, once it serves. */
async function start(dataDir: string): Promise<Started> {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^(FLOWGATE_|PORT$|HOST$|LOG_LEVEL$)/.test(name)) environment[name] = value;
  const child = spawn(process.execPath, ['--import', join(root, 'test/support/crash-before-answer.mjs'), join(root, 'bin/flowgate.js'), 'start', '--port', '0'], {
    cwd: scratch.path,
    env: { ...environment, FLOWGATE_DATA: dataDir, FLOWGATE_DEMO_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const url = /Flowgate is running at (http:\/\/\S+)/.exec(output)?.[1];
    if (url && output.includes('API reference:')) return { url, exited };
    if (child.exitCode !== null) throw new Error(`flowgate start exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`flowgate start did not come up:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function call<T = unknown>(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T, headers: response.headers };
}

async function signIn(url: string, email: string): Promise<Record<string, string>> {
  const login = await call<{ token: string }>(`${url}/api/v1/auth/login`, 'POST', { email, password: PASSWORD });
  if (login.status !== 200) throw new Error(`sign-in of ${email}: ${login.status}`);
  return { authorization: `Bearer ${login.body.token}` };
}

/** A request whose answer never comes: the process dies first. */
async function crashes(started: Started, url: string, method: string, body: unknown, headers: Record<string, string>): Promise<void> {
  await expect(call(url, method, body, { ...headers, ...CRASH })).rejects.toThrow();
  expect(await started.exited).toBe('SIGKILL');
}

function stored(dataDir: string, sql: string, ...params: unknown[]): unknown[] {
  const db = new Database(join(dataDir, 'flowgate.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

const orders = workflow(
  [
    { id: 'manual', type: 'trigger.manual' },
    { id: 'received', type: 'trigger.webhook', config: { path: 'orders/crash', auth: 'token' } },
    { id: 'note', type: 'data.transform', config: { fields: { order: { var: 'input.orderId' } } } },
  ],
  [
    ['manual', 'out', 'note'],
    ['received', 'out', 'note'],
  ],
  { name: 'Crash orders' },
);

describe('a retry after the server died between commit and answer', () => {
  it('gets the committed run (webhook and API start), and no second run is started', async () => {
    const dataDir = join(scratch.path, 'data');
    let started = await start(dataDir);
    const consultant = await signIn(started.url, 'consultant@northwind.example');
    const approver = await signIn(started.url, 'approver@northwind.example');
    const me = await call<{ workspaces: { tenant: { id: string; slug: string } }[] }>(`${started.url}/api/v1/me`, 'GET', undefined, consultant);
    const tenantId = me.body.workspaces.find((workspace) => workspace.tenant.slug === 'contoso')?.tenant.id ?? '';
    const base = `/api/v1/tenants/${tenantId}/workflows`;
    const created = await call<{ id: string }>(`${started.url}${base}`, 'POST', { name: 'Crash orders', definition: orders }, consultant);
    const workflowId = created.body.id;
    expect((await call(`${started.url}${base}/${workflowId}/versions`, 'POST', { note: 'v1' }, consultant)).status).toBe(201);
    expect((await call(`${started.url}${base}/${workflowId}/versions/1/approve`, 'POST', {}, approver)).status).toBe(200);
    expect((await call(`${started.url}${base}/${workflowId}/activate`, 'POST', { version: 1, reason: 'crash test' }, approver)).status).toBe(200);
    const secret = (await call<{ secret: string }>(`${started.url}${base}/${workflowId}/triggers/received/secret`, 'POST', undefined, consultant)).body.secret;

    const delivery = { orderId: 'SO-CRASH-1' };
    const hookHeaders = { 'x-flowgate-token': secret, 'idempotency-key': 'delivery-crash-1' };
    await crashes(started, `${started.url}/hooks/contoso/orders/crash`, 'POST', delivery, hookHeaders);
    const committed = stored(dataDir, 'SELECT id FROM runs WHERE workflow_id = ?', workflowId) as { id: string }[];
    expect(committed).toHaveLength(1);

    started = await start(dataDir);
    const retried = await call<{ runId: string }>(`${started.url}/hooks/contoso/orders/crash`, 'POST', delivery, hookHeaders);
    expect(retried.status).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.runId).toBe(committed[0]?.id);
    expect(stored(dataDir, 'SELECT id FROM runs WHERE workflow_id = ?', workflowId)).toEqual(committed);
    expect(stored(dataDir, "SELECT actor_id AS actor FROM audit_log WHERE action = 'run.start' AND target_id = ?", retried.body.runId)).toEqual([{ actor: 'system:webhook' }]);

    const operator = await signIn(started.url, 'operator@contoso.example');
    const runHeaders = { ...operator, 'idempotency-key': 'manual-crash-1' };
    await crashes(started, `${started.url}${base}/${workflowId}/runs`, 'POST', { input: { orderId: 'SO-CRASH-2' } }, runHeaders);
    const afterSecondCrash = stored(dataDir, 'SELECT id FROM runs WHERE workflow_id = ? ORDER BY id', workflowId) as { id: string }[];
    expect(afterSecondCrash).toHaveLength(2);

    started = await start(dataDir);
    const again = await call<{ runId: string }>(`${started.url}${base}/${workflowId}/runs`, 'POST', { input: { orderId: 'SO-CRASH-2' } }, runHeaders);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(afterSecondCrash.map((run) => run.id)).toContain(again.body.runId);
    expect(stored(dataDir, 'SELECT id FROM runs WHERE workflow_id = ? ORDER BY id', workflowId)).toEqual(afterSecondCrash);
  });
});
