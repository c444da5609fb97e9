import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../../server/sandbox/credentials.js';
import { BC_API, BC_COMPANY, BC_TOKEN_PATH, START, startTestSandbox, type TestSandbox } from './sandbox-harness.js';

interface Collection<T = Record<string, unknown>> {
  '@odata.context': string;
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
  value: (T & { '@odata.etag': string })[];
}
type Row = Record<string, unknown> & { '@odata.etag': string; id: string };

const settings = DEMO_CREDENTIALS.businessCentral;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ tokenTtlSeconds: 60 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.sandbox.reset());

describe('Business Central: OAuth2 client credentials', () => {
  it('issues a bearer token for the client credentials grant', async () => {
    const answer = await sandbox.request<Record<string, unknown>>('POST', BC_TOKEN_PATH, {
      body: form({ grant_type: 'client_credentials', client_id: settings.clientId, client_secret: settings.clientSecret, scope: settings.scope }),
      headers: formHeaders,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 60, ext_expires_in: 60 });
    expect(typeof answer.body.access_token).toBe('string');
  });

  it('accepts the client credentials as HTTP Basic too', async () => {
    const answer = await sandbox.request('POST', BC_TOKEN_PATH, {
      body: form({ grant_type: 'client_credentials', scope: settings.scope }),
      headers: { ...formHeaders, authorization: `Basic ${Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString('base64')}` },
    });
    expect(answer.status).toBe(200);
  });

  it.each([
    ['a wrong secret', { client_secret: 'nope' }, 401, 'invalid_client', 7000215],
    ['an unknown client', { client_id: '00000000-0000-0000-0000-000000000001' }, 400, 'unauthorized_client', 700016],
    ['a wrong scope', { scope: 'https://graph.microsoft.com/.default' }, 400, 'invalid_scope', 1002012],
    ['another grant type', { grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
  ])('refuses %s in Microsoft Entra shape', async (_label, change, status, error, code) => {
    const answer = await sandbox.request<{ error: string; error_description: string; error_codes: number[] }>('POST', BC_TOKEN_PATH, {
      body: form({ grant_type: 'client_credentials', client_id: settings.clientId, client_secret: settings.clientSecret, scope: settings.scope, ...change }),
      headers: formHeaders,
    });
    expect(answer.status).toBe(status);
    expect(answer.body.error).toBe(error);
    expect(answer.body.error_codes).toEqual([code]);
    expect(answer.body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  });

  it('refuses a token request for another tenant', async () => {
    const answer = await sandbox.request<{ error: string }>('POST', '/bc/contoso.example/oauth2/v2.0/token', { body: form({ grant_type: 'client_credentials' }), headers: formHeaders });
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('refuses API calls without a valid token, and an expired one so that a client can refresh', async () => {
    const none = await sandbox.request<{ error: { code: string } }>('GET', `${BC_COMPANY}/items`);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('Authentication_InvalidCredentials');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    const token = await sandbox.bcToken();
    const fresh = await sandbox.request('GET', `${BC_COMPANY}/items?$top=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(fresh.status).toBe(200);
    sandbox.advance(61_000);
    const expired = await sandbox.request<{ error: { code: string; message: string } }>('GET', `${BC_COMPANY}/items?$top=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toEqual({ code: 'Unauthorized', message: 'The access token has expired.' });
    expect(expired.headers.get('www-authenticate')).toContain('expired');
    const renewed = await sandbox.request('GET', `${BC_COMPANY}/items?$top=1`, { headers: { authorization: `Bearer ${await sandbox.bcToken()}` } });
    expect(renewed.status).toBe(200);
  });
});

describe('Business Central: reading', () => {
  it('lists the company and answers one record with its etag', async () => {
    const companies = await sandbox.bc<Collection>('GET', `${BC_API}/companies`);
    expect(companies.body.value).toEqual([expect.objectContaining({ id: settings.companyId, name: 'CONTOSO DISTRIBUTION' })]);
    const items = await sandbox.bc<Collection<Row>>('GET', `/items?$filter=number eq 'PK-1001'`);
    const item = items.body.value[0] as Row;
    expect(item).toMatchObject({ number: 'PK-1001', displayName: 'Corrugated Box 12x12x12 (25 pack)', unitPrice: 38.5, unitCost: 21.4, type: 'Inventory' });
    expect(item['@odata.etag']).toMatch(/^W\/"[A-Za-z0-9+/=]+"$/);
    const one = await sandbox.bc<Row & { '@odata.context': string }>('GET', `/items(${item.id})`);
    expect(one.status).toBe(200);
    expect(one.body['@odata.context']).toMatch(/\/api\/v2\.0\/\$metadata#companies\([0-9a-f-]+\)\/items\/\$entity$/);
    expect(one.headers.get('etag')).toBe(item['@odata.etag']);
    const missing = await sandbox.bc<{ error: { code: string } }>('GET', '/items(00000000-0000-0000-0000-000000000009)');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Internal_RecordNotFound');
  });

  it('pages long lists with @odata.nextLink (20 rows a page, or what Prefer asks)', async () => {
    const seen = new Set<string>();
    let url: string | undefined = `${BC_COMPANY}/items`;
    let pages = 0;
    while (url) {
      const answer: Awaited<ReturnType<typeof sandbox.bc<Collection<Row>>>> = await sandbox.bc<Collection<Row>>('GET', url.slice(url.indexOf('/bc/')));
      for (const row of answer.body.value) seen.add(row.id);
      url = answer.body['@odata.nextLink'];
      pages += 1;
    }
    expect(pages).toBe(2);
    expect(seen.size).toBe(40);
    const preferred = await sandbox.bc<Collection>('GET', '/items', undefined, { prefer: 'odata.maxpagesize=5' });
    expect(preferred.body.value).toHaveLength(5);
    expect(preferred.headers.get('preference-applied')).toBe('odata.maxpagesize=5');
    const topped = await sandbox.bc<Collection>('GET', '/itemLedgerEntries?$top=25&$skip=3');
    expect(topped.body.value).toHaveLength(20);
    const rest = await sandbox.bc<Collection>('GET', (topped.body['@odata.nextLink'] as string).slice(topped.body['@odata.nextLink']?.indexOf('/bc/')));
    expect(rest.body.value).toHaveLength(5);
    expect(rest.body['@odata.nextLink']).toBeUndefined();
    expect(rest.body.value[0]?.entryNumber).toBe(24);
  });

  it.each([
    ["number eq 'JN-2004'", ['JN-2004']],
    ["startswith(number,'SF') and unitPrice gt 40", ['SF-5003', 'SF-5005', 'SF-5006']],
    ["contains(displayName,'GLOVES') or number eq 'OF-4001'", ['JN-2001', 'OF-4001', 'SF-5005']],
    ["not (itemCategoryCode ne 'SAFETY') and unitCost le 4.2", ['SF-5001', 'SF-5002']],
    ["endswith(number, '08') and (inventory ge 0)", ['BR-6008', 'JN-2008', 'OF-4008', 'PK-1008', 'SF-5008']],
    ["tolower(displayName) eq 'nitrile gloves large (100 box)'", ['JN-2001']],
    ['inventory eq 0', ['PK-1003']],
  ])('filters items with $filter=%s', async (filter, numbers) => {
    const answer = await sandbox.bc<Collection<Row>>('GET', `/items?$filter=${encodeURIComponent(filter)}&$select=number&$orderby=number`);
    expect(answer.status).toBe(200);
    expect(answer.body.value.map((row) => row.number)).toEqual(numbers);
  });

  it('reads doubled quotes inside strings and unquoted GUID literals', async () => {
    const margie = await sandbox.bc<Collection<Row>>('GET', `/customers?$filter=${encodeURIComponent("displayName eq 'Margie''s Travel'")}`);
    expect(margie.body.value.map((row) => row.number)).toEqual(['C95000']);
    const byId = await sandbox.bc<Collection<Row>>('GET', `/customers?$filter=id eq ${margie.body.value[0]?.id}`);
    expect(byId.body.value.map((row) => row.number)).toEqual(['C95000']);
  });

  it('filters dates and date-times, orders descending and counts', async () => {
    const answer = await sandbox.bc<Collection<Row>>('GET', `/purchaseOrders?$filter=${encodeURIComponent('orderDate ge 2025-02-15 and orderDate lt 2025-03-15')}&$orderby=orderDate desc&$select=number,orderDate&$count=true`);
    expect(answer.body['@odata.count']).toBe(6);
    expect(answer.body.value.map((row) => row.number)).toEqual(['PO-1009', 'PO-1008', 'PO-1005', 'PO-1004', 'PO-1007', 'PO-1003']);
    const recent = await sandbox.bc<Collection>('GET', `/items?$filter=${encodeURIComponent('lastModifiedDateTime gt 2025-03-14T00:00:00Z')}`);
    expect(recent.body.value).toHaveLength(20);
  });

  it.each([
    ['number eq', "Syntax error at position 9 in 'number eq'."],
    ['colour eq 1', "Could not find a property named 'colour' on type 'Microsoft.NAV.item'."],
    ["inventory eq 'many'", "A binary operator with incompatible types was detected. Found operand types 'Edm.Decimal' and 'Edm.String' for operator kind 'Equal'."],
    ['contains(inventory, 3)', "No function signature for the function with name 'contains' matches the specified arguments. The function signatures considered are: contains(Edm.String Nullable=true, Edm.String Nullable=true)."],
    ["number eq 'PK-1001' and", "Syntax error at position 23 in 'number eq 'PK-1001' and'."],
  ])('refuses $filter=%s with OData\'s message', async (filter, message) => {
    const answer = await sandbox.bc<{ error: { code: string; message: string } }>('GET', `/items?$filter=${encodeURIComponent(filter)}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({ code: 'BadRequest', message });
  });

  it('refuses a bad $top, an unknown $orderby property and an unsupported option', async () => {
    const top = await sandbox.bc<{ error: { message: string } }>('GET', '/items?$top=-1');
    expect(top.body.error.message).toBe("Invalid value '-1' for $top query option found. The $top query option requires a non-negative integer value.");
    const order = await sandbox.bc<{ error: { message: string } }>('GET', '/items?$orderby=price');
    expect(order.body.error.message).toBe("Could not find a property named 'price' on type 'Microsoft.NAV.item'.");
    const search = await sandbox.bc<{ error: { message: string } }>('GET', '/items?$search=box');
    expect(search.body.error.message).toBe("The query parameter '$search' is not supported.");
  });

  it('serves the three-way-match documents: orders with lines, receipts, supplier invoices off by quantity or price', async () => {
    const order = (await sandbox.bc<Collection<Row & { purchaseOrderLines: Row[] }>>('GET', `/purchaseOrders?$filter=number eq 'PO-1004'&$expand=purchaseOrderLines`)).body.value[0];
    const invoice = (await sandbox.bc<Collection<Row & { purchaseInvoiceLines: Row[] }>>('GET', `/purchaseInvoices?$filter=orderNumber eq 'PO-1004'&$expand=purchaseInvoiceLines`)).body.value[0];
    expect(order?.purchaseOrderLines[0]).toMatchObject({ quantity: 100, receivedQuantity: 100, invoicedQuantity: 0 });
    expect(invoice).toMatchObject({ number: 'PI-1004', status: 'Draft' });
    expect(invoice?.purchaseInvoiceLines[0]).toMatchObject({ quantity: 120, unitCost: order?.purchaseOrderLines[0]?.directUnitCost });
    const priced = (await sandbox.bc<Collection<Row & { purchaseInvoiceLines: Row[] }>>('GET', `/purchaseInvoices?$filter=orderNumber eq 'PO-1005'&$expand=purchaseInvoiceLines`)).body.value[0];
    const priceOrder = (await sandbox.bc<Collection<Row & { purchaseOrderLines: Row[] }>>('GET', `/purchaseOrders?$filter=number eq 'PO-1005'&$expand=purchaseOrderLines`)).body.value[0];
    expect(Number(priced?.purchaseInvoiceLines[0]?.unitCost)).toBeGreaterThan(Number(priceOrder?.purchaseOrderLines[0]?.directUnitCost));
    const receipts = await sandbox.bc<Collection<Row>>('GET', `/purchaseReceipts?$filter=vendorNumber eq 'V4000'`);
    const receiptLines = await sandbox.bc<Collection<Row>>('GET', `/purchaseReceipts(${receipts.body.value[0]?.id})/purchaseReceiptLines`);
    expect(receiptLines.body.value.map((line) => line.quantity)).toEqual([60, 60]);
  });

  it('exposes daily sales (item ledger) and vendor lead times (partner API page) for days of cover', async () => {
    const sales = await sandbox.bc<Collection<Row>>('GET', `/itemLedgerEntries?$filter=${encodeURIComponent("itemNumber eq 'JN-2004' and entryType eq 'Sale' and postingDate ge 2025-02-13")}`, undefined, { prefer: 'odata.maxpagesize=100' });
    expect(sales.body.value.length).toBeGreaterThan(20);
    expect(sales.body.value.every((entry) => Number(entry.quantity) < 0)).toBe(true);
    const replenishment = await sandbox.bc<Collection<Row>>('GET', `/bc/v2.0/${settings.tenantId}/${settings.environment}/api/northwind/supplychain/v1.0/companies(${settings.companyId})/itemReplenishment?$filter=itemNumber eq 'JN-2004'`);
    const row = replenishment.body.value[0] as Row;
    expect(row).toMatchObject({ vendorNumber: 'V3000', leadTimeDays: 14 });
    const item = (await sandbox.bc<Collection<Row>>('GET', `/items?$filter=number eq 'JN-2004'`)).body.value[0] as Row;
    const daysOfCover = Number(item.inventory) / (Number(row.salesLast30Days) / 30);
    expect(daysOfCover).toBeLessThan(Number(row.leadTimeDays));
    const total = sales.body.value.reduce((sum, entry) => sum - Number(entry.quantity), 0);
    expect(total).toBe(row.salesLast30Days);
  });
});

describe('Business Central: writing', () => {
  it('creates a sales order from a customer number, adds lines, totals follow', async () => {
    const created = await sandbox.bc<Row>('POST', '/salesOrders', { customerNumber: 'C20000', externalDocumentNumber: 'TREY-PO-77' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ number: 'S-ORD101013', customerName: 'Trey Research', status: 'Draft', orderDate: '2025-03-15', totalAmountIncludingTax: 0 });
    expect(created.headers.get('location')).toMatch(new RegExp(`/salesOrders\\(${created.body.id}\\)$`));
    const line = await sandbox.bc<Row>('POST', `/salesOrders(${created.body.id})/salesOrderLines`, { lineObjectNumber: 'PK-1001', quantity: 10 });
    expect(line.status).toBe(201);
    expect(line.body).toMatchObject({ sequence: 10000, lineType: 'Item', description: 'Corrugated Box 12x12x12 (25 pack)', unitPrice: 38.5, amountExcludingTax: 385, totalTaxAmount: 30.8, amountIncludingTax: 415.8 });
    const order = await sandbox.bc<Row & { salesOrderLines: Row[] }>('GET', `/salesOrders(${created.body.id})?$expand=salesOrderLines`);
    expect(order.body).toMatchObject({ totalAmountExcludingTax: 385, totalAmountIncludingTax: 415.8 });
    expect(order.body.salesOrderLines).toHaveLength(1);
  });

  it('updates with If-Match: the current etag succeeds, a stale one answers 412, none answers 400', async () => {
    const customer = (await sandbox.bc<Collection<Row>>('GET', `/customers?$filter=number eq 'C30000'`)).body.value[0] as Row;
    const updated = await sandbox.bc<Row>('PATCH', `/customers(${customer.id})`, { phoneNumber: '+13035550199' }, { 'if-match': customer['@odata.etag'] });
    expect(updated.status).toBe(200);
    expect(updated.body.phoneNumber).toBe('+13035550199');
    expect(Date.parse(String(updated.body.lastModifiedDateTime))).toBeGreaterThanOrEqual(START.getTime());
    expect(updated.body['@odata.etag']).not.toBe(customer['@odata.etag']);
    const stale = await sandbox.bc<{ error: { code: string } }>('PATCH', `/customers(${customer.id})`, { phoneNumber: '+1' }, { 'if-match': customer['@odata.etag'] });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('Request_EntityChanged');
    const none = await sandbox.bc<{ error: { code: string; message: string } }>('PATCH', `/customers(${customer.id})`, { phoneNumber: '+1' });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('BadRequest_InvalidToken');
    const any = await sandbox.bc('PATCH', `/customers(${customer.id})`, { creditLimit: 12000 }, { 'if-match': '*' });
    expect(any.status).toBe(200);
  });

  it('refuses unknown, read-only and mistyped properties, and changes to posted invoices or released orders', async () => {
    const unknown = await sandbox.bc<{ error: { message: string } }>('POST', '/customers', { displayName: 'New', colour: 'red' });
    expect(unknown.body.error.message).toBe("The property 'colour' does not exist on type 'Microsoft.NAV.customer'. Make sure to only use property names that are defined by the type.");
    const readOnly = await sandbox.bc<{ error: { message: string } }>('POST', '/items', { displayName: 'New', inventory: 5 });
    expect(readOnly.body.error.message).toContain("'inventory'");
    const mistyped = await sandbox.bc<{ error: { message: string } }>('POST', '/items', { displayName: 'New', unitPrice: 'ten' });
    expect(mistyped.body.error.message).toBe("Cannot convert the literal 'ten' to the expected type 'Edm.Decimal'.");
    const noCustomer = await sandbox.bc<{ error: { code: string } }>('POST', '/salesOrders', { customerNumber: 'C99999' });
    expect(noCustomer).toMatchObject({ status: 404, body: { error: { code: 'Internal_RecordNotFound' } } });
    const posted = (await sandbox.bc<Collection<Row>>('GET', `/purchaseInvoices?$filter=number eq 'PI-1001'`)).body.value[0] as Row;
    const change = await sandbox.bc<{ error: { message: string } }>('PATCH', `/purchaseInvoices(${posted.id})`, { vendorInvoiceNumber: 'X' }, { 'if-match': '*' });
    expect(change.status).toBe(400);
    expect(change.body.error.message).toContain('is posted (status Paid)');
    const released = (await sandbox.bc<Collection<Row>>('GET', `/purchaseOrders?$filter=number eq 'PO-1008'`)).body.value[0] as Row;
    const addLine = await sandbox.bc<{ error: { message: string } }>('POST', `/purchaseOrders(${released.id})/purchaseOrderLines`, { lineObjectNumber: 'JN-2004', quantity: 5 });
    expect(addLine.body.error.message).toContain("Status must be equal to 'Open'");
    const receipt = await sandbox.bc<{ error: { code: string } }>('POST', '/purchaseReceipts', {});
    expect(receipt).toMatchObject({ status: 405, body: { error: { code: 'BadRequest_MethodNotAllowed' } } });
  });

  it('deletes a draft document with its lines; a customer with documents stays', async () => {
    const created = await sandbox.bc<Row>('POST', '/purchaseOrders', { vendorNumber: 'V5000' });
    expect(created.body).toMatchObject({ number: 'PO-1011', vendorName: 'Proseware Safety Products', status: 'Draft' });
    await sandbox.bc('POST', `/purchaseOrders(${created.body.id})/purchaseOrderLines`, { lineObjectNumber: 'SF-5001', quantity: 40 });
    const current = await sandbox.bc<Row>('GET', `/purchaseOrders(${created.body.id})`);
    expect(current.body.totalAmountExcludingTax).toBe(136);
    const deleted = await sandbox.bc('DELETE', `/purchaseOrders(${created.body.id})`, undefined, { 'if-match': current.body['@odata.etag'] });
    expect(deleted.status).toBe(204);
    const lines = await sandbox.bc<Collection<Row>>('GET', `/purchaseOrderLines?$filter=documentId eq ${created.body.id}`);
    expect(lines.body.value).toEqual([]);
    const customer = (await sandbox.bc<Collection<Row>>('GET', `/customers?$filter=number eq 'C10000'`)).body.value[0] as Row;
    const refused = await sandbox.bc<{ error: { message: string } }>('DELETE', `/customers(${customer.id})`, undefined, { 'if-match': '*' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('You cannot delete Customer C10000');
  });

  it('answers 404 for another environment and a path it does not serve', async () => {
    const environment = await sandbox.bc<{ error: { code: string } }>('GET', `/bc/v2.0/${settings.tenantId}/sandbox/api/v2.0/companies`);
    expect(environment.status).toBe(404);
    const set = await sandbox.bc<{ error: { code: string } }>('GET', '/employees');
    expect(set).toMatchObject({ status: 404, body: { error: { code: 'BadRequest_NotFound' } } });
    const key = await sandbox.bc<{ error: { code: string } }>('GET', "/items('PK-1001')");
    expect(key.status).toBe(400);
  });
});
