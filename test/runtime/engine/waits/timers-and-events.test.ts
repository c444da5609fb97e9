import { afterEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES, openEngineHarness, waitFixture, type EngineHarness } from '../../../support/engine-harness.js';

describe.each(STORE_ENGINES)('with the run store on %s', (storeEngine) => {
  let harness: EngineHarness;
  afterEach(() => harness.close());

  describe('flow.delay', () => {
    it('waits durably until its time, then continues with its input', async () => {
      harness = await openEngineHarness(storeEngine);
      const run = await harness.engine.execute({ definition: waitFixture('delay'), input: { customer: 'c-1' } });
      expect(run.status).toBe('waiting');
      expect(await harness.store.nextTimerDue()).toBe(harness.clock.now().getTime() + 90_000);
      harness.clock.advance(89_000);
      await harness.engine.runDueTimers();
      expect((await harness.engine.trace(run.id))?.run.status).toBe('waiting');
      harness.clock.advance(1_000);
      await harness.engine.runDueTimers();
      expect((await harness.until(run.id, 'succeeded')).output).toEqual({ customer: 'c-1', reminded: true });
      expect(await harness.store.nextTimerDue()).toBeUndefined();
    });

    it('fires a timer that came due while the process was down when it starts again', async () => {
      harness = await openEngineHarness(storeEngine);
      const run = await harness.engine.execute({ definition: waitFixture('delay'), input: { customer: 'c-2' } });
      harness = await harness.restart();
      harness.clock.advance(120_000);
      await harness.engine.recover();
      expect((await harness.until(run.id, 'succeeded')).output).toEqual({ customer: 'c-2', reminded: true });
    });

    it('waits until a timestamp from an expression, and not at all for one in the past', async () => {
      harness = await openEngineHarness(storeEngine);
      const at = new Date(harness.clock.now().getTime() + 3_600_000).toISOString();
      const later = await harness.engine.execute({ definition: waitFixture('delay-until'), input: { at } });
      expect(later.status).toBe('waiting');
      const past = await harness.engine.execute({ definition: waitFixture('delay-until'), input: { at: '2020-01-01T00:00:00Z' } });
      await harness.engine.runDueTimers();
      expect((await harness.until(past.id, 'succeeded')).output).toEqual({ at: '2020-01-01T00:00:00Z' });
      expect((await harness.engine.trace(later.id))?.run.status).toBe('waiting');
    });
  });

  describe('flow.waitForEvent', () => {
    it('resumes on the signal with its payload, only in the run waiting for that key and tenant', async () => {
      harness = await openEngineHarness(storeEngine);
      const definition = waitFixture('wait-for-event');
      const mine = await harness.engine.execute({ definition, input: { orderId: 'SO-1' }, tenantId: 'acme' });
      const other = await harness.engine.execute({ definition, input: { orderId: 'SO-2' }, tenantId: 'acme' });
      const foreign = await harness.engine.execute({ definition, input: { orderId: 'SO-1' }, tenantId: 'globex' });
      expect(await harness.engine.signal('acme', 'pickup:SO-1', { carrier: 'DHL' })).toBe(1);
      expect((await harness.until(mine.id, 'succeeded')).output).toEqual({ status: 'picked', carrier: 'DHL' });
      expect((await harness.engine.trace(other.id))?.run.status).toBe('waiting');
      expect((await harness.engine.trace(foreign.id))?.run.status).toBe('waiting');
      expect(await harness.engine.signal('acme', 'pickup:SO-1', { carrier: 'DHL' })).toBe(0);
    });

    it('leaves on timeout when no event arrives in time', async () => {
      harness = await openEngineHarness(storeEngine);
      const run = await harness.engine.execute({ definition: waitFixture('wait-for-event'), input: { orderId: 'SO-3' } });
      harness.clock.advance(86_400_000);
      await harness.engine.runDueTimers();
      expect((await harness.until(run.id, 'succeeded')).output).toEqual({ status: 'late' });
      expect(await harness.engine.signal('local', 'pickup:SO-3', {})).toBe(0);
    });
  });
});
