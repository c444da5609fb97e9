import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CREDENTIALS } from '../../server/sandbox/credentials.js';
import type { EffectRecord } from '../../server/sandbox/effect-recorder.js';
import { BC_API, startTestSandbox } from '../server/sandbox/sandbox-harness.js';
import { runWorker } from './crash-harness.js';
import { workflow } from './definitions.js';
import { tempDir } from './temp-dir.js';

/** What the connector crash scenario observed. */
export interface ConnectorCrashReport {
  readonly kills: number;
  readonly runs: { id: string; status: string }[];
  /** The effects the sandbox performed (Shopify and Business Central), each once however often its request was replayed. */
  readonly effects: readonly EffectRecord[];
  /** Purchase orders the runs created in Business Central (by their vendor's number). */
  readonly purchaseOrders: number;
  /** How many requests the sandbox answered from its idempotency cache (replays after a kill). */
  readonly replays: number;
  readonly stockBefore: number;
  readonly stockAfter: number;
}

/** The vendor the runs order from in Business Central. */
const CRASH_VENDOR = 'V2000';

/** The sandbox's order ids are 5900000000000 plus the order number (1001 to 1060). */
const FIRST_ORDER_ID = 5_900_000_001_001;

/**
 * Runs `runs` workflow runs whose steps call the sandbox's Shopify (tag an order, then take one
 * unit of an item's stock) and Business Central (a purchase order with two lines: three requests
 * with keys derived from the step's) in a separate engine process, killing it with SIGKILL at random moments
 * `kills` times and restarting it each time; the sandbox records each effect once per
 * Idempotency-Key, and the stock shows whether any adjustment was applied twice.
 */
export async function runConnectorCrashScenario(options: { runs: number; kills: number; root: string }): Promise<ConnectorCrashReport> {
  const dir = tempDir('flowgate-connector-crash-');
  const sandbox = await startTestSandbox();
  try {
    const location = (await sandbox.shopify<{ locations: { id: number }[] }>('GET', '/locations.json')).body.locations[0]?.id;
    const level = (await sandbox.shopify<{ inventory_levels: { inventory_item_id: number; available: number }[] }>('GET', `/inventory_levels.json?location_ids=${location}`)).body.inventory_levels.find(
      (candidate) => candidate.available > options.runs,
    );
    if (location === undefined || level === undefined) throw new Error('the sandbox has no stock to take from');
    const draftsBefore = (await sandbox.bc<{ value: unknown[] }>('GET', `/purchaseOrders?$filter=vendorNumber eq '${CRASH_VENDOR}' and status eq 'Draft'&$top=1000`, undefined, { prefer: 'odata.maxpagesize=1000' })).body.value.length;
    const shop = { shopUrl: `${sandbox.url}/shopify`, credential: 'shop' };
    const definition = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        {
          id: 'tag',
          type: 'connector.shopify.updateOrder',
          config: { ...shop, orderId: { '+': [FIRST_ORDER_ID, { '%': [{ var: 'nodes.start.seq' }, 60] }] }, tags: { cat: ['crash-test, run-', { var: 'nodes.start.seq' }] } },
        },
        { id: 'stock', type: 'connector.shopify.adjustInventory', config: { ...shop, inventoryItemId: level.inventory_item_id, locationId: location, adjustment: -1 } },
        {
          id: 'po',
          type: 'connector.businessCentral.createPurchaseOrder',
          config: {
            apiUrl: `${sandbox.url}${BC_API}`,
            companyId: DEMO_CREDENTIALS.businessCentral.companyId,
            credential: 'erp',
            vendorNumber: CRASH_VENDOR,
            lines: [
              { itemNumber: 'JN-2001', quantity: 10 },
              { itemNumber: 'JN-2003', quantity: 5 },
            ],
          },
        },
      ],
      [
        ['start', 'out', 'tag'],
        ['tag', 'out', 'stock'],
        ['stock', 'out', 'po'],
      ],
      { params: [{ name: 'baseUrl', type: 'string', required: true }] },
    );
    const dbPath = join(dir.path, 'connector-crash.db');
    const workflowPath = join(dir.path, 'workflow.json');
    writeFileSync(workflowPath, JSON.stringify(definition));
    const erp = { type: 'bearer', token: await sandbox.bcToken() };
    const env = { FLOWGATE_CRASH_SECRETS: JSON.stringify({ shop: { type: 'shopify', accessToken: DEMO_CREDENTIALS.shopify.accessToken }, erp }) };
    let kills = 0;
    for (;;) {
      const killThis = kills < options.kills;
      const exit = await runWorker(options.root, [dbPath, workflowPath, sandbox.url, String(options.runs)], killThis ? 5 + Math.random() * 150 : undefined, env);
      if (exit === 'killed') kills++;
      else if (exit === 0) break;
    }
    const db = new Database(dbPath, { readonly: true });
    const runs = db.prepare('SELECT id, status FROM runs').all() as { id: string; status: string }[];
    db.close();
    const after = (await sandbox.shopify<{ inventory_levels: { available: number }[] }>('GET', `/inventory_levels.json?inventory_item_ids=${level.inventory_item_id}&location_ids=${location}`)).body.inventory_levels[0];
    return {
      kills,
      runs,
      effects: [...sandbox.sandbox.records.effects({ system: 'shopify' }), ...sandbox.sandbox.records.effects({ system: 'business-central' })],
      purchaseOrders: (await sandbox.bc<{ value: unknown[] }>('GET', `/purchaseOrders?$filter=vendorNumber eq '${CRASH_VENDOR}' and status eq 'Draft'&$top=1000`, undefined, { prefer: 'odata.maxpagesize=1000' })).body.value.length - draftsBefore,
      replays: sandbox.sandbox.records.calls('shopify').filter((call) => call.replayed).length,
      stockBefore: level.available,
      stockAfter: after?.available ?? Number.NaN,
    };
  } finally {
    await sandbox.close();
    dir.remove();
  }
}
