import { describe, expect, it } from 'vitest';
import { describeRun, templateSuite } from './template-harness.js';

/**
 * Inventory synchronisation, cloned and run through the engine against the sandbox, whose Business
 * Central and Shopify start in sync: the shop's stock is moved away from the ERP's first, then the
 * template corrects a small difference, reports a large one without touching it, and does nothing
 * when both agree.
 */
const SLUG = 'inventory-sync';
const ITEM = 4_620_000_000_001;
const LOCATION = 70_100_000_001;
const harness = templateSuite();

const run = () => harness.run(SLUG, { input: harness.template(SLUG).samples['stock-changed'], credentials: { chat: 'Teams Contoso Operations (sandbox)' } });
const records = () => harness.sandbox.sandbox.records;
/** Moves the shop's stock of the item at the main location by `units` (as a sale or a miscount would). */
async function drift(units: number): Promise<void> {
  const moved = await harness.sandbox.shopify('POST', '/inventory_levels/adjust.json', { inventory_item_id: ITEM, location_id: LOCATION, available_adjustment: units });
  expect(moved.status).toBe(200);
  records().clear();
}
const shopTotal = async () =>
  (await harness.sandbox.shopify<{ inventory_levels: { available: number }[] }>('GET', `/inventory_levels.json?inventory_item_ids=${ITEM}`)).body.inventory_levels.reduce((sum, level) => sum + level.available, 0);

describe('inventory synchronisation', () => {
  it('changes nothing and reports nothing when the shop shows what the ERP has', async () => {
    const result = await run();
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(result.steps.get('compare')?.output).toMatchObject({ itemNumber: 'PK-1001', difference: 0 });
    expect(result.steps.get('inSync')?.output).toEqual({ itemNumber: 'PK-1001', adjusted: 0 });
    expect(records().effects()).toEqual([]);
  });

  it('corrects a small difference in the shop and reports the correction in Teams', async () => {
    const before = await shopTotal();
    await drift(-7);
    const result = await run();
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(result.steps.get('compare')?.output).toMatchObject({ difference: 7, shopAvailable: before - 7 });
    expect(await shopTotal()).toBe(before);
    expect(records().effects({ system: 'shopify' })[0]?.body).toMatchObject({ inventory_item_id: ITEM, location_id: LOCATION, available_adjustment: 7 });
    const messages = records().effects({ kind: 'message' });
    expect(messages.map((message) => message.system)).toEqual(['teams']);
    expect(JSON.stringify(messages[0]?.body)).toContain('Corrected PK-1001: Business Central has');
  });

  it('reports a difference beyond the limit for review and leaves the shop as it is', async () => {
    await drift(-60);
    const before = await shopTotal();
    const result = await run();
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(result.steps.get('adjust')?.status).toBe('skipped');
    expect(await shopTotal()).toBe(before);
    expect(records().effects({ system: 'shopify' })).toEqual([]);
    expect(JSON.stringify(records().effects({ kind: 'message' })[0]?.body)).toContain('Not corrected (beyond the automatic limit) PK-1001');
  });
});
