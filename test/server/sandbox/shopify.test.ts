import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SHOPIFY_API, startTestSandbox, type TestSandbox } from './sandbox-harness.js';

/** Shopify order ids are 5900000000000 plus the order number. */
const orderId = (number: number): number => 5_900_000_000_000 + number;

interface Order {
  id: number;
  name: string;
  order_number: number;
  financial_status: string;
  fulfillment_status: string | null;
  cancelled_at: string | null;
  closed_at: string | null;
  tags: string;
  note: string | null;
  created_at: string;
  total_price: string;
  total_outstanding: string;
  current_total_price: string;
  line_items: { id: number; sku: string; quantity: number; current_quantity: number; fulfillable_quantity: number; variant_id: number; price: string }[];
  refunds: unknown[];
}
interface Level {
  inventory_item_id: number;
  location_id: number;
  available: number;
}
interface FulfillmentOrder {
  id: number;
  status: string;
  assigned_location_id: number;
  fulfillment_holds: { reason: string }[];
  line_items: { id: number; inventory_item_id: number; fulfillable_quantity: number }[];
}

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.sandbox.reset());

/** Follows `Link: <...>; rel="next"` from a first page to the end. */
async function allPages(path: string): Promise<{ orders: Order[]; pages: number; links: string[] }> {
  const orders: Order[] = [];
  const links: string[] = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next) {
    const answer: Awaited<ReturnType<typeof sandbox.shopify<{ orders: Order[] }>>> = await sandbox.shopify<{ orders: Order[] }>('GET', next);
    expect(answer.status).toBe(200);
    orders.push(...answer.body.orders);
    pages += 1;
    const link = answer.headers.get('link') ?? '';
    links.push(link);
    const url = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    next = url ? url.slice(url.indexOf(SHOPIFY_API) + SHOPIFY_API.length) : undefined;
  }
  return { orders, pages, links };
}

describe('Shopify Admin REST: authentication and errors', () => {
  it('refuses a request without or with a wrong access token with Shopify 401', async () => {
    const missing = await sandbox.request('GET', `${SHOPIFY_API}/orders.json`);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    const wrong = await sandbox.shopify('GET', '/orders.json', undefined, { 'x-shopify-access-token': 'shpat_wrong' });
    expect(wrong.status).toBe(401);
  });

  it('answers {"errors":"Not Found"} for an unknown or malformed order id and another API version', async () => {
    for (const path of ['/orders/123.json', '/orders/abc.json']) {
      const answer = await sandbox.shopify('GET', path);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ errors: 'Not Found' });
    }
    const other = await sandbox.request('GET', '/shopify/admin/api/2023-01/orders.json', { headers: { 'x-shopify-access-token': 'sandbox-shopify-admin-token-contoso' } });
    expect(other.status).toBe(404);
  });

  it('says which methods a path allows', async () => {
    const answer = await sandbox.shopify('DELETE', '/orders.json');
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET');
  });

  it('answers with the API version header', async () => {
    const answer = await sandbox.shopify('GET', '/locations.json');
    expect(answer.headers.get('x-shopify-api-version')).toBe('2024-10');
    expect((answer.body as { locations: { name: string }[] }).locations.map((location) => location.name)).toEqual(['Main Warehouse', 'East Coast DC']);
  });
});

describe('Shopify orders: get and list', () => {
  it('returns an order in Shopify shape, or only the fields asked for', async () => {
    const answer = await sandbox.shopify<{ order: Order & Record<string, unknown> }>('GET', `/orders/${orderId(1042)}.json`);
    expect(answer.status).toBe(200);
    const order = answer.body.order;
    expect(order).toMatchObject({ id: orderId(1042), name: '#1042', order_number: 1042, financial_status: 'partially_paid', currency: 'USD', admin_graphql_api_id: `gid://shopify/Order/${orderId(1042)}` });
    expect(order.total_price).toMatch(/^\d+\.\d{2}$/);
    expect(Number(order.total_outstanding)).toBeGreaterThan(0);
    expect(order.line_items[0]?.sku).toMatch(/^[A-Z]{2}-\d{4}$/);
    expect(order.line_items[0]?.price).toMatch(/^\d+\.\d{2}$/);
    expect(order).toHaveProperty('shipping_address.zip');
    expect(order).toHaveProperty('customer.email');
    const some = await sandbox.shopify<{ order: Record<string, unknown> }>('GET', `/orders/${orderId(1042)}.json?fields=id,name,tags`);
    expect(Object.keys(some.body.order).sort()).toEqual(['id', 'name', 'tags']);
  });

  it('lists open orders by default, 50 to a page, newest first', async () => {
    const answer = await sandbox.shopify<{ orders: Order[] }>('GET', '/orders.json');
    expect(answer.body.orders.length).toBeLessThanOrEqual(50);
    expect(answer.body.orders.every((order) => order.closed_at === null && order.cancelled_at === null)).toBe(true);
    const ids = answer.body.orders.map((order) => order.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('pages through every order with the Link header exactly like Shopify, and back', async () => {
    const { orders, pages, links } = await allPages('/orders.json?status=any&limit=7');
    expect(orders).toHaveLength(60);
    expect(new Set(orders.map((order) => order.id)).size).toBe(60);
    expect(pages).toBe(9);
    expect(links[0]).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/shopify\/admin\/api\/2024-10\/orders\.json\?limit=7&page_info=[\w-]+>; rel="next"$/);
    expect(links[1]).toMatch(/^<[^>]+page_info=[\w-]+>; rel="previous", <[^>]+page_info=[\w-]+>; rel="next"$/);
    expect(links[8]).toMatch(/rel="previous"$/);
    const second = await sandbox.shopify<{ orders: Order[] }>('GET', `/orders.json?status=any&limit=7`);
    const nextUrl = /<([^>]+)>; rel="next"/.exec(second.headers.get('link') ?? '')?.[1] as string;
    const page2 = await sandbox.request<{ orders: Order[] }>('GET', nextUrl.slice(nextUrl.indexOf('/shopify')), { headers: { 'x-shopify-access-token': 'sandbox-shopify-admin-token-contoso' } });
    const previousUrl = /<([^>]+)>; rel="previous"/.exec(page2.headers.get('link') ?? '')?.[1] as string;
    const back = await sandbox.request<{ orders: Order[] }>('GET', previousUrl.slice(previousUrl.indexOf('/shopify')), { headers: { 'x-shopify-access-token': 'sandbox-shopify-admin-token-contoso' } });
    expect(back.body.orders.map((order) => order.id)).toEqual(second.body.orders.map((order) => order.id));
  });

  it('refuses filters beside page_info, a forged cursor and a limit over 250 in Shopify 400 shape', async () => {
    const first = await sandbox.shopify('GET', '/orders.json?status=any&limit=5');
    const token = /page_info=([\w-]+)/.exec(first.headers.get('link') ?? '')?.[1] as string;
    const mixed = await sandbox.shopify('GET', `/orders.json?page_info=${token}&status=open`);
    expect(mixed.status).toBe(400);
    expect((mixed.body as { errors: { page_info: string } }).errors.page_info).toContain('cannot be combined with status');
    const forged = await sandbox.shopify('GET', '/orders.json?page_info=bm90LWpzb24');
    expect(forged.status).toBe(400);
    expect(forged.body).toEqual({ errors: { page_info: 'Invalid value.' } });
    const big = await sandbox.shopify('GET', '/orders.json?limit=251');
    expect(big.status).toBe(400);
    expect(big.body).toEqual({ errors: { limit: 'must be a whole number from 1 to 250, got "251"' } });
    const badDate = await sandbox.shopify('GET', '/orders.json?created_at_min=yesterday');
    expect(badDate.status).toBe(400);
    expect((badDate.body as { errors: { created_at_min: string } }).errors.created_at_min).toContain('ISO 8601');
  });

  it('filters by status, financial and fulfillment status, tag and creation date', async () => {
    const list = async (query: string) => (await sandbox.shopify<{ orders: Order[] }>('GET', `/orders.json?limit=250&${query}`)).body.orders.map((order) => order.order_number).sort();
    expect(await list('status=any&financial_status=partially_paid')).toEqual([1042, 1057]);
    expect(await list('status=cancelled')).toEqual([1012, 1027, 1038]);
    expect(await list('status=any&tag=VIP')).toEqual([1011, 1022, 1033, 1044, 1055]);
    expect(await list('status=any&fulfillment_status=partial')).toEqual([1046]);
    const recent = await list('status=any&created_at_min=2025-03-13T00:00:00Z&created_at_max=2025-03-14T23:59:59Z');
    expect(recent).toEqual([1057, 1058, 1059, 1060]);
  });
});

describe('Shopify orders: update, cancel, refund', () => {
  it('updates tags (normalised) and the note', async () => {
    const answer = await sandbox.shopify<{ order: Order }>('PUT', `/orders/${orderId(1058)}.json`, { order: { id: orderId(1058), tags: 'address-review, ,Address-Review,  urgent', note: 'Checked with the customer' } });
    expect(answer.status).toBe(200);
    expect(answer.body.order).toMatchObject({ tags: 'address-review, urgent', note: 'Checked with the customer', updated_at: '2025-03-15T12:00:00+00:00' });
    const again = await sandbox.shopify<{ order: Order }>('GET', `/orders/${orderId(1058)}.json`);
    expect(again.body.order.tags).toBe('address-review, urgent');
  });

  it('refuses an update without the order root, with an unsupported field or a bad tag value', async () => {
    const noRoot = await sandbox.shopify('PUT', `/orders/${orderId(1058)}.json`, { tags: 'x' });
    expect(noRoot).toMatchObject({ status: 400, body: { errors: { order: 'Required parameter missing or invalid' } } });
    const field = await sandbox.shopify('PUT', `/orders/${orderId(1058)}.json`, { order: { email: 'x@example.com' } });
    expect(field).toMatchObject({ status: 422, body: { errors: { email: [expect.stringContaining('only tags, note and note_attributes')] } } });
    const tags = await sandbox.shopify('PUT', `/orders/${orderId(1058)}.json`, { order: { tags: ['a'] } });
    expect(tags).toMatchObject({ status: 422, body: { errors: { tags: [expect.stringContaining('comma-separated string')] } } });
    const json = await sandbox.shopify('PUT', `/orders/${orderId(1058)}.json`, '{"order":', { 'content-type': 'application/json' });
    expect(json.status).toBe(400);
    expect((json.body as { errors: string }).errors).toContain('not valid JSON');
  });

  it('cancels an unfulfilled paid order: refunds the payment, restocks and closes it; a second cancel is refused', async () => {
    const fulfillmentOrder = (await sandbox.shopify<{ fulfillment_orders: FulfillmentOrder[] }>('GET', `/orders/${orderId(1053)}/fulfillment_orders.json`)).body.fulfillment_orders[0] as FulfillmentOrder;
    const item = fulfillmentOrder.line_items[0] as FulfillmentOrder['line_items'][number];
    const levelBefore = (await sandbox.shopify<{ inventory_levels: Level[] }>('GET', `/inventory_levels.json?inventory_item_ids=${item.inventory_item_id}&location_ids=${fulfillmentOrder.assigned_location_id}`)).body.inventory_levels[0] as Level;
    const answer = await sandbox.shopify<{ order: Order }>('POST', `/orders/${orderId(1053)}/cancel.json`, { reason: 'customer', restock: true });
    expect(answer.status).toBe(200);
    expect(answer.body.order).toMatchObject({ cancel_reason: 'customer', cancelled_at: '2025-03-15T12:00:00+00:00', closed_at: '2025-03-15T12:00:00+00:00', financial_status: 'refunded', current_total_price: '0.00' });
    expect(answer.body.order.refunds).toHaveLength(1);
    const levelAfter = (await sandbox.shopify<{ inventory_levels: Level[] }>('GET', `/inventory_levels.json?inventory_item_ids=${item.inventory_item_id}&location_ids=${fulfillmentOrder.assigned_location_id}`)).body.inventory_levels[0] as Level;
    expect(levelAfter.available).toBe(levelBefore.available + item.fulfillable_quantity);
    const again = await sandbox.shopify('POST', `/orders/${orderId(1053)}/cancel.json`, {});
    expect(again).toMatchObject({ status: 422, body: { errors: { base: ['Cannot cancel an order that has already been cancelled'] } } });
    const fulfilled = await sandbox.shopify('POST', `/orders/${orderId(1021)}/cancel.json`);
    expect(fulfilled).toMatchObject({ status: 422, body: { errors: { base: [expect.stringContaining('has fulfillments')] } } });
    const reason = await sandbox.shopify('POST', `/orders/${orderId(1054)}/cancel.json`, { reason: 'bored' });
    expect(reason).toMatchObject({ status: 422, body: { errors: { reason: [expect.stringContaining('customer, inventory')] } } });
  });

  it('voids instead of refunding when nothing was captured (a pending bank transfer)', async () => {
    const answer = await sandbox.shopify<{ order: Order }>('POST', `/orders/${orderId(1060)}/cancel.json`);
    expect(answer.body.order).toMatchObject({ financial_status: 'voided', cancel_reason: 'other', total_outstanding: '0.00' });
  });

  it('refunds a returned line with a transaction against the sale, restocking it; over-refunds are refused', async () => {
    const order = (await sandbox.shopify<{ order: Order }>('GET', `/orders/${orderId(1021)}.json`)).body.order;
    const sale = (await sandbox.shopify<{ transactions: { id: number; kind: string; amount: string; gateway: string }[] }>('GET', `/orders/${orderId(1021)}/transactions.json`)).body.transactions.find((transaction) => transaction.kind === 'sale');
    expect(sale).toBeDefined();
    const line = order.line_items[0] as Order['line_items'][number];
    const answer = await sandbox.shopify<{ refund: { id: number; refund_line_items: { restock_type: string; quantity: number }[]; transactions: { kind: string; amount: string; parent_id: number }[] } }>('POST', `/orders/${orderId(1021)}/refunds.json`, {
      refund: { note: 'Damaged in transit', refund_line_items: [{ line_item_id: line.id, quantity: 1, restock_type: 'return' }], transactions: [{ parent_id: sale?.id, amount: line.price, kind: 'refund', gateway: sale?.gateway }] },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.refund.refund_line_items[0]).toMatchObject({ restock_type: 'return', quantity: 1 });
    expect(answer.body.refund.transactions[0]).toMatchObject({ kind: 'refund', amount: line.price, parent_id: sale?.id });
    const after = (await sandbox.shopify<{ order: Order }>('GET', `/orders/${orderId(1021)}.json`)).body.order;
    expect(after.financial_status).toBe('partially_refunded');
    expect(after.line_items[0]?.current_quantity).toBe(line.quantity - 1);
    const tooMuch = await sandbox.shopify('POST', `/orders/${orderId(1021)}/refunds.json`, { refund: { transactions: [{ parent_id: sale?.id, amount: '100000.00', kind: 'refund' }] } });
    expect(tooMuch).toMatchObject({ status: 422, body: { errors: { transactions: [expect.stringContaining('exceeds the refundable amount')] } } });
    const badParent = await sandbox.shopify('POST', `/orders/${orderId(1021)}/refunds.json`, { refund: { transactions: [{ parent_id: 1, amount: '1.00' }] } });
    expect(badParent).toMatchObject({ status: 422, body: { errors: { 'transactions[0].parent_id': [expect.stringContaining('is not a successful sale')] } } });
    const badLine = await sandbox.shopify('POST', `/orders/${orderId(1021)}/refunds.json`, { refund: { refund_line_items: [{ line_item_id: line.id, quantity: 99 }] } });
    expect(badLine).toMatchObject({ status: 422, body: { errors: { 'refund_line_items[0].quantity': [expect.stringContaining('left to refund')] } } });
  });

  it('shows the fraud signals of a high-risk order', async () => {
    const risks = await sandbox.shopify<{ risks: { recommendation: string; score: string }[] }>('GET', `/orders/${orderId(1052)}/risks.json`);
    expect(risks.body.risks[0]).toMatchObject({ recommendation: 'cancel', score: '1.0' });
    const order = (await sandbox.shopify<{ order: { note_attributes: { name: string; value: string }[] } }>('GET', `/orders/${orderId(1052)}.json`)).body.order;
    expect(Number(order.note_attributes.find((attribute) => attribute.name === 'fraud_score')?.value)).toBeGreaterThanOrEqual(88);
  });
});

describe('Shopify inventory and fulfillments', () => {
  it('lists inventory levels by item and location with Link paging', async () => {
    const products = (await sandbox.shopify<{ products: { variants: { sku: string; inventory_item_id: number }[] }[] }>('GET', '/products.json?limit=250')).body.products;
    expect(products).toHaveLength(40);
    const outOfStock = products.flatMap((product) => product.variants).find((variant) => variant.sku === 'PK-1003');
    const levels = await sandbox.shopify<{ inventory_levels: Level[] }>('GET', `/inventory_levels.json?inventory_item_ids=${outOfStock?.inventory_item_id}`);
    expect(levels.body.inventory_levels.map((level) => level.available)).toEqual([0, 0]);
    const paged = await sandbox.shopify<{ inventory_levels: Level[] }>('GET', '/inventory_levels.json?location_ids=70100000001&limit=15');
    expect(paged.body.inventory_levels).toHaveLength(15);
    expect(paged.headers.get('link')).toMatch(/inventory_levels\.json\?limit=15&page_info=[\w-]+>; rel="next"$/);
    const neither = await sandbox.shopify('GET', '/inventory_levels.json');
    expect(neither).toMatchObject({ status: 422, body: { errors: { base: ['inventory_item_ids or location_ids must be present'] } } });
  });

  it('adjusts an inventory level and the variant total with it', async () => {
    const body = { location_id: 70_100_000_001, inventory_item_id: 4_620_000_000_003, available_adjustment: 24 };
    const answer = await sandbox.shopify<{ inventory_level: Level }>('POST', '/inventory_levels/adjust.json', body);
    expect(answer.status).toBe(200);
    expect(answer.body.inventory_level).toMatchObject({ inventory_item_id: 4_620_000_000_003, location_id: 70_100_000_001, available: 24 });
    const variant = (await sandbox.shopify<{ products: { variants: { inventory_quantity: number }[] }[] }>('GET', '/products.json?ids=8100000000003')).body.products[0]?.variants[0];
    expect(variant?.inventory_quantity).toBe(24);
    const unknown = await sandbox.shopify('POST', '/inventory_levels/adjust.json', { ...body, location_id: 1 });
    expect(unknown).toMatchObject({ status: 422, body: { errors: { inventory_item_id: [expect.stringContaining('is not stocked at location 1')] } } });
    const missing = await sandbox.shopify('POST', '/inventory_levels/adjust.json', { location_id: 70_100_000_001 });
    expect(missing).toMatchObject({ status: 422, body: { errors: { inventory_item_id: ["can't be blank"] } } });
  });

  it('fulfils an open fulfillment order with tracking; an order on hold is refused until released', async () => {
    const fulfillmentOrder = (await sandbox.shopify<{ fulfillment_orders: FulfillmentOrder[] }>('GET', `/orders/${orderId(1054)}/fulfillment_orders.json`)).body.fulfillment_orders[0] as FulfillmentOrder;
    expect(fulfillmentOrder.status).toBe('open');
    const answer = await sandbox.shopify<{ fulfillment: { name: string; status: string; tracking_number: string; line_items: unknown[] } }>('POST', '/fulfillments.json', {
      fulfillment: { line_items_by_fulfillment_order: [{ fulfillment_order_id: fulfillmentOrder.id }], tracking_info: { number: '1Z999AA10123456784', company: 'UPS', url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' }, notify_customer: false },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.fulfillment).toMatchObject({ name: '#1054.1', status: 'success', tracking_number: '1Z999AA10123456784' });
    const order = (await sandbox.shopify<{ order: Order }>('GET', `/orders/${orderId(1054)}.json`)).body.order;
    expect(order.fulfillment_status).toBe('fulfilled');
    const closed = (await sandbox.shopify<{ fulfillment_orders: FulfillmentOrder[] }>('GET', `/orders/${orderId(1054)}/fulfillment_orders.json`)).body.fulfillment_orders[0];
    expect(closed?.status).toBe('closed');
    const twice = await sandbox.shopify('POST', '/fulfillments.json', { fulfillment: { line_items_by_fulfillment_order: [{ fulfillment_order_id: fulfillmentOrder.id }] } });
    expect(twice.status).toBe(422);

    const held = (await sandbox.shopify<{ fulfillment_orders: FulfillmentOrder[] }>('GET', `/orders/${orderId(1052)}/fulfillment_orders.json`)).body.fulfillment_orders[0] as FulfillmentOrder;
    expect(held.fulfillment_holds.map((hold) => hold.reason)).toEqual(['high_risk_of_fraud']);
    const refused = await sandbox.shopify('POST', '/fulfillments.json', { fulfillment: { line_items_by_fulfillment_order: [{ fulfillment_order_id: held.id }] } });
    expect(refused).toMatchObject({ status: 422, body: { errors: { 'line_items_by_fulfillment_order[0].fulfillment_order_id': [expect.stringContaining('is on hold (high_risk_of_fraud)')] } } });
    const released = await sandbox.shopify<{ fulfillment_order: FulfillmentOrder }>('POST', `/fulfillment_orders/${held.id}/release_hold.json`);
    expect(released.body.fulfillment_order).toMatchObject({ status: 'open', fulfillment_holds: [] });
    const fulfilled = await sandbox.shopify('POST', '/fulfillments.json', { fulfillment: { line_items_by_fulfillment_order: [{ fulfillment_order_id: held.id, fulfillment_order_line_items: [{ id: held.line_items[0]?.id, quantity: 1 }] }] } });
    expect(fulfilled.status).toBe(201);
  });
});
