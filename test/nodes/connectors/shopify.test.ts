import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../../server/sandbox/credentials.js';
import { workflow } from '../../support/definitions.js';
import { engineHarness } from '../../support/engine-harness.js';
import { connectorHarness, type ConnectorHarness } from './connector-harness.js';

/** The sandbox's Shopify order ids are 5900000000000 plus the order number. */
const orderId = (number: number): number => 5_900_000_000_000 + number;

interface Order {
  id: number;
  name: string;
  tags: string;
  note: string | null;
  cancelled_at: string | null;
  financial_status: string;
  line_items: { id: number; quantity: number }[];
}

let harness: ConnectorHarness;
let connection: { shopUrl: string; credential: string };

beforeAll(async () => {
  harness = await connectorHarness(() => ({
    shop: { type: 'shopify', accessToken: DEMO_CREDENTIALS.shopify.accessToken },
    wrong: { type: 'shopify', accessToken: 'shpat_wrong' },
    basic: { type: 'basic', username: 'a', password: 'b' },
  }));
  connection = { shopUrl: `${harness.sandbox.url}/shopify`, credential: 'shop' };
});
afterAll(() => harness.close());
beforeEach(() => harness.sandbox.sandbox.reset());

/** The calls the sandbox answered for Shopify, oldest first. */
const shopifyCalls = () => harness.sandbox.sandbox.records.calls('shopify');

describe('Shopify: orders', () => {
  it('gets an order by id, with only the fields asked for', async () => {
    const { output } = await harness.run('connector.shopify.getOrder', { ...connection, orderId: orderId(1042), fields: 'id, name,tags' });
    expect(Object.keys(output as object).sort()).toEqual(['id', 'name', 'tags']);
    expect(output).toMatchObject({ id: orderId(1042), name: '#1042' });
    expect(shopifyCalls().at(-1)?.path).toBe(`/shopify/admin/api/2024-10/orders/${orderId(1042)}.json?fields=id%2Cname%2Ctags`);
  });

  it('lists orders by status and tag, following every page', async () => {
    const { output } = await harness.run('connector.shopify.listOrders', { ...connection, status: 'any', tag: 'VIP', pageSize: 10 });
    const { orders, count, truncated } = output as { orders: Order[]; count: number; truncated: boolean };
    expect(count).toBeGreaterThan(0);
    expect(truncated).toBe(false);
    for (const order of orders) expect(order.tags.toLowerCase().split(',').map((tag) => tag.trim())).toContain('vip');
    const pages = shopifyCalls().filter((call) => call.path.includes('orders.json'));
    expect(pages.length).toBeGreaterThanOrEqual(6);
    expect(pages[0]?.path).toContain('limit=10');
    expect(pages[0]?.path).toContain('status=any');
    expect(pages[1]?.path).toContain('page_info=');
  });

  it('stops at the most orders asked for and says the list was cut', async () => {
    const { output } = await harness.run('connector.shopify.listOrders', { ...connection, status: 'any', maxOrders: 15, pageSize: 10 });
    expect(output).toMatchObject({ count: 15, truncated: true });
  });

  it('lists orders created in a date range', async () => {
    const all = (await harness.run('connector.shopify.listOrders', { ...connection, status: 'any' })).output as { orders: Order[] & { created_at: string }[] };
    const dates = all.orders.map((order) => (order as unknown as { created_at: string }).created_at).sort();
    const from = dates[Math.floor(dates.length / 2)] as string;
    const { output } = await harness.run('connector.shopify.listOrders', { ...connection, status: 'any', createdAtMin: from });
    const listed = (output as { orders: { created_at: string }[] }).orders;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThan(all.orders.length);
    for (const order of listed) expect(Date.parse(order.created_at)).toBeGreaterThanOrEqual(Date.parse(from));
  });

  it("updates an order's tags and note, sending the step's idempotency key", async () => {
    const { output } = await harness.run(
      'connector.shopify.updateOrder',
      { ...connection, orderId: orderId(1058), tags: ['address-review', 'urgent'], note: 'Checked with the customer' },
      { idempotencyKey: 'run-tags:update:0' },
    );
    expect(output).toMatchObject({ id: orderId(1058), tags: 'address-review, urgent', note: 'Checked with the customer' });
    const effects = harness.sandbox.sandbox.records.effects({ system: 'shopify', idempotencyKey: 'run-tags:update:0' });
    expect(effects).toHaveLength(1);
    expect(effects[0]?.method).toBe('PUT');
  });

  it('cancels an order once, however often the step is replayed with its key', async () => {
    const config = { ...connection, orderId: orderId(1053), reason: 'customer', restock: true };
    const first = await harness.run('connector.shopify.cancelOrder', config, { idempotencyKey: 'run-cancel:cancel:0' });
    const again = await harness.run('connector.shopify.cancelOrder', config, { idempotencyKey: 'run-cancel:cancel:0' });
    expect((first.output as Order).cancelled_at).not.toBeNull();
    expect(again.output).toEqual(first.output);
    expect(harness.sandbox.sandbox.records.effects({ system: 'shopify', idempotencyKey: 'run-cancel:cancel:0' })).toHaveLength(1);
  });

  it("refuses to cancel a fulfilled order, not retryable, with Shopify's message", async () => {
    const error = await harness.fail('connector.shopify.cancelOrder', { ...connection, orderId: orderId(1021) });
    expect(error.retryable).toBe(false);
    expect(error.code).toBe('API_REJECTED');
    expect(error.message).toMatch(/^Shopify answered 422 to POST \/shopify\/admin\/api\/2024-10\/orders\/\d+\/cancel\.json: .+/);
  });

  it("lists an order's transactions and the payments a refund can be made against", async () => {
    const { output } = await harness.run('connector.shopify.listTransactions', { ...connection, orderId: orderId(1021) });
    const { transactions, payments } = output as { transactions: { id: number; kind: string; status: string }[]; payments: { id: number; kind: string }[] };
    const direct = (await harness.sandbox.shopify<{ transactions: { id: number; kind: string; status: string }[] }>('GET', `/orders/${orderId(1021)}/transactions.json`)).body.transactions;
    expect(transactions).toEqual(direct);
    expect(payments.length).toBeGreaterThan(0);
    expect(payments).toEqual(direct.filter((transaction) => ['sale', 'capture'].includes(transaction.kind) && transaction.status === 'success'));
  });

  it('creates a refund of a line item and money against the sale', async () => {
    const order = (await harness.run('connector.shopify.getOrder', { ...connection, orderId: orderId(1021) })).output as Order;
    const line = order.line_items[0] as { id: number };
    const transactions = (await harness.sandbox.shopify<{ transactions: { id: number; kind: string }[] }>('GET', `/orders/${orderId(1021)}/transactions.json`)).body.transactions;
    const sale = transactions.find((transaction) => transaction.kind === 'sale') as { id: number };
    const { output } = await harness.run(
      'connector.shopify.createRefund',
      { ...connection, orderId: orderId(1021), note: 'Damaged', lineItems: [{ lineItemId: line.id, quantity: 1, restockType: 'no_restock' }], transactions: [{ parentId: sale.id, amount: 5 }] },
      { idempotencyKey: 'run-refund:refund:0' },
    );
    expect(output).toMatchObject({ note: 'Damaged', refund_line_items: [{ quantity: 1 }], transactions: [{ kind: 'refund', amount: '5.00', parent_id: sale.id }] });
    const [effect] = harness.sandbox.sandbox.records.effects({ system: 'shopify', idempotencyKey: 'run-refund:refund:0' });
    expect(effect?.body).toMatchObject({ refund: { refund_line_items: [{ line_item_id: line.id, quantity: 1, restock_type: 'no_restock' }] } });
  });
});

describe('Shopify: inventory and fulfillment', () => {
  it('lists inventory levels at a location and adjusts one', async () => {
    const locations = (await harness.sandbox.shopify<{ locations: { id: number }[] }>('GET', '/locations.json')).body.locations;
    const location = locations[0] as { id: number };
    const { output } = await harness.run('connector.shopify.listInventoryLevels', { ...connection, locationIds: [location.id] });
    const { levels, count } = output as { levels: { inventory_item_id: number; available: number }[]; count: number };
    expect(count).toBe(levels.length);
    const level = levels[0] as { inventory_item_id: number; available: number };
    const adjusted = await harness.run('connector.shopify.adjustInventory', { ...connection, inventoryItemId: level.inventory_item_id, locationId: location.id, adjustment: -2 });
    expect(adjusted.output).toMatchObject({ inventory_item_id: level.inventory_item_id, available: level.available - 2 });
  });

  it('lists the fulfillment orders of an order and creates a fulfillment with tracking for an open one', async () => {
    const listed = await harness.run('connector.shopify.listFulfillmentOrders', { ...connection, orderId: orderId(1053) });
    const { fulfillmentOrders, open: fulfillable } = listed.output as { fulfillmentOrders: { id: number; status: string }[]; open: { id: number; status: string }[] };
    expect(fulfillmentOrders.length).toBeGreaterThan(0);
    expect(fulfillable.every((candidate) => candidate.status === 'open' || candidate.status === 'in_progress')).toBe(true);
    const open = fulfillable[0] as { id: number };
    const { output } = await harness.run('connector.shopify.createFulfillment', { ...connection, fulfillmentOrderId: open.id, trackingNumber: '1Z999', trackingCompany: 'UPS' });
    expect(output).toMatchObject({ tracking_number: '1Z999', tracking_company: 'UPS' });
  });
});

describe('Shopify: errors and credentials', () => {
  it('makes a 429 retryable after the Retry-After the API sent', async () => {
    harness.sandbox.sandbox.faults.arm({ method: '*', path: '/shopify/**', status: 429, retryAfterSeconds: 7, times: 1 });
    const error = await harness.fail('connector.shopify.getOrder', { ...connection, orderId: orderId(1042) });
    expect(error).toMatchObject({ code: 'API_RATE_LIMITED', retryable: true, retryAfterMs: 7000 });
    const { output } = await harness.run('connector.shopify.getOrder', { ...connection, orderId: orderId(1042) });
    expect(output).toMatchObject({ id: orderId(1042) });
  });

  it('makes a 503 retryable', async () => {
    harness.sandbox.sandbox.faults.arm({ method: 'PUT', path: '/shopify/**', status: 503, times: 1 });
    const error = await harness.fail('connector.shopify.updateOrder', { ...connection, orderId: orderId(1058), note: 'x' });
    expect(error).toMatchObject({ code: 'API_UNAVAILABLE', retryable: true });
  });

  it("reports an unknown order as not found, not retryable, with Shopify's message", async () => {
    const error = await harness.fail('connector.shopify.getOrder', { ...connection, orderId: 123 });
    expect(error).toMatchObject({ code: 'API_NOT_FOUND', retryable: false });
    expect(error.message).toBe('Shopify answered 404 to GET /shopify/admin/api/2024-10/orders/123.json: Not Found');
  });

  it('keeps a refused access token out of the error', async () => {
    const error = await harness.fail('connector.shopify.getOrder', { ...connection, credential: 'wrong', orderId: orderId(1042) });
    expect(error).toMatchObject({ code: 'API_UNAUTHORIZED', retryable: false });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('shpat_wrong');
  });

  it('refuses a credential of another type before sending anything', async () => {
    const before = shopifyCalls().length;
    const error = await harness.fail('connector.shopify.getOrder', { ...connection, credential: 'basic', orderId: orderId(1042) });
    expect(error.code).toBe('CREDENTIAL_INVALID');
    expect(error.message).toContain('this step needs a shopify credential');
    expect(shopifyCalls()).toHaveLength(before);
  });

  it('refuses a shop the egress guard does not allow, before any request', async () => {
    const error = await harness.fail('connector.shopify.getOrder', { ...connection, shopUrl: 'http://127.0.0.2:19999/shopify', orderId: orderId(1042) });
    expect(error.code).toBe('EGRESS_BLOCKED');
  });
});

describe('Shopify through the engine', () => {
  it("retries a 429 after the API's Retry-After and finishes with one effect", async () => {
    const engine = engineHarness({
      egressAllow: [new URL(harness.sandbox.url).host],
      secrets: { get: () => Promise.resolve({ type: 'shopify', accessToken: DEMO_CREDENTIALS.shopify.accessToken }) },
    });
    try {
      harness.sandbox.sandbox.faults.arm({ method: 'PUT', path: '/shopify/**', status: 429, retryAfterSeconds: 30, times: 1 });
      const definition = workflow(
        [
          { id: 'start', type: 'trigger.manual' },
          {
            id: 'tag',
            type: 'connector.shopify.updateOrder',
            config: { ...connection, orderId: orderId(1058), tags: 'address-review' },
            retry: { maxAttempts: 3, initialDelayMs: 1000, jitter: false },
          },
        ],
        [['start', 'out', 'tag']],
      );
      const handle = await engine.engine.start({ definition });
      await engine.until(handle.runId, 'waiting');
      expect(shopifyCalls().filter((call) => call.method === 'PUT')).toHaveLength(1);
      engine.clock.advance(30_000);
      await engine.engine.runDueTimers();
      const finished = await engine.until(handle.runId, 'succeeded', 'failed');
      expect(finished.status).toBe('succeeded');
      const puts = shopifyCalls().filter((call) => call.method === 'PUT');
      expect(puts.map((call) => call.status)).toEqual([429, 200]);
      expect(new Set(puts.map((call) => call.idempotencyKey)).size).toBe(1);
      expect(harness.sandbox.sandbox.records.effects({ system: 'shopify', kind: 'api' })).toHaveLength(1);
    } finally {
      await engine.close();
    }
  });
});

describe('Shopify: every operation maps errors the same way', () => {
  /** A valid config of each operation, and the path glob its request goes to. */
  const operations = (): { type: string; path: string; config: Record<string, unknown> }[] => [
    { type: 'connector.shopify.getOrder', path: '/shopify/**/orders/*.json', config: { orderId: orderId(1042) } },
    { type: 'connector.shopify.listOrders', path: '/shopify/**/orders.json', config: { status: 'any' } },
    { type: 'connector.shopify.updateOrder', path: '/shopify/**/orders/*.json', config: { orderId: orderId(1058), note: 'n' } },
    { type: 'connector.shopify.cancelOrder', path: '/shopify/**/cancel.json', config: { orderId: orderId(1054) } },
    { type: 'connector.shopify.createRefund', path: '/shopify/**/refunds.json', config: { orderId: orderId(1021), refundShipping: true } },
    { type: 'connector.shopify.listTransactions', path: '/shopify/**/transactions.json', config: { orderId: orderId(1021) } },
    { type: 'connector.shopify.listInventoryLevels', path: '/shopify/**/inventory_levels.json', config: { locationIds: [1] } },
    { type: 'connector.shopify.adjustInventory', path: '/shopify/**/adjust.json', config: { inventoryItemId: 1, locationId: 1, adjustment: 1 } },
    { type: 'connector.shopify.listFulfillmentOrders', path: '/shopify/**/fulfillment_orders.json', config: { orderId: orderId(1053) } },
    { type: 'connector.shopify.createFulfillment', path: '/shopify/**/fulfillments.json', config: { fulfillmentOrderId: 1 } },
  ];

  it('covers every Shopify operation of the catalog', async () => {
    const { nodeCatalog } = await import('../../../nodes/catalog.js');
    const listed = nodeCatalog.all().filter((spec) => spec.group === 'Shopify').map((spec) => spec.type);
    expect(operations().map((operation) => operation.type).sort()).toEqual([...new Set(listed)].sort());
  });

  it.each(operations())('$type: a 503 is retryable and a second attempt gets through; a 400 is not, with the message', async ({ type, path, config }) => {
    harness.sandbox.sandbox.faults.arm({ method: '*', path, status: 503, retryAfterSeconds: 2, times: 1 });
    const unavailable = await harness.fail(type, { ...connection, ...config }, { idempotencyKey: `${type}:0` });
    expect(unavailable).toMatchObject({ code: 'API_UNAVAILABLE', retryable: true, retryAfterMs: 2000 });
    // The second attempt reaches the API, which answers the operation (or, for made-up ids, refuses it itself).
    const retried = await harness.run(type, { ...connection, ...config }, { idempotencyKey: `${type}:0` }).catch((error: unknown) => error);
    expect(shopifyCalls().at(-1)?.faultId).toBeNull();
    if (retried instanceof Error) expect((retried as { retryable?: boolean }).retryable).toBe(false);

    harness.sandbox.sandbox.faults.arm({ method: '*', path, status: 400, times: 1 });
    const refused = await harness.fail(type, { ...connection, ...config });
    expect(refused).toMatchObject({ code: 'API_REJECTED', retryable: false });
    expect(refused.message).toMatch(/^Shopify answered 400 to (GET|POST|PUT) \/shopify\/admin\/api\/2024-10\/.+: Request refused with 400/);
  });
});
