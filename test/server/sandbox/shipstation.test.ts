import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './sandbox-harness.js';

interface Order {
  orderId: number;
  orderNumber: string;
  orderKey: string;
  orderStatus: string;
  shipTo: { postalCode: string; addressVerified: string };
  items: { sku: string }[];
}
interface Shipment {
  shipmentId: number;
  orderId: number | null;
  orderNumber: string | null;
  trackingNumber: string;
  isReturnLabel: boolean;
  shipmentItems: unknown[] | null;
  labelData: string | null;
}
interface Tracking {
  status: string;
  estimatedDeliveryDate: string;
  actualDeliveryDate: string | null;
  events: { status: string; occurredAt: string }[];
}

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.sandbox.reset());

const label = { carrierCode: 'ups', serviceCode: 'ups_ground', packageCode: 'package', shipDate: '2025-03-16' };
const address = (postalCode: string) => ({ name: 'Avery Patel', street1: '1425 Pine Street', city: 'Seattle', state: 'WA', postalCode, country: 'US' });
const warehouse = { name: 'Contoso Distribution', street1: '4400 Industrial Way', city: 'Redmond', state: 'WA', postalCode: '98052', country: 'US' };

describe('ShipStation: authentication', () => {
  it('refuses requests without the API key and secret', async () => {
    const none = await sandbox.request('GET', '/shipstation/orders');
    expect(none).toMatchObject({ status: 401, body: { Message: 'Authorization has been denied for this request.' } });
    const wrong = await sandbox.shipstation('GET', '/orders', undefined, { authorization: `Basic ${Buffer.from('key:wrong').toString('base64')}` });
    expect(wrong.status).toBe(401);
  });
});

describe('ShipStation: orders and shipments', () => {
  it('lists orders in pages of { orders, total, page, pages }', async () => {
    const first = await sandbox.shipstation<{ orders: Order[]; total: number; page: number; pages: number }>('GET', '/orders?pageSize=25&sortBy=OrderDate&sortDir=ASC');
    expect(first.body).toMatchObject({ total: 60, page: 1, pages: 3 });
    expect(first.body.orders).toHaveLength(25);
    const oldest = first.body.orders[0] as Order;
    expect(['1001', '1002']).toContain(oldest.orderNumber);
    expect(oldest).toMatchObject({ orderId: 212_000_000 + Number(oldest.orderNumber), orderKey: String(5_900_000_000_000 + Number(oldest.orderNumber)) });
    const last = await sandbox.shipstation<{ orders: Order[]; page: number }>('GET', '/orders?pageSize=25&page=3');
    expect(last.body.orders).toHaveLength(10);
    const beyond = await sandbox.shipstation<{ orders: Order[] }>('GET', '/orders?pageSize=25&page=4');
    expect(beyond.body.orders).toEqual([]);
    const invalid = await sandbox.shipstation('GET', '/orders?pageSize=501');
    expect(invalid).toMatchObject({ status: 400, body: { Message: 'The request is invalid.', ModelState: { pageSize: [expect.stringContaining('from 1 to 500')] } } });
  });

  it('filters orders by number and status', async () => {
    const one = await sandbox.shipstation<{ orders: Order[] }>('GET', '/orders?orderNumber=1044');
    expect(one.body.orders.map((order) => order.orderNumber)).toEqual(['1044']);
    expect(one.body.orders[0]?.shipTo.addressVerified).toBe('Address validation failed');
    const held = await sandbox.shipstation<{ orders: Order[] }>('GET', '/orders?orderStatus=on_hold');
    expect(held.body.orders.map((order) => order.orderNumber).sort()).toEqual(['1044', '1050', '1052', '1055', '1058', '1059']);
    const unpaid = await sandbox.shipstation<{ orders: Order[] }>('GET', '/orders?orderStatus=awaiting_payment');
    expect(unpaid.body.orders.map((order) => order.orderNumber).sort()).toEqual(['1042', '1057', '1060']);
    const status = await sandbox.shipstation('GET', '/orders?orderStatus=lost');
    expect(status.status).toBe(400);
    const single = await sandbox.shipstation<Order>('GET', '/orders/212001050');
    expect(single.body.items.map((item) => item.sku)).toContain('PK-1003');
    const missing = await sandbox.shipstation('GET', '/orders/1');
    expect(missing).toMatchObject({ status: 404, body: { Message: 'Order not found: 1' } });
  });

  it('lists shipments by order, with items only when asked, and return labels', async () => {
    const plain = await sandbox.shipstation<{ shipments: Shipment[]; total: number }>('GET', '/shipments?orderNumber=1005');
    expect(plain.body.total).toBe(2);
    expect(plain.body.shipments.map((shipment) => shipment.isReturnLabel)).toEqual([false, true]);
    expect(plain.body.shipments[0]?.shipmentItems).toBeNull();
    const withItems = await sandbox.shipstation<{ shipments: Shipment[] }>('GET', '/shipments?orderId=212001005&includeShipmentItems=true');
    expect(withItems.body.shipments[0]?.shipmentItems?.length).toBeGreaterThan(0);
    const byTracking = await sandbox.shipstation<{ shipments: Shipment[] }>('GET', `/shipments?trackingNumber=${plain.body.shipments[0]?.trackingNumber}`);
    expect(byTracking.body.shipments).toHaveLength(1);
    const paged = await sandbox.shipstation<{ shipments: Shipment[]; pages: number }>('GET', '/shipments?pageSize=10&page=2');
    expect(paged.body.shipments).toHaveLength(10);
    expect(paged.body.pages).toBeGreaterThan(3);
  });

  it.each([
    ['1024', 'lost'],
    ['1031', 'exception'],
    ['1021', 'delivered'],
    ['1049', 'in_transit'],
  ])('reports the tracking of order %s as %s', async (orderNumber, status) => {
    const shipment = (await sandbox.shipstation<{ shipments: Shipment[] }>('GET', `/shipments?orderNumber=${orderNumber}`)).body.shipments[0] as Shipment;
    const tracking = await sandbox.shipstation<Tracking>('GET', `/shipments/${shipment.shipmentId}/tracking`);
    expect(tracking.status).toBe(200);
    expect(tracking.body.status).toBe(status);
    expect(tracking.body.events[0]?.status).toBe('label_created');
    if (orderNumber === '1021') expect(Date.parse(tracking.body.actualDeliveryDate as string)).toBeGreaterThan(Date.parse(tracking.body.estimatedDeliveryDate));
    if (orderNumber === '1049') expect(Date.parse(tracking.body.estimatedDeliveryDate)).toBeLessThan(Date.parse('2025-03-15T00:00:00Z'));
  });
});

describe('ShipStation: labels', () => {
  it('creates a label: a shipment with a tracking number and a base64 PDF', async () => {
    const answer = await sandbox.shipstation<Shipment>('POST', '/shipments/createlabel', { ...label, weight: { value: 48, units: 'ounces' }, shipFrom: warehouse, shipTo: address('98101') });
    expect(answer.status).toBe(200);
    expect(answer.body.trackingNumber).toMatch(/^1Z[A-Z0-9]{16}$/);
    expect(Buffer.from(answer.body.labelData as string, 'base64').toString('latin1')).toMatch(/^%PDF-1\.4[\s\S]*%%EOF\n$/);
    const tracking = await sandbox.shipstation<Tracking>('GET', `/shipments/${answer.body.shipmentId}/tracking`);
    expect(tracking.body).toMatchObject({ status: 'in_transit', estimatedDeliveryDate: '2025-03-19T20:00:00Z' });
  });

  it('creates a label for an order awaiting shipment and marks it shipped', async () => {
    const answer = await sandbox.shipstation<Shipment>('POST', '/orders/createlabelfororder', { orderId: 212_001_054, ...label });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ orderId: 212_001_054, orderNumber: '1054' });
    const order = await sandbox.shipstation<Order>('GET', '/orders/212001054');
    expect(order.body.orderStatus).toBe('shipped');
    const again = await sandbox.shipstation('POST', '/orders/createlabelfororder', { orderId: 212_001_054, ...label });
    expect(again.status).toBe(400);
    expect((again.body as { Message: string }).Message).toContain('is shipped');
  });

  it.each([
    ['no carrier', { ...label, carrierCode: undefined, weight: { value: 1, units: 'pounds' }, shipFrom: warehouse, shipTo: address('98101') }, 'shipment.carrierCode'],
    ['an unknown service', { ...label, serviceCode: 'ups_rocket', weight: { value: 1, units: 'pounds' }, shipFrom: warehouse, shipTo: address('98101') }, 'shipment.serviceCode'],
    ['a bad ZIP code', { ...label, weight: { value: 1, units: 'pounds' }, shipFrom: warehouse, shipTo: address('9810') }, 'shipment.shipTo.postalCode'],
    ['no weight', { ...label, shipFrom: warehouse, shipTo: address('98101') }, 'shipment.weight'],
  ])('refuses a label with %s in ShipStation ModelState shape', async (_label, body, field) => {
    const answer = await sandbox.shipstation<{ Message: string; ModelState: Record<string, string[]> }>('POST', '/shipments/createlabel', body);
    expect(answer.status).toBe(400);
    expect(answer.body.Message).toBe('The request is invalid.');
    expect(Object.keys(answer.body.ModelState)).toEqual([field]);
  });

  it('refuses a label for an order whose address failed validation, or that is on hold', async () => {
    const held = await sandbox.shipstation('POST', '/orders/createlabelfororder', { orderId: 212_001_044, ...label });
    expect(held.status).toBe(400);
    expect((held.body as { Message: string }).Message).toContain('is on_hold');
  });
});
