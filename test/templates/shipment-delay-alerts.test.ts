import { describe, expect, it } from 'vitest';
import { describeRun, templateSuite } from './template-harness.js';

/**
 * Shipment status and delay alerts, cloned and run through the engine against the sandbox's
 * ShipStation, Shopify and Slack, the engine's clock moved past the ship-by time: a shipped order
 * gets its tracking, an unshipped one an alert and a delay tag.
 */
const SLUG = 'shipment-delay-alerts';
const DAY = 86_400_000;
const harness = templateSuite();

const records = () => harness.sandbox.sandbox.records;
const order = async (id: number) => (await harness.sandbox.shopify<{ order: { tags: string; note: string | null } }>('GET', `/orders/${id}.json`)).body.order;
async function atShipBy(sample: string) {
  const waiting = await harness.run(SLUG, { input: harness.template(SLUG).samples[sample] });
  expect(waiting.run.status, describeRun(waiting, 'waiting')).toBe('waiting');
  expect(records().effects()).toEqual([]);
  return harness.passTime(waiting.run.id, 'shipBy', DAY);
}

describe('shipment status and delay alerts', () => {
  it("puts a shipped order's carrier and tracking number on the Shopify order at its ship-by time", async () => {
    const result = await atShipBy('shipped-order');
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    const shipment = (result.steps.get('shipments')?.output as { shipments: { carrierCode: string; trackingNumber: string }[] }).shipments[0];
    expect(await order(5_900_000_001_003)).toMatchObject({ tags: 'shipped', note: `Shipped with ${shipment?.carrierCode ?? ''}, tracking ${shipment?.trackingNumber ?? ''}` });
    expect(records().effects({ system: 'shopify' })).toHaveLength(1);
    expect(records().effects({ kind: 'message' })).toEqual([]);
  });

  it('alerts fulfilment in Slack and tags the order when it has not shipped by then', async () => {
    const result = await atShipBy('late-order');
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(result.steps.get('shipments')?.output).toMatchObject({ count: 0 });
    expect(JSON.stringify(records().effects({ kind: 'message' })[0]?.body)).toContain('Order #1053 has not shipped by its ship-by time 2025-03-16T12:00:00Z');
    expect((await order(5_900_000_001_053)).tags).toBe('fulfilment-delayed');
    expect(result.steps.get('tracking')?.status).toBe('skipped');
  });
});
