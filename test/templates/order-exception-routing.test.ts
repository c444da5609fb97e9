import { describe, expect, it } from 'vitest';
import { describeRun, templateSuite } from './template-harness.js';

/** Order exception routing, cloned and run through the engine: the queue for small orders, the reviewer's gate for large ones. */
const SLUG = 'order-exception-routing';
const harness = templateSuite();

const sample = (name: string) => harness.template(SLUG).samples[name];

describe('order exception routing', () => {
  it('routes an order below the threshold to the exception queue and answers the sender', async () => {
    const result = await harness.run(SLUG, { input: sample('small-order') });
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(result.steps.get('queue')?.output).toMatchObject({ queue: 'exceptions' });
    expect(result.steps.get('review')?.status).toBe('skipped');
    expect(result.tasks).toEqual([]);
  });

  it('holds a large order for a reviewer, who releases it', async () => {
    const waiting = await harness.run(SLUG, { input: sample('large-order') });
    expect(waiting.run.status, describeRun(waiting, 'waiting')).toBe('waiting');
    expect(waiting.tasks[0]?.title).toBe('Release order SO-1042 (1250 EUR)');
    const released = await harness.decide(waiting.run.id, 'approve');
    expect(released.run.status, describeRun(released, 'succeeded')).toBe('succeeded');
    expect(released.steps.get('released')?.output).toEqual({ orderId: 'SO-1042', queue: 'released' });
  });

  it("keeps a rejected order on hold, and moves the threshold with the clone's parameter", async () => {
    const held = await harness.decide((await harness.run(SLUG, { input: sample('large-order') })).run.id, 'reject', 'Credit limit');
    expect(held.steps.get('held')?.output).toEqual({ orderId: 'SO-1042', queue: 'held' });
    const raised = await harness.run(SLUG, { input: sample('large-order'), params: { reviewThreshold: 2000 } });
    expect(raised.run.status, describeRun(raised, 'succeeded')).toBe('succeeded');
    expect(raised.steps.get('queue')?.output).toMatchObject({ orderId: 'SO-1042', queue: 'exceptions' });
  });
});
