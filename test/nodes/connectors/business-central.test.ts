import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nodeCatalog } from '../../../nodes/catalog.js';
import type { SecretStore } from '../../../runtime/definition/index.js';
import { DEMO_CREDENTIALS } from '../../../server/sandbox/credentials.js';
import { BC_API, BC_TOKEN_PATH } from '../../server/sandbox/sandbox-harness.js';
import { connectorHarness, type ConnectorHarness } from './connector-harness.js';

interface Row {
  id: string;
  number: string;
  [field: string]: unknown;
}
interface Listed {
  records: Row[];
  count: number;
  truncated: boolean;
}

const bc = DEMO_CREDENTIALS.businessCentral;

/**
 * An OAuth2 client-credentials store as the server's credential service behaves: it fetches a
 * token from the token endpoint, caches it, and fetches a new one when asked to refresh.
 */
function tokenStore(tokenUrl: () => string): SecretStore & { fetched: number } {
  let cached: string | undefined;
  const store = {
    fetched: 0,
    async get(_credential: string, use: { url: string; refresh?: boolean }) {
      if (cached === undefined || use.refresh === true) {
        const response = await fetch(tokenUrl(), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: bc.clientId, client_secret: bc.clientSecret, scope: bc.scope }).toString(),
        });
        cached = ((await response.json()) as { access_token: string }).access_token;
        store.fetched++;
      }
      return { type: 'bearer', token: cached };
    },
  };
  return store;
}

let harness: ConnectorHarness;
let tokens: ReturnType<typeof tokenStore>;
let connection: { apiUrl: string; companyId: string; credential: string };

beforeAll(async () => {
  harness = await connectorHarness((sandbox) => (tokens = tokenStore(() => `${sandbox.url}${BC_TOKEN_PATH}`)));
  connection = { apiUrl: `${harness.sandbox.url}${BC_API}`, companyId: bc.companyId, credential: 'erp' };
});
afterAll(() => harness.close());
beforeEach(() => harness.sandbox.sandbox.reset());

const bcCalls = () => harness.sandbox.sandbox.records.calls('business-central');
const run = (operation: string, config: Record<string, unknown>, options?: { idempotencyKey?: string }) => harness.run(`connector.businessCentral.${operation}`, { ...connection, ...config }, options);
const fail = (operation: string, config: Record<string, unknown>) => harness.fail(`connector.businessCentral.${operation}`, { ...connection, ...config });

describe('Business Central: lists with OData options', () => {
  it.each([
    ['listItems', 'items'],
    ['listCustomers', 'customers'],
    ['listVendors', 'vendors'],
    ['listSalesOrders', 'salesOrders'],
    ['listSalesInvoices', 'salesInvoices'],
    ['listPurchaseOrders', 'purchaseOrders'],
    ['listPurchaseInvoices', 'purchaseInvoices'],
  ])('%s reads GET %s, following every page', async (operation, set) => {
    const { output } = await run(operation, {});
    const { records, count, truncated } = output as Listed;
    expect(count).toBe(records.length);
    expect(count).toBeGreaterThan(0);
    expect(truncated).toBe(false);
    const paths = bcCalls().map((call) => call.path).filter((path) => path.includes('/api/'));
    expect(paths[0]).toContain(`/companies(${bc.companyId})/${set}?`);
    expect(new Set(records.map((record) => record.id)).size).toBe(count);
    if (count > 20) expect(paths.some((path) => path.includes('$skiptoken') || path.includes('$skip'))).toBe(true);
  });

  it('sends $filter and $orderby as given, and $top one above the most records wanted', async () => {
    const { output } = await run('listItems', { filter: "startswith(number,'PK-')", orderBy: 'number desc', maxItems: 3 });
    const { records, truncated } = output as Listed;
    expect(records.map((record) => record.number)).toEqual(['PK-1008', 'PK-1007', 'PK-1006']);
    expect(truncated).toBe(true);
    const query = new URL(`http://x${bcCalls().at(-1)?.path ?? ''}`).searchParams;
    expect(Object.fromEntries(query)).toEqual({ $filter: "startswith(number,'PK-')", $orderby: 'number desc', $top: '4' });
  });

  it('follows @odata.nextLink across pages (the sandbox pages by 20)', async () => {
    const { output } = await run('listItems', {});
    expect((output as Listed).count).toBeGreaterThan(20);
    const pages = bcCalls().filter((call) => call.path.includes('/items'));
    expect(pages.length).toBe(Math.ceil((output as Listed).count / 20));
    expect(pages.slice(1).every((page) => page.path.includes('skiptoken'))).toBe(true);
  });

  it('says a list is whole when the records fit', async () => {
    const { output } = await run('listVendors', { maxItems: 500 });
    expect((output as Listed).truncated).toBe(false);
  });

  it("reports a bad $filter as not retryable, with Business Central's message", async () => {
    const error = await fail('listItems', { filter: 'number eq' });
    expect(error).toMatchObject({ code: 'API_REJECTED', retryable: false });
    expect(error.message).toMatch(/^Business Central answered 400 to GET \/bc\/v2\.0\/.+\/items: .+/);
  });
});

describe('Business Central: reading one record', () => {
  it('gets an item with its inventory, and a sales order with its lines', async () => {
    const [item] = ((await run('listItems', { filter: "number eq 'PK-1001'" })).output as Listed).records;
    const got = (await run('getItem', { id: item?.id })).output as Row;
    expect(got).toMatchObject({ number: 'PK-1001', inventory: expect.any(Number) as number });
    const [order] = ((await run('listSalesOrders', { maxItems: 1 })).output as Listed).records;
    const withLines = (await run('getSalesOrder', { id: order?.id })).output as Row & { salesOrderLines: Row[] };
    expect(withLines.salesOrderLines.length).toBeGreaterThan(0);
    expect(new URL(`http://x${bcCalls().at(-1)?.path ?? ''}`).searchParams.get('$expand')).toBe('salesOrderLines');
    const without = (await run('getSalesOrder', { id: order?.id, withLines: false })).output as Row;
    expect(without).not.toHaveProperty('salesOrderLines');
  });

  it('answers a record that does not exist as not found', async () => {
    const error = await fail('getCustomer', { id: '00000000-0000-0000-0000-000000000001' });
    expect(error).toMatchObject({ code: 'API_NOT_FOUND', retryable: false });
  });

  it('refuses an id that is not a GUID before sending anything', () => {
    expect(() => nodeCatalog.latest('connector.businessCentral.getVendor')?.config.parse({ ...connection, id: "x') or (1 eq 1" })).toThrow(/GUID/);
  });
});

describe('Business Central: creating documents', () => {
  it('creates a sales order and its lines, each request with its own key, and a replay creates nothing more', async () => {
    const config = { customerNumber: 'C20000', externalDocumentNumber: 'TREY-PO-78', lines: [{ itemNumber: 'PK-1001', quantity: 10 }, { itemNumber: 'PK-1002', quantity: 2, price: 20 }] };
    const first = (await run('createSalesOrder', config, { idempotencyKey: 'run-so:create:0' })).output as Row & { salesOrderLines: Row[] };
    expect(first).toMatchObject({ customerNumber: 'C20000', externalDocumentNumber: 'TREY-PO-78', status: 'Draft' });
    expect(first.salesOrderLines.map((line) => [line.lineObjectNumber, line.quantity, line.unitPrice])).toEqual([
      ['PK-1001', 10, 38.5],
      ['PK-1002', 2, 20],
    ]);
    const keys = harness.sandbox.sandbox.records.effects({ system: 'business-central' }).map((effect) => effect.idempotencyKey);
    expect(keys).toEqual(['run-so:create:0', 'run-so:create:0:line:1', 'run-so:create:0:line:2']);

    const again = (await run('createSalesOrder', config, { idempotencyKey: 'run-so:create:0' })).output as Row;
    expect(again.id).toBe(first.id);
    expect(harness.sandbox.sandbox.records.effects({ system: 'business-central' })).toHaveLength(3);
  });

  it.each([
    ['createSalesInvoice', { customerNumber: 'C20000', externalDocumentNumber: 'INV-REF' }, 'salesInvoiceLines', 'unitPrice'],
    ['createSalesCreditMemo', { customerNumber: 'C20000', externalDocumentNumber: 'RMA-5521' }, 'salesCreditMemoLines', 'unitPrice'],
    ['createPurchaseOrder', { vendorNumber: 'V2000', requestedReceiptDate: '2025-04-01' }, 'purchaseOrderLines', 'directUnitCost'],
    ['createPurchaseInvoice', { vendorNumber: 'V2000', vendorInvoiceNumber: 'FAB-7781' }, 'purchaseInvoiceLines', 'unitCost'],
  ])('%s creates the document with its lines, the price in %s', async (operation, header, lines, priceField) => {
    const created = (await run(operation, { ...header, lines: [{ itemNumber: 'JN-2001', quantity: 5, price: 12.5 }] })).output as Row & Record<string, Row[]>;
    expect(created).toMatchObject({ ...header, status: 'Draft' });
    expect(created[lines]?.[0]).toMatchObject({ lineObjectNumber: 'JN-2001', quantity: 5, [priceField]: 12.5 });
  });

  it("refuses an unknown customer, not retryable, with Business Central's message", async () => {
    const error = await fail('createSalesOrder', { customerNumber: 'C99999', lines: [{ itemNumber: 'PK-1001', quantity: 1 }] });
    expect(error).toMatchObject({ retryable: false });
    expect(error.message).toMatch(/^Business Central answered 4\d\d to POST .+\/salesOrders: .+/);
  });
});

describe('Business Central: the access token', () => {
  it('uses one token across steps, and when it has expired asks for a new one once and repeats the request', async () => {
    const before = tokens.fetched;
    await run('listVendors', { maxItems: 5 });
    await run('listCustomers', { maxItems: 5 });
    expect(tokens.fetched - before).toBeLessThanOrEqual(1);
    harness.sandbox.advance(3_600_000);
    const { output } = await run('listVendors', { maxItems: 5 });
    expect((output as Listed).count).toBe(5);
    expect(tokens.fetched - before).toBeLessThanOrEqual(2);
    const statuses = bcCalls().filter((call) => call.path.includes('/vendors')).map((call) => call.status);
    expect(statuses.slice(-2)).toEqual([401, 200]);
  });

  it('gives up after a second 401, not retryable', async () => {
    const stale: SecretStore = { get: () => Promise.resolve({ type: 'bearer', token: 'sandbox.not-a-token' }) };
    const standalone = await connectorHarness(() => stale);
    try {
      const error = await standalone.fail('connector.businessCentral.listItems', { ...connection, apiUrl: `${standalone.sandbox.url}${BC_API}` });
      expect(error).toMatchObject({ code: 'API_UNAUTHORIZED', retryable: false });
      expect(standalone.sandbox.sandbox.records.calls('business-central').map((call) => call.status)).toEqual([401, 401]);
    } finally {
      await standalone.close();
    }
  });

  it('makes a 429 and a 503 retryable, honouring Retry-After', async () => {
    harness.sandbox.sandbox.faults.arm({ method: '*', path: '/bc/v2.0/**', status: 429, retryAfterSeconds: 5, times: 1 });
    expect(await fail('listItems', {})).toMatchObject({ code: 'API_RATE_LIMITED', retryable: true, retryAfterMs: 5000 });
    harness.sandbox.sandbox.faults.arm({ method: 'POST', path: '/bc/v2.0/**', status: 503, times: 1 });
    expect(await fail('createPurchaseOrder', { vendorNumber: 'V2000', lines: [{ itemNumber: 'JN-2001', quantity: 1 }] })).toMatchObject({ code: 'API_UNAVAILABLE', retryable: true });
  });
});

describe('Business Central: every operation', () => {
  const documents: Record<string, string> = { SalesOrder: 'salesOrderLines', SalesInvoice: 'salesInvoiceLines', PurchaseOrder: 'purchaseOrderLines', PurchaseInvoice: 'purchaseInvoiceLines' };

  it.each(['Item', 'Customer', 'Vendor', 'SalesOrder', 'SalesInvoice', 'PurchaseOrder', 'PurchaseInvoice'])('get%s reads the record a list found', async (entity) => {
    const [listed] = ((await run(`list${entity}s`, { maxItems: 1 })).output as Listed).records;
    const got = (await run(`get${entity}`, { id: listed?.id })).output as Row & Record<string, unknown>;
    expect(got.id).toBe(listed?.id);
    const lines = documents[entity];
    if (lines !== undefined) expect(Array.isArray(got[lines])).toBe(true);
  });

  /** A valid config of each operation. */
  const operations = (): [string, Record<string, unknown>][] => [
    ...['Items', 'Customers', 'Vendors', 'SalesOrders', 'SalesInvoices', 'PurchaseOrders', 'PurchaseInvoices'].map((set): [string, Record<string, unknown>] => [`list${set}`, {}]),
    ...['Item', 'Customer', 'Vendor', 'SalesOrder', 'SalesInvoice', 'PurchaseOrder', 'PurchaseInvoice'].map((entity): [string, Record<string, unknown>] => [`get${entity}`, { id: '00000000-0000-0000-0000-000000000001' }]),
    ['createSalesOrder', { customerNumber: 'C20000', lines: [{ itemNumber: 'PK-1001', quantity: 1 }] }],
    ['createSalesInvoice', { customerNumber: 'C20000', lines: [{ itemNumber: 'PK-1001', quantity: 1 }] }],
    ['createSalesCreditMemo', { customerNumber: 'C20000', lines: [{ itemNumber: 'PK-1001', quantity: 1 }] }],
    ['createPurchaseOrder', { vendorNumber: 'V2000', lines: [{ itemNumber: 'JN-2001', quantity: 1 }] }],
    ['createPurchaseInvoice', { vendorNumber: 'V2000', lines: [{ itemNumber: 'JN-2001', quantity: 1 }] }],
  ];

  it('covers every Business Central operation of the catalog', () => {
    const listed = nodeCatalog.all().filter((spec) => spec.group === 'Business Central').map((spec) => spec.type.replace('connector.businessCentral.', ''));
    expect(operations().map(([operation]) => operation).sort()).toEqual([...new Set(listed)].sort());
  });

  it.each(operations())('%s: a 503 is retryable with Retry-After, a 400 is not and keeps the message', async (operation, config) => {
    harness.sandbox.sandbox.faults.arm({ method: '*', path: '/bc/v2.0/**', status: 503, retryAfterSeconds: 3, times: 1 });
    expect(await fail(operation, config)).toMatchObject({ code: 'API_UNAVAILABLE', retryable: true, retryAfterMs: 3000 });
    harness.sandbox.sandbox.faults.arm({ method: '*', path: '/bc/v2.0/**', status: 400, times: 1 });
    const refused = await fail(operation, config);
    expect(refused).toMatchObject({ code: 'API_REJECTED', retryable: false });
    expect(refused.message).toMatch(/^Business Central answered 400 to (GET|POST) \/bc\/v2\.0\/.+: Request refused with 400/);
  });
});
