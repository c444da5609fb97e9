import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { businessCentralApi } from '../../../server/sandbox/business-central/bc-api.js';
import { controlApi } from '../../../server/sandbox/control-api.js';
import { EffectRecorder } from '../../../server/sandbox/effect-recorder.js';
import { FaultInjector } from '../../../server/sandbox/faults.js';
import { slackWebhooks } from '../../../server/sandbox/messaging/slack-webhook.js';
import { teamsWebhooks } from '../../../server/sandbox/messaging/teams-webhook.js';
import { pageApi } from '../../../server/sandbox/sandbox-page.js';
import { shipStationApi } from '../../../server/sandbox/shipstation/shipstation-api.js';
import { shopifyApi } from '../../../server/sandbox/shopify/shopify-api.js';
import { seedState, type SandboxState } from '../../../server/sandbox/state.js';
import { TODAY } from './sandbox-harness.js';

const docs = readFileSync(join(import.meta.dirname, '../../../docs/sandbox.md'), 'utf8');
const state = seedState(TODAY);
const data = (seeded: SandboxState) => JSON.stringify({ shopify: seeded.shopify, bc: [...seeded.businessCentral.tables], shipstation: seeded.shipstation });
const order = (number: number) => state.shopify.orders.find((candidate) => candidate.order_number === number);
const bcRows = (set: string) => (state.businessCentral.tables.get(set) ?? []).map((row) => row.data);
const tracking = (number: string) => state.shipstation.tracking.filter((entry) => entry.orderNumber === number);

describe('the seed', () => {
  it('is the same on every start for the same day', () => {
    expect(data(seedState(new Date('2025-03-15T23:59:00Z')))).toBe(data(state));
  });

  it('moves only its dates with the day it is anchored to', () => {
    const later = seedState(new Date('2025-04-20T00:00:00Z'));
    const shift = 36 * 86_400_000;
    expect(later.shopify.orders.map((candidate) => [candidate.id, candidate.total_price])).toEqual(state.shopify.orders.map((candidate) => [candidate.id, candidate.total_price]));
    expect(Date.parse(later.shopify.orders[0]?.created_at ?? '') - Date.parse(state.shopify.orders[0]?.created_at ?? '')).toBe(shift);
  });

  it('has the exception orders docs/sandbox.md names, with their signals', () => {
    const hold = (number: number) => state.shopify.fulfillmentOrders.find((candidate) => candidate.order_id === order(number)?.id)?.fulfillment_holds.map((entry) => entry.reason);
    for (const number of [1042, 1057]) {
      expect(order(number)?.financial_status).toBe('partially_paid');
      expect(Number(order(number)?.total_outstanding)).toBeGreaterThan(0);
      expect(hold(number)).toEqual(['awaiting_payment']);
    }
    expect(order(1044)?.shipping_address).toMatchObject({ city: 'Miam', zip: '3313' });
    expect(order(1058)?.shipping_address).toMatchObject({ address1: '', zip: '00000' });
    for (const number of [1044, 1058]) expect(hold(number)).toEqual(['incorrect_address']);
    for (const number of [1050, 1055]) {
      expect(order(number)?.line_items.map((line) => line.sku)).toContain('PK-1003');
      expect(hold(number)).toEqual(['inventory_out_of_stock']);
    }
    for (const number of [1052, 1059]) {
      expect(state.shopify.risks.find((risk) => risk.order_id === order(number)?.id)?.recommendation).toBe('cancel');
      expect(hold(number)).toEqual(['high_risk_of_fraud']);
    }
    expect(order(1060)?.financial_status).toBe('pending');
    expect(order(1060)?.tags).toContain('bank-transfer');
    expect(order(1046)?.fulfillment_status).toBe('partial');
    expect(order(1005)?.financial_status).toBe('refunded');
    for (const number of [1009, 1016]) expect(order(number)?.financial_status).toBe('partially_refunded');
    expect([1012, 1027, 1038].map((number) => order(number)?.cancel_reason)).toEqual(['customer', 'inventory', 'fraud']);
    const waiting = state.shipstation.orders.filter((candidate) => candidate.orderStatus === 'awaiting_shipment').map((candidate) => candidate.orderNumber);
    expect(waiting.sort()).toEqual(['1046', '1053', '1054', '1056']);
    expect(state.shopify.orders.filter((candidate) => candidate.tags.includes('vip')).map((candidate) => candidate.order_number)).toEqual([1011, 1022, 1033, 1044, 1055]);
  });

  it('has the shipments docs/sandbox.md names: late, lost, an exception, in transit and return labels', () => {
    expect(tracking('1024')[0]?.status).toBe('lost');
    expect(tracking('1031')[0]?.status).toBe('exception');
    const late = tracking('1021')[0];
    expect(late?.status).toBe('delivered');
    expect(Date.parse(late?.actualDeliveryDate ?? '')).toBeGreaterThan(Date.parse(late?.estimatedDeliveryDate ?? ''));
    const lateInTransit = tracking('1049')[0];
    expect(lateInTransit?.status).toBe('in_transit');
    expect(Date.parse(lateInTransit?.estimatedDeliveryDate ?? '')).toBeLessThan(TODAY.getTime());
    expect(state.shipstation.tracking.filter((entry) => entry.status === 'in_transit').map((entry) => entry.orderNumber)).toEqual(['1047', '1048', '1049', '1051']);
    expect(state.shipstation.shipments.filter((shipment) => shipment.isReturnLabel).map((shipment) => shipment.orderNumber)).toEqual(['1005', '1009', '1016']);
    const fulfilled = order(1024)?.fulfillments[0];
    expect(fulfilled?.tracking_number).toBe(tracking('1024')[0]?.trackingNumber);
  });

  it('has the stock situations docs/sandbox.md names', () => {
    const cover = (sku: string) => {
      const item = bcRows('items').find((row) => row.number === sku);
      const plan = bcRows('itemReplenishment').find((row) => row.itemNumber === sku);
      return { days: Number(item?.inventory) / (Number(plan?.salesLast30Days) / 30), lead: Number(plan?.leadTimeDays), inventory: Number(item?.inventory) };
    };
    expect(cover('PK-1003').inventory).toBe(0);
    expect(cover('JN-2004')).toMatchObject({ lead: 14 });
    expect(cover('JN-2004').days).toBeLessThan(4);
    expect(cover('BR-6002').days).toBeGreaterThan(12);
    expect(cover('BR-6002').days).toBeLessThan(cover('BR-6002').lead);
    expect(cover('OF-4005').days).toBeGreaterThan(150);
    expect(state.shopify.inventoryLevels.filter((level) => level.inventory_item_id === 4_620_000_000_003).map((level) => level.available)).toEqual([0, 0]);
  });

  it('has the purchasing and receivables situations docs/sandbox.md names', () => {
    const invoices = Object.fromEntries(bcRows('purchaseInvoices').map((row) => [String(row.orderNumber), String(row.status)]));
    expect(invoices).toEqual({ 'PO-1001': 'Paid', 'PO-1002': 'Open', 'PO-1003': 'Open', 'PO-1004': 'Draft', 'PO-1005': 'Draft', 'PO-1007': 'Draft' });
    const line = (set: string, documentSet: string, field: string, number: string) => {
      const document = bcRows(documentSet).find((row) => row[field] === number);
      return bcRows(set).find((row) => row.documentId === document?.id && row.sequence === 10_000);
    };
    expect(line('purchaseInvoiceLines', 'purchaseInvoices', 'orderNumber', 'PO-1004')?.quantity).toBe(120);
    expect(line('purchaseOrderLines', 'purchaseOrders', 'number', 'PO-1004')).toMatchObject({ quantity: 100, receivedQuantity: 100 });
    expect(line('purchaseInvoiceLines', 'purchaseInvoices', 'orderNumber', 'PO-1005')?.unitCost).toBe(3.6);
    expect(line('purchaseOrderLines', 'purchaseOrders', 'number', 'PO-1005')?.directUnitCost).toBe(3.4);
    expect(line('purchaseOrderLines', 'purchaseOrders', 'number', 'PO-1006')).toMatchObject({ quantity: 100, receivedQuantity: 60 });
    const overdue = bcRows('salesInvoices').filter((row) => row.status === 'Open' && String(row.dueDate) < '2025-03-15').map((row) => row.number);
    expect(overdue).toEqual(['PS-INV103001', 'PS-INV103002']);
  });
});

describe('docs/sandbox.md', () => {
  const recorder = new EffectRecorder(() => new Date());
  const faults = new FaultInjector();
  const families = [
    shopifyApi,
    businessCentralApi(),
    shipStationApi,
    slackWebhooks,
    teamsWebhooks,
    controlApi({ recorder, faults, reset: () => undefined, info: () => ({}) }),
    pageApi({ recorder, faults, addresses: () => ({ url: '', smtp: '' }) }),
  ];

  it.each(families.flatMap((family) => family.routes.map((route) => `${route.method} ${route.pattern.replace(/[:*]([A-Za-z]+)/g, '{$1}')}`)))('documents %s', (endpoint) => {
    const [method = '', path = ''] = endpoint.split(' ');
    const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(docs).toMatch(new RegExp(`\`(?:[A-Z]+\\|)*${method}(?:\\|[A-Z]+)* ${escaped}[\`?]`));
  });

  it('names every notable order of the seed', () => {
    for (const number of [1005, 1009, 1012, 1016, 1021, 1024, 1027, 1031, 1038, 1042, 1044, 1046, 1049, 1050, 1052, 1055, 1057, 1058, 1059, 1060]) expect(docs).toContain(`#${number}`);
  });
});
