import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineStoppedError } from '../../../runtime/engine/index.js';
import { STORE_ENGINES, openEngineHarness, waitFixture, type EngineHarness } from '../../support/engine-harness.js';

/**
 * Closing an engine and its store while work is under way (a task's opening being announced, a
 * decision, a due timer): nothing may reach the database after it closed, so no rejection goes
 * unhandled, and an engine opened on the same database afterwards finishes the run.
 */
describe.each(STORE_ENGINES)('closing the engine with work under way, on %s', (storeEngine) => {
  let harness: EngineHarness;
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  const ann = { id: 'ann@partner.example', roles: ['approver'] };
  const input = { orderId: 'SO-77', amount: 240 };

  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', record);
  });
  afterEach(async () => {
    await harness.close();
    process.off('unhandledRejection', record);
  });

  /** Lets whatever the closed engine might still have started run into the closed database. */
  async function settleAfterClose(): Promise<void> {
    await delay(200);
    expect(unhandled).toEqual([]);
  }

  async function waitingRun(fixture: string) {
    harness = await openEngineHarness(storeEngine);
    const run = await harness.engine.execute({ definition: waitFixture(fixture), input });
    expect(run.status).toBe('waiting');
    return run;
  }

  async function openTask(runId: string) {
    const [task] = await harness.store.listTasks({ tenantId: 'local', runId });
    if (!task) throw new Error('no task was opened');
    return task;
  }

  it('while the opened task is being announced: closes cleanly, and the next engine takes the decision', async () => {
    const run = await waitingRun('approval-single');
    harness = await harness.restart();
    await settleAfterClose();
    await harness.engine.recover();
    await harness.engine.decide((await openTask(run.id)).id, { decision: 'approve', actor: ann });
    expect((await harness.until(run.id, 'succeeded')).output).toEqual({ result: 'refunded', by: ann.id });
  });

  it('while a decision is under way: the decision completes or says the engine stopped, and the run finishes on the next engine', async () => {
    const run = await waitingRun('approval-single');
    const task = await openTask(run.id);
    const decided = harness.engine.decide(task.id, { decision: 'approve', actor: ann }).then(
      (closed) => closed.status,
      (error: unknown) => (error instanceof EngineStoppedError ? 'stopped' : error),
    );
    harness = await harness.restart();
    const outcome = await decided;
    expect(['approved', 'stopped']).toContain(outcome);
    await settleAfterClose();
    await harness.engine.recover();
    if (outcome === 'stopped') await harness.engine.decide(task.id, { decision: 'approve', actor: ann });
    expect((await harness.until(run.id, 'succeeded')).output).toEqual({ result: 'refunded', by: ann.id });
  });

  it('while a due timer fires: the timeout is taken once, here or by the next engine', async () => {
    const run = await waitingRun('approval-due');
    harness.clock.advance(61 * 60_000);
    const fired = harness.engine.runDueTimers().then(
      () => 'fired',
      (error: unknown) => (error instanceof EngineStoppedError ? 'stopped' : error),
    );
    harness = await harness.restart();
    expect(['fired', 'stopped']).toContain(await fired);
    await settleAfterClose();
    await harness.engine.recover();
    expect((await harness.until(run.id, 'succeeded')).output).toEqual({ result: 'expired' });
    expect((await openTaskStatus(run.id))).toBe('timed_out');
  });

  it('refuses requests once it is shut down, with a clear error', async () => {
    const run = await waitingRun('approval-single');
    const task = await openTask(run.id);
    await harness.engine.shutdown();
    await expect(harness.engine.decide(task.id, { decision: 'approve', actor: ann })).rejects.toThrow(EngineStoppedError);
    await expect(harness.engine.runDueTimers()).rejects.toThrow(EngineStoppedError);
    await expect(harness.engine.signal('local', 'key', {})).rejects.toThrow(EngineStoppedError);
    await expect(harness.engine.cancel(run.id)).rejects.toThrow(EngineStoppedError);
  });

  async function openTaskStatus(runId: string) {
    const [task] = await harness.store.listTasks({ tenantId: 'local', runId });
    return task?.status;
  }
});
