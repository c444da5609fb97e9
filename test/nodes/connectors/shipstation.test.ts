import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../../server/sandbox/credentials.js';
import { START } from '../../server/sandbox/sandbox-harness.js';
import { fakeContext, thrownBy } from '../fake-context.js';
import { execute as listOrders } from '../../../nodes/shipstation/list-orders/execute.js';
import { spec as listOrdersSpec } from '../../../nodes/shipstation/list-orders/spec.js';
import { connectorHarness, type ConnectorHarness } from './connector-harness.js';

const { apiKey, apiSecret } = DEMO_CREDENTIALS.shipstation;
let harness: ConnectorHarness;
let connection: { apiUrl: string; credential: string };

beforeAll(async () => {
  harness = await connectorHarness(() => ({
    ship: { type: 'basic', username: apiKey, password: apiSecret },
    wrong: { type: 'basic', username: apiKey, password: 'not-the-secret' },
    token: { type: 'bearer', token: 'some-token' },
  }));
  connection = { apiUrl: `${harness.sandbox.url}/shipstation`, credential: 'ship' };
});
afterAll(() => harness.close());
beforeEach(() => harness.sandbox.sandbox.reset());

/** The requests the sandbox's ShipStation received: method and path with query. */
function calls(): string[] {
  return harness.sandbox.sandbox.records.calls('shipstation').map((call) => `${call.method} ${call.path}`);
}

describe('connector.shipstation.listOrders', () => {
  it('filters by status and follows every page', async () => {
    const { output } = await harness.run('connector.shipstation.listOrders', { ...connection, orderStatus: 'on_hold' });
    const result = output as { orders: { orderNumber: string; orderStatus: string }[]; count: number; truncated: boolean };
    expect(result.orders.map((order) => order.orderNumber).sort()).toEqual(['1044', '1050', '1052', '1055', '1058', '1059']);
    expect(result).toMatchObject({ count: 6, truncated: false });
    expect(calls()).toEqual(['GET /shipstation/orders?orderStatus=on_hold&page=1&pageSize=500']);
  });

  it('follows page up to pages', async () => {
    const { output } = await harness.run('connector.shipstation.listOrders', { ...connection, pageSize: 25 });
    const orders = (output as { orders: { orderNumber: string }[] }).orders;
    expect(orders.map((order) => order.orderNumber).sort()).toEqual(Array.from({ length: 60 }, (_, index) => String(1001 + index)));
    expect(output).toMatchObject({ count: 60, truncated: false });
    expect(calls()).toEqual([1, 2, 3].map((page) => `GET /shipstation/orders?page=${page}&pageSize=25`));
  });

  it('stops at the maximum, saying it was truncated, without reading further pages', async () => {
    const { output } = await harness.run('connector.shipstation.listOrders', { ...connection, pageSize: 25, maxOrders: 30 });
    expect(output).toMatchObject({ count: 30, truncated: true });
    expect(calls()).toHaveLength(2);
    harness.sandbox.sandbox.records.clear();
    const { output: exact } = await harness.run('connector.shipstation.listOrders', { ...connection, pageSize: 25, maxOrders: 60 });
    expect(exact).toMatchObject({ count: 60, truncated: false });
  });

  it("sends the created-date range and the order number in ShipStation's form", async () => {
    const { output } = await harness.run('connector.shipstation.listOrders', {
      ...connection,
      createDateStart: '2025-03-13T00:00:00',
      createDateEnd: '2025-03-14',
      orderNumber: '105',
    });
    const numbers = (output as { orders: { orderNumber: string }[] }).orders.map((order) => order.orderNumber);
    expect(numbers.length).toBeGreaterThan(0);
    for (const number of numbers) expect(number).toContain('105');
    expect(calls()).toEqual(['GET /shipstation/orders?createDateStart=2025-03-13+00%3A00%3A00&createDateEnd=2025-03-14&orderNumber=105&page=1&pageSize=500']);
  });

  it('maps a 429 to a retryable error honouring Retry-After', async () => {
    harness.sandbox.sandbox.faults.arm({ method: 'GET', path: '/shipstation/orders', status: 429, retryAfterSeconds: 7, times: 1 });
    const error = await harness.fail('connector.shipstation.listOrders', connection);
    expect(error).toMatchObject({ code: 'API_RATE_LIMITED', retryable: true, retryAfterMs: 7000 });
    expect(error.message).toMatch(/^ShipStation answered 429 to GET \/shipstation\/orders/);
  });

  it("takes the wait from ShipStation's X-Rate-Limit-Reset when a 429 has no Retry-After", async () => {
    // The real API's 429 says when its window resets only in X-Rate-Limit-Reset (the sandbox adds Retry-After).
    const http = () => Promise.resolve(Response.json({ Message: 'Too Many Requests' }, { status: 429, headers: { 'x-rate-limit-reset': '42' } }));
    const ctx = fakeContext({ http, secrets: { ship: { type: 'basic', username: apiKey, password: apiSecret } } });
    const error = await thrownBy(() => listOrders(ctx, listOrdersSpec.config.parse({ apiUrl: 'https://ssapi.shipstation.com', credential: 'ship' }), null));
    expect(error).toMatchObject({ code: 'API_RATE_LIMITED', retryable: true, retryAfterMs: 42_000, message: 'ShipStation answered 429 to GET /orders: Too Many Requests' });
  });

  it("keeps ShipStation's ExceptionMessage after its Message", async () => {
    const body = { Message: 'An error has occurred.', ExceptionMessage: 'Invalid createDateStart: 2025-13-01', ExceptionType: 'System.FormatException' };
    const http = () => Promise.resolve(Response.json(body, { status: 500 }));
    const ctx = fakeContext({ http, secrets: { ship: { type: 'basic', username: apiKey, password: apiSecret } } });
    const error = await thrownBy(() => listOrders(ctx, listOrdersSpec.config.parse({ apiUrl: 'https://ssapi.shipstation.com', credential: 'ship' }), null));
    expect(error).toMatchObject({ code: 'API_UNAVAILABLE', retryable: true, message: 'ShipStation answered 500 to GET /orders: An error has occurred. Invalid createDateStart: 2025-13-01' });
  });

  it('maps a 503 to a retryable error', async () => {
    harness.sandbox.sandbox.faults.arm({ method: 'GET', path: '/shipstation/orders', status: 503, times: 1 });
    expect(await harness.fail('connector.shipstation.listOrders', connection)).toMatchObject({ code: 'API_UNAVAILABLE', retryable: true });
  });

  it("reports a refused login with ShipStation's message, without the secret", async () => {
    const error = await harness.fail('connector.shipstation.listOrders', { ...connection, credential: 'wrong' });
    expect(error).toMatchObject({ code: 'API_UNAUTHORIZED', retryable: false });
    expect(error.message).toBe('ShipStation answered 401 to GET /shipstation/orders: Authorization has been denied for this request.');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('not-the-secret');
  });

  it('refuses a credential of another type before sending anything', async () => {
    const error = await harness.fail('connector.shipstation.listOrders', { ...connection, credential: 'token' });
    expect(error).toMatchObject({ code: 'CREDENTIAL_INVALID' });
    expect(calls()).toEqual([]);
  });
});

describe('connector.shipstation.getOrder', () => {
  it('reads one order by its orderId', async () => {
    const { output } = await harness.run('connector.shipstation.getOrder', { ...connection, orderId: 212001044 });
    expect(output).toMatchObject({ orderId: 212001044, orderNumber: '1044', orderStatus: 'on_hold', shipTo: { addressVerified: 'Address validation failed' } });
    expect(calls()).toEqual(['GET /shipstation/orders/212001044']);
  });

  it("answers a missing order with ShipStation's message, not retryable", async () => {
    const error = await harness.fail('connector.shipstation.getOrder', { ...connection, orderId: '212009999' });
    expect(error).toMatchObject({ code: 'API_NOT_FOUND', retryable: false });
    expect(error.message).toBe('ShipStation answered 404 to GET /shipstation/orders/212009999: Order not found: 212009999');
  });
});

describe('connector.shipstation.listShipments', () => {
  it('lists the shipments of an order', async () => {
    const { output } = await harness.run('connector.shipstation.listShipments', { ...connection, orderId: 212001024, includeShipmentItems: true });
    const result = output as { shipments: { orderId: number; trackingNumber: string; shipmentItems: unknown[] | null }[]; count: number };
    expect(result.count).toBe(1);
    expect(result.shipments[0]).toMatchObject({ orderId: 212001024 });
    expect(result.shipments[0]?.shipmentItems?.length).toBeGreaterThan(0);
    expect(calls()).toEqual(['GET /shipstation/shipments?orderId=212001024&includeShipmentItems=true&page=1&pageSize=500']);
  });
});

describe('connector.shipstation.getTracking', () => {
  it("reads a lost shipment's status and events", async () => {
    const { output: listed } = await harness.run('connector.shipstation.listShipments', { ...connection, orderId: 212001024 });
    const shipmentId = (listed as { shipments: { shipmentId: number }[] }).shipments[0]?.shipmentId as number;
    const { output } = await harness.run('connector.shipstation.getTracking', { ...connection, shipmentId }, { now: START });
    expect(output).toMatchObject({ shipmentId, orderNumber: '1024', status: 'lost', late: false });
    expect((output as { events: unknown[] }).events.length).toBeGreaterThan(0);
  });

  it('says a shipment in transit past its estimate is late, and one on time is not', async () => {
    const late = await trackingOf(212001049);
    expect(late).toMatchObject({ status: 'in_transit', late: true });
    expect(await trackingOf(212001051)).toMatchObject({ status: 'in_transit', late: false });
    expect(await trackingOf(212001021)).toMatchObject({ status: 'delivered', late: true });
  });
});

async function trackingOf(orderId: number): Promise<unknown> {
  const { output: listed } = await harness.run('connector.shipstation.listShipments', { ...connection, orderId });
  const shipmentId = (listed as { shipments: { shipmentId: number }[] }).shipments[0]?.shipmentId as number;
  return (await harness.run('connector.shipstation.getTracking', { ...connection, shipmentId }, { now: START })).output;
}

describe('connector.shipstation.createLabel', () => {
  const label = { orderId: 212001054, carrierCode: 'ups', serviceCode: 'ups_ground', shipDate: '2025-03-16' };

  it('buys a label for an order awaiting shipment, sending the idempotency key', async () => {
    const { output } = await harness.run('connector.shipstation.createLabel', { ...connection, ...label }, { idempotencyKey: 'run-7:label:0' });
    expect(output).toMatchObject({ orderId: 212001054, carrierCode: 'ups', serviceCode: 'ups_ground', shipDate: '2025-03-16' });
    expect((output as { labelData: string }).labelData).toMatch(/^JVBER/);
    const effects = harness.sandbox.sandbox.records.effects({ system: 'shipstation' });
    expect(effects).toHaveLength(1);
    expect(effects[0]).toMatchObject({ method: 'POST', path: '/shipstation/orders/createlabelfororder', idempotencyKey: 'run-7:label:0' });
    expect(effects[0]?.body).toEqual({ ...label, packageCode: 'package', confirmation: 'none', testLabel: false });
  });

  it('buys one label when the step is retried with the same key', async () => {
    const first = await harness.run('connector.shipstation.createLabel', { ...connection, ...label }, { idempotencyKey: 'run-8:label:0' });
    const again = await harness.run('connector.shipstation.createLabel', { ...connection, ...label }, { idempotencyKey: 'run-8:label:0' });
    expect(again.output).toEqual(first.output);
    expect(harness.sandbox.sandbox.records.effects({ system: 'shipstation', idempotencyKey: 'run-8:label:0' })).toHaveLength(1);
  });

  it("refuses an order on hold with ShipStation's message, not retryable", async () => {
    const error = await harness.fail('connector.shipstation.createLabel', { ...connection, ...label, orderId: 212001044 });
    expect(error).toMatchObject({ code: 'API_REJECTED', retryable: false });
    expect(error.message).toBe('ShipStation answered 400 to POST /shipstation/orders/createlabelfororder: Order 1044 is on_hold: labels can be created for orders awaiting shipment only.');
  });

  it('names the invalid field of a refused request', async () => {
    const error = await harness.fail('connector.shipstation.createLabel', { ...connection, ...label, serviceCode: 'ups_rocket' });
    expect(error.message).toBe(
      "ShipStation answered 400 to POST /shipstation/orders/createlabelfororder: The request is invalid. shipment.serviceCode: The service 'ups_rocket' is not offered by ups; use one of ups_ground, ups_2nd_day_air, ups_next_day_air.",
    );
  });
});
