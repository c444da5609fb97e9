import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../runtime/definition/index.js';
import { workflow } from '../../support/definitions.js';
import { startFlowgateProcess, startFlowgateWith, type FlowgateProcess } from '../../support/flowgate-process.js';
import { freshPostgresDatabase } from '../../support/postgres.js';
import { DEMO, DEMO_PASSWORD, type ApiClient, type ApiResponse } from '../../support/server-harness.js';
import { tempDir } from '../../support/temp-dir.js';
import { createActiveWorkflow, rotateSecret, signedHeaders, type Governance } from '../../support/workflow-lifecycle.js';

const scratch = tempDir('flowgate-multi-process-');
afterAll(() => scratch.remove());
const started: FlowgateProcess[] = [];
afterEach(() => {
  for (const process of started.splice(0)) if (process.child.exitCode === null) process.child.kill('SIGKILL');
});

/** Webhook requests in the bounded load, and how many are in flight at once. */
const REQUESTS = 120;
const CONCURRENCY = 6;

/** A loopback server counting requests by Idempotency-Key and path (the effects of runs). */
async function startEffectsServer() {
  const effects = new Map<string, number>();
  /** The schedule's calls: the tick each carried and the idempotency key (one per run and step). */
  const ticks: { scheduledAt: string; key: string }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const key = `${String(request.headers['idempotency-key'])}@${request.url ?? ''}`;
      effects.set(key, (effects.get(key) ?? 0) + 1);
      if (request.url === '/tick') ticks.push({ scheduledAt: (JSON.parse(Buffer.concat(chunks).toString()) as { scheduledAt: string }).scheduledAt, key });
      // A short, random answer time, so that kills land before, during and after requests.
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"ok":true}');
      }, 2 + Math.floor(Math.random() * 15));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { effects, ticks, port, baseUrl: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Waits (up to 30 s) until the run has the status. */
async function waitForStatus(databaseUrl: string, runId: string, status: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let rows: { status: string }[];
  do {
    rows = await query<{ status: string }>(databaseUrl, 'SELECT status FROM runs WHERE id = $1', [runId]);
    if (rows[0]?.status === status) return;
    await delay(200);
  } while (Date.now() < deadline);
  expect(rows[0]?.status).toBe(status);
}

/** Waits (up to 20 s) until the schedule has made `count` calls. */
async function waitForTicks(ticks: readonly unknown[], count: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (ticks.length < count && Date.now() < deadline) await delay(200);
  expect(ticks.length).toBeGreaterThanOrEqual(count);
}

function client(url: string, token?: string): ApiClient {
  return {
    token: token ?? '',
    userId: '',
    async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: (text === '' ? null : JSON.parse(text)) as T, text };
    },
  };
}

async function signIn(url: string, email: string): Promise<ApiClient> {
  const login = await client(url).request<{ token: string }>('POST', '/api/v1/auth/login', { email, password: DEMO_PASSWORD });
  if (login.status !== 200) throw new Error(`sign-in of ${email}: ${login.status} ${login.text}`);
  return client(url, login.body.token);
}

async function query<T extends pg.QueryResultRow>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const connection = new pg.Client({ connectionString: databaseUrl });
  await connection.connect();
  try {
    return (await connection.query<T>(sql, params)).rows;
  } finally {
    await connection.end();
  }
}

/** A signed webhook whose run makes one keyed call to the effects server. */
function orderHook(effectsUrl: string): WorkflowDefinition {
  return workflow(
    [
      { id: 'hook', type: 'trigger.webhook', config: { path: 'orders', auth: 'hmac', respond: 'immediately' } },
      { id: 'effect', type: 'connector.http', config: { method: 'POST', url: `${effectsUrl}/effect`, bodyType: 'json', body: { var: 'input' } } },
    ],
    [['hook', 'out', 'effect']],
  );
}

/** A run that waits for an approver, then for a durable one-second timer (fired by the scheduler), then makes one keyed call. */
function gatedWorkflow(effectsUrl: string): WorkflowDefinition {
  return workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      { id: 'gate', type: 'human.approval', config: { title: 'Release the order', approverRoles: ['approver'], requiredApprovals: 1 } },
      { id: 'pause', type: 'flow.delay', config: { mode: 'duration', seconds: 1 } },
      { id: 'effect', type: 'connector.http', config: { method: 'POST', url: `${effectsUrl}/approved`, bodyType: 'json', body: { var: 'input' } } },
    ],
    [
      ['start', 'out', 'gate'],
      ['gate', 'approved', 'pause'],
      ['pause', 'out', 'effect'],
    ],
  );
}

/** Every second, one keyed call to the effects server carrying the tick. */
function everySecond(effectsUrl: string): WorkflowDefinition {
  return workflow(
    [
      { id: 'tick', type: 'trigger.schedule', config: { cron: '* * * * * *', timeZone: 'UTC', missedFires: 'skip' } },
      { id: 'effect', type: 'connector.http', config: { method: 'POST', url: `${effectsUrl}/tick`, bodyType: 'json', body: { var: 'input' } } },
    ],
    [['tick', 'out', 'effect']],
  );
}

describe('Flowgate on PostgreSQL in roles: two API processes, three workers, two schedulers', () => {
  it('serves webhooks from a webhooks-only process, wakes a waiting run by a decision taken elsewhere, finishes every acknowledged webhook run exactly once through SIGKILLs of a worker, an API process and the leading scheduler, and fires each schedule tick once', async () => {
    const effects = await startEffectsServer();
    try {
      const databaseUrl = await freshPostgresDatabase();
      const settings = {
        FLOWGATE_DATABASE_URL: databaseUrl,
        FLOWGATE_MASTER_KEY: randomBytes(32).toString('base64'),
        FLOWGATE_DEMO_PASSWORD: DEMO_PASSWORD,
        FLOWGATE_EGRESS_ALLOW: `127.0.0.1:${effects.port}`,
        LOG_LEVEL: 'warn',
      };
      const dataDir = join(scratch.path, 'data');
      const run = async (role: string, ready: RegExp) => {
        const process = await startFlowgateProcess({ settings, dataDir, cwd: scratch.path, args: ['--role', role], ready });
        started.push(process);
        return process;
      };

      // The demo workspace, seeded by a process in the role all, which must then leave the database to the roles.
      const seed = await startFlowgateWith(settings, dataDir, scratch.path);
      started.push(seed);
      const roleWhileAll = run('worker', /^Flowgate worker ready/m);
      await expect(roleWhileAll).rejects.toThrow(/a Flowgate process in the role all is running on the PostgreSQL database/);
      expect(await seed.stop()).toBe(0);

      const apis = [await run('api', /^API reference: /m), await run('api', /^API reference: /m)];
      const workers = [await run('worker', /^Flowgate worker ready/m), await run('worker', /^Flowgate worker ready/m), await run('worker', /^Flowgate worker ready/m)];
      const schedulers = [await run('scheduler', /^Flowgate scheduler standing by/m), await run('scheduler', /^Flowgate scheduler standing by/m)];
      const allWhileRoles = startFlowgateWith(settings, dataDir, scratch.path);
      await expect(allWhileRoles).rejects.toThrow(/the role all runs alone on its database/);

      const [firstApi, secondApi] = apis as [FlowgateProcess, FlowgateProcess];
      const [customer] = await query<{ id: string }>(databaseUrl, `SELECT id FROM tenants WHERE slug = 'contoso'`);
      const governance: Governance = { tenantId: customer?.id ?? '', designer: await signIn(firstApi.url, DEMO.consultant), approver: await signIn(secondApi.url, DEMO.approver) };
      const hookId = await createActiveWorkflow(governance, 'Orders', orderHook(effects.baseUrl));
      const secret = await rotateSecret(governance, hookId, 'hook');
      const scheduleId = await createActiveWorkflow(governance, 'Every second', everySecond(effects.baseUrl));
      // A webhooks-only process takes webhooks and health, and says where the API is.
      const hooksOnly = await run('webhooks', /^API reference: /m);
      const notServed = await fetch(`${hooksOnly.url}/api/v1/auth/login`, { method: 'POST' });
      expect(notServed.status).toBe(404);
      expect(await notServed.text()).toContain('this process serves only webhooks');
      expect((await fetch(`${hooksOnly.url}/readyz`)).status).toBe(200);
      const hookBody = JSON.stringify({ orderId: 'via-webhooks-process' });
      const viaHooksOnly = await fetch(`${hooksOnly.url}/hooks/contoso/orders`, { method: 'POST', headers: signedHeaders(secret, hookBody), body: hookBody });
      expect(viaHooksOnly.status).toBe(202);
      const { runId: hooksOnlyRun } = (await viaHooksOnly.json()) as { runId: string };
      await waitForStatus(databaseUrl, hooksOnlyRun, 'succeeded');
      expect(await hooksOnly.stop()).toBe(0);

      // A decision taken through one API process wakes a run that a worker left waiting at a gate;
      // the timer its worker then stores is fired by the leading scheduler.
      const gatedId = await createActiveWorkflow(governance, 'Gated', gatedWorkflow(effects.baseUrl));
      const gated = await governance.designer.request<{ runId: string }>('POST', `/api/v1/tenants/${governance.tenantId}/workflows/${gatedId}/runs`, { input: {} });
      expect(gated.status, gated.text).toBe(201);
      await waitForStatus(databaseUrl, gated.body.runId, 'waiting');
      const tasks = await governance.approver.request<{ id: string; runId: string }[]>('GET', `/api/v1/tenants/${governance.tenantId}/tasks`);
      const task = tasks.body.find((candidate) => candidate.runId === gated.body.runId);
      const decided = await governance.approver.request('POST', `/api/v1/tenants/${governance.tenantId}/tasks/${task?.id ?? ''}/decide`, { decision: 'approve' });
      expect(decided.status, decided.text).toBe(200);
      await waitForStatus(databaseUrl, gated.body.runId, 'succeeded');
      expect(effects.effects.get(`${gated.body.runId}:effect:0@/approved`)).toBeGreaterThanOrEqual(1);

      // Activated through an API process, the schedule reaches the leading scheduler by its periodic reload.
      await waitForTicks(effects.ticks, 2);

      // The bounded load: each request has its own Idempotency-Key and is retried on the other API
      // process when the one it went to fails, as a storefront retries a webhook. A request whose
      // process died while it held the key's claim is in doubt: retries answer 409 until the claim's
      // lease ends (minutes; see docs/deployment.md), and it started no run.
      const acknowledged = new Map<string, Set<string>>();
      const inDoubt: string[] = [];
      let sent = 0;
      let killedWorker = false;
      let killedApi = false;
      const alive = () => apis.filter((api) => api.child.exitCode === null && api.child.signalCode === null);
      const send = async (index: number) => {
        const key = `order-${index}`;
        const body = JSON.stringify({ orderId: index });
        let last = '';
        for (let attempt = 0; attempt < 10; attempt++) {
          const targets = alive();
          const api = targets[(index + attempt) % targets.length] as FlowgateProcess;
          try {
            const response = await fetch(`${api.url}/hooks/contoso/orders`, { method: 'POST', headers: { ...signedHeaders(secret, body), 'idempotency-key': key }, body });
            const text = await response.text();
            const answer = JSON.parse(text) as { runId?: string; error?: { code: string } };
            if (response.status === 202 && answer.runId) {
              acknowledged.set(key, (acknowledged.get(key) ?? new Set()).add(answer.runId));
              return;
            }
            if (response.status === 409 && answer.error?.code === 'IDEMPOTENCY_KEY_IN_USE' && killedApi) {
              inDoubt.push(key);
              return;
            }
            last = `${response.status} ${text}`;
          } catch (error) {
            // The process went away mid-request: retried below.
            last = String(error);
          }
          await delay(100);
        }
        throw new Error(`webhook ${key} was never acknowledged; the last answer: ${last}`);
      };
      const lanes = Array.from({ length: CONCURRENCY }, async () => {
        while (sent < REQUESTS) {
          const index = sent++;
          if (!killedWorker && index >= REQUESTS / 3) {
            killedWorker = true;
            workers[0]?.child.kill('SIGKILL');
          }
          if (!killedApi && index >= (REQUESTS * 2) / 3) {
            killedApi = true;
            firstApi.child.kill('SIGKILL');
          }
          await send(index);
        }
      });
      await Promise.all(lanes);
      // Only requests in flight at the API process's death can be in doubt.
      expect(inDoubt.length).toBeLessThanOrEqual(CONCURRENCY);
      expect(acknowledged.size + inDoubt.length).toBe(REQUESTS);
      // A retried request answers the run its first delivery started.
      expect([...acknowledged.values()].filter((runIds) => runIds.size !== 1)).toEqual([]);

      // The leading scheduler dies; the standby takes over the schedules.
      const leader = schedulers.find((scheduler) => /^Flowgate scheduler leading/m.test(scheduler.output()));
      expect(leader).toBeDefined();
      leader?.child.kill('SIGKILL');
      const standby = schedulers.find((scheduler) => scheduler !== leader) as FlowgateProcess;
      const tookOver = Date.now() + 15_000;
      while (!/^Flowgate scheduler leading/m.test(standby.output()) && Date.now() < tookOver) await delay(100);
      expect(standby.output()).toMatch(/^Flowgate scheduler leading/m);
      await waitForTicks(effects.ticks, effects.ticks.length + 3);

      const runIds = [...acknowledged.values()].flatMap((ids) => [...ids]);
      const deadline = Date.now() + 60_000;
      let runs: { id: string; status: string }[] = [];
      for (;;) {
        runs = await query<{ id: string; status: string }>(databaseUrl, 'SELECT id, status FROM runs WHERE id = ANY($1)', [runIds]);
        if (runs.length === acknowledged.size && runs.every((stored) => stored.status === 'succeeded')) break;
        if (Date.now() > deadline) break;
        await delay(250);
      }
      expect(runs.filter((stored) => stored.status !== 'succeeded')).toEqual([]);
      expect(runs).toHaveLength(acknowledged.size);
      // No run but the acknowledged ones: a request in doubt started none.
      const hookRuns = await query<{ n: string }>(databaseUrl, 'SELECT count(*) AS n FROM runs WHERE workflow_id = $1 AND id <> $2', [hookId, hooksOnlyRun]);
      expect(Number(hookRuns[0]?.n)).toBe(acknowledged.size);

      // Each run's effect arrived under its own key, none of any other run or step.
      const expected = new Set([...runIds, hooksOnlyRun].map((id) => `${id}:effect:0@/effect`));
      const seen = [...effects.effects.keys()].filter((key) => key.endsWith('@/effect'));
      expect(seen.filter((key) => !expected.has(key))).toEqual([]);
      expect([...expected].filter((key) => !seen.includes(key))).toEqual([]);

      // Each tick ran once, whichever scheduler fired it.
      const scheduled = await query<{ input: string }>(databaseUrl, 'SELECT input FROM runs WHERE workflow_id = $1', [scheduleId]);
      const scheduledAt = scheduled.map((row) => (JSON.parse(row.input) as { scheduledAt: string }).scheduledAt);
      expect(scheduledAt.length).toBeGreaterThanOrEqual(5);
      expect(new Set(scheduledAt).size).toBe(scheduledAt.length);
      const runsPerTick = new Map<string, Set<string>>();
      for (const { scheduledAt: tick, key } of effects.ticks) runsPerTick.set(tick, (runsPerTick.get(tick) ?? new Set()).add(key));
      expect([...runsPerTick.entries()].filter(([, keys]) => keys.size !== 1)).toEqual([]);

      for (const process of [secondApi, ...workers.slice(1), standby]) expect(await process.stop()).toBe(0);
    } finally {
      await effects.close();
    }
  }, 240_000);
});
