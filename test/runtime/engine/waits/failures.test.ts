import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STORE_ENGINES, openEngineHarness, waitFixture, type EngineHarness } from '../../../support/engine-harness.js';

describe.each(STORE_ENGINES)('with the run store on %s', (storeEngine) => {
  let harness: EngineHarness;
  afterEach(() => harness.close());

  /** A real server: `/flaky/<id>` answers 503 (with Retry-After on the first) twice per id, then 201. */
  let server: Server;
  let baseUrl: string;
  const calls = new Map<string, string[]>();
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      const path = request.url ?? '';
      const flaky = /^\/flaky\/(.+)$/.exec(path);
      if (flaky) {
        const id = flaky[1] as string;
        const seen = calls.get(id) ?? [];
        seen.push(String(request.headers['idempotency-key']));
        calls.set(id, seen);
        if (id === 'bad') return void response.writeHead(400).end('{"error":"bad invoice"}');
        if (seen.length <= 2) return void response.writeHead(503, seen.length === 1 ? { 'retry-after': '0' } : {}).end('busy');
        return void response.writeHead(201, { 'content-type': 'application/json' }).end('{"posted":true}');
      }
      const status = /^\/status\/(\d+)$/.exec(path);
      response.writeHead(Number(status?.[1] ?? 404)).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  describe('retries', () => {
    it('retries with durable backoff timers and succeeds on the third attempt with the same idempotency key', async () => {
      harness = await openEngineHarness(storeEngine, { egressAllow: [new URL(baseUrl).host] });
      const handle = await harness.engine.start({ definition: waitFixture('retry-http'), input: { invoice: 'INV-1' }, params: { baseUrl } });
      for (let round = 0; round < 2; round++) {
        await harness.until(handle.runId, 'waiting');
        harness.clock.advance(1_000);
        await harness.engine.runDueTimers();
      }
      const run = await harness.until(handle.runId, 'succeeded');
      expect(run.output).toEqual({ status: 201 });
      expect(calls.get('INV-1')).toEqual([`${run.id}:post:0`, `${run.id}:post:0`, `${run.id}:post:0`]);
      const post = (await harness.engine.trace(run.id))?.steps.find((step) => step.nodeId === 'post');
      expect(post).toMatchObject({ status: 'succeeded', attempt: 3 });
    });

    it('waits the backoff (doubling from the initial delay) before each attempt', async () => {
      harness = await openEngineHarness(storeEngine, { egressAllow: [new URL(baseUrl).host] });
      const start = harness.clock.now().getTime();
      const handle = await harness.engine.start({ definition: waitFixture('retry-http'), input: { invoice: 'INV-2' }, params: { baseUrl } });
      await harness.until(handle.runId, 'waiting');
      expect(await harness.store.nextTimerDue()).toBe(start + 20);
      harness.clock.advance(20);
      await harness.engine.runDueTimers();
      // The run is still waiting on the first timer until the second attempt's writes commit.
      await expect.poll(() => harness.store.nextTimerDue()).toBe(start + 20 + 40);
      expect((await harness.engine.trace(handle.runId))?.run.status).toBe('waiting');
    });

    it('does not retry an error that another attempt cannot fix', async () => {
      harness = await openEngineHarness(storeEngine, { egressAllow: [new URL(baseUrl).host] });
      const run = await harness.engine.execute({ definition: waitFixture('retry-http'), input: { invoice: 'bad' }, params: { baseUrl } });
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ code: 'HTTP_STATUS', nodeId: 'post', attempt: 1 });
      expect(calls.get('bad')).toHaveLength(1);
    });
  });

  describe('error workflows', () => {
    it('starts the error workflow with the failure details when a run fails', async () => {
      harness = await openEngineHarness(storeEngine, { egressAllow: [new URL(baseUrl).host] });
      const failed = await harness.engine.execute({ definition: waitFixture('fails'), params: { baseUrl }, tenantId: 'acme' });
      expect(failed.status).toBe('failed');
      const deadline = Date.now() + 5_000;
      let stored = await harness.store.getRun(failed.id);
      while (!stored?.errorRunId && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        stored = await harness.store.getRun(failed.id);
      }
      expect(stored).toMatchObject({ errorWorkflowPending: false });
      const escalation = await harness.until(stored?.errorRunId as string, 'succeeded');
      expect(escalation).toMatchObject({
        tenantId: 'acme',
        workflowId: 'escalate-failure',
        trigger: { type: 'errorWorkflow', failedRunId: failed.id },
        output: { failedRunId: failed.id, code: 'HTTP_STATUS', node: 'sync' },
      });
    });

    it('starts a pending error workflow on recovery after a crash', async () => {
      harness = await openEngineHarness(storeEngine, { egressAllow: [new URL(baseUrl).host] });
      const failed = await harness.engine.execute({ definition: waitFixture('fails'), params: { baseUrl } });
      // The error workflow starts in the background; the crash is staged once it has been recorded.
      await expect.poll(async () => (await harness.store.getRun(failed.id))?.errorRunId ?? null).not.toBeNull();
      harness.store.updateRun(failed.id, { errorWorkflowPending: true, errorRunId: null, updatedAt: Date.now() });
      const before = await harness.store.listRunIdsByStatus('succeeded');
      harness = await harness.restart();
      await harness.store.flush();
      await harness.engine.recover();
      const deadline = Date.now() + 5_000;
      let stored = await harness.store.getRun(failed.id);
      while (stored?.errorWorkflowPending && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        stored = await harness.store.getRun(failed.id);
      }
      expect(stored?.errorRunId).not.toBeNull();
      expect(before).not.toContain(stored?.errorRunId);
    });
  });

  describe('cancel', () => {
    it('cancels a waiting run: its task closes, it ends cancelled, and later decisions are refused', async () => {
      harness = await openEngineHarness(storeEngine);
      const run = await harness.engine.execute({ definition: waitFixture('approval-single'), input: { orderId: 'SO-9', amount: 5 } });
      const [task] = await harness.store.listTasks({ tenantId: 'local', runId: run.id });
      const cancelled = await harness.engine.cancel(run.id);
      expect(cancelled.status).toBe('cancelled');
      expect((await harness.store.getTask(task?.id as string))?.status).toBe('cancelled');
      await expect(harness.engine.decide(task?.id as string, { decision: 'approve', actor: { id: 'ann', roles: ['approver'] } })).rejects.toThrow(
        'the task is already cancelled',
      );
      const approve = (await harness.engine.trace(run.id))?.steps.find((step) => step.nodeId === 'approve');
      expect(approve).toMatchObject({ status: 'failed', error: { code: 'CANCELLED' } });
      await expect(harness.engine.cancel(run.id)).rejects.toThrow('has already finished (cancelled)');
    });

    it('cancels a running run: the step in flight is aborted and nothing after it starts', async () => {
      const hanging = createServer(() => undefined);
      await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
      const hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
      harness = await openEngineHarness(storeEngine, { egressAllow: [new URL(hangingUrl).host] });
      const definition = {
        ...waitFixture('retry-http'),
        nodes: [
          { id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} },
          { id: 'post', type: 'connector.http', version: 1, name: 'Slow', position: { x: 240, y: 0 }, config: { url: `${hangingUrl}/never` } },
          { id: 'done', type: 'data.transform', version: 1, name: 'Done', position: { x: 480, y: 0 }, config: { fields: { ok: true } } },
        ],
        params: [],
      };
      const handle = await harness.engine.start({ definition });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const cancelled = await harness.engine.cancel(handle.runId);
      hanging.closeAllConnections();
      hanging.close();
      expect(cancelled.status).toBe('cancelled');
      const trace = await harness.engine.trace(handle.runId);
      expect(trace?.steps.map((step) => `${step.nodeId}:${step.status}`)).toEqual(['start:succeeded', 'post:failed']);
      expect(trace?.steps[1]?.error).toMatchObject({ code: 'CANCELLED', message: 'the run was cancelled' });
    });
  });
});
