import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isErrorShape } from '../../support/error-shape.js';
import { BC_COMPANY, startTestSandbox, type TestSandbox } from './sandbox-harness.js';

const orderPath = (number: number) => `/orders/${5_900_000_000_000 + number}.json`;

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.sandbox.reset());

const arm = (fault: Record<string, unknown>) => sandbox.request<{ fault: { id: string } }>('POST', '/_sandbox/faults', { body: fault });

describe('fault injection', () => {
  it('answers 429 with Retry-After in the API\'s own shape, the given number of times', async () => {
    const armed = await arm({ method: 'GET', path: '/shopify/**/orders.json', status: 429, retryAfterSeconds: 7, times: 2 });
    expect(armed.status).toBe(201);
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await sandbox.shopify('GET', '/orders.json');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('7');
      expect(refused.headers.get('x-shopify-shop-api-call-limit')).toBe('40/40');
      expect(refused.headers.get('x-sandbox-fault')).toBe(armed.body.fault.id);
      expect((refused.body as { errors: string }).errors).toContain('Too many requests');
    }
    expect((await sandbox.shopify('GET', '/orders.json')).status).toBe(200);
    const calls = (await sandbox.request<{ calls: { status: number; faultId: string | null }[] }>('GET', '/_sandbox/calls?system=shopify')).body.calls;
    expect(calls.map((call) => [call.status, call.faultId])).toEqual([
      [429, armed.body.fault.id],
      [429, armed.body.fault.id],
      [200, null],
    ]);
  });

  it('gives every 429 a Retry-After, 1 second unless told', async () => {
    await arm({ path: '/shipstation/orders', status: 429, times: 1 });
    const refused = await sandbox.shipstation('GET', '/orders');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('x-rate-limit-reset')).toBe('1');
    expect((refused.body as { Message: string }).Message).toContain('Too many requests');
  });

  it('answers a 5xx in the API\'s shape on the matching method only, then the real answer', async () => {
    await arm({ method: 'POST', path: '/bc/**/salesOrders', status: 503, times: 1 });
    const list = await sandbox.bc('GET', '/salesOrders?$top=1');
    expect(list.status).toBe(200);
    const failed = await sandbox.bc<{ error: { code: string; message: string } }>('POST', '/salesOrders', { customerNumber: 'C10000' });
    expect(failed.status).toBe(503);
    expect(failed.body.error.message).toContain('injected');
    const retried = await sandbox.bc('POST', '/salesOrders', { customerNumber: 'C10000' });
    expect(retried.status).toBe(201);
    expect(sandbox.sandbox.records.effects({ system: 'business-central' })).toHaveLength(1);
  });

  it('delays a request by the latency asked for and then answers it', async () => {
    const armed = await arm({ path: '/shipstation/shipments', latencyMs: 150, times: 1 });
    const answer = await sandbox.shipstation<{ total: number }>('GET', '/shipments');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-sandbox-fault')).toBe(armed.body.fault.id);
    expect(answer.headers.get('x-sandbox-latency-ms')).toBe('150');
    expect((await sandbox.request<{ faults: unknown[] }>('GET', '/_sandbox/faults')).body.faults).toEqual([]);
  });

  it('lists, disarms and clears faults, and refuses a malformed one in Flowgate\'s error shape', async () => {
    const one = await arm({ path: '/slack/**', status: 500 });
    await arm({ path: '/teams/**', status: 502 });
    expect((await sandbox.request<{ faults: { id: string; remaining: number | null }[] }>('GET', '/_sandbox/faults')).body.faults.map((fault) => fault.remaining)).toEqual([null, null]);
    expect((await sandbox.request('DELETE', `/_sandbox/faults/${one.body.fault.id}`)).status).toBe(204);
    expect((await sandbox.request('DELETE', '/_sandbox/faults/fault-99')).status).toBe(404);
    expect((await sandbox.request('DELETE', '/_sandbox/faults')).status).toBe(204);
    expect((await sandbox.request<{ faults: unknown[] }>('GET', '/_sandbox/faults')).body.faults).toEqual([]);
    for (const [fault, path] of [
      [{ path: 'shopify/**', status: 500 }, 'path'],
      [{ path: '/shopify/**', status: 200 }, 'status'],
      [{ path: '/shopify/**' }, 'status'],
      [{ path: '/shopify/**', latencyMs: 5, retryAfterSeconds: 3 }, 'retryAfterSeconds'],
      [{ path: '/shopify/**', status: 500, colour: 'red' }, ''],
    ] as const) {
      const refused = await sandbox.request<{ error: { details: { path: string }[] } }>('POST', '/_sandbox/faults', { body: fault });
      expect(refused.status).toBe(400);
      expect(isErrorShape(refused.body)).toBe(true);
      if (path !== '') expect(refused.body.error.details[0]?.path).toBe(path);
    }
    const notJson = await sandbox.request('POST', '/_sandbox/faults', { body: '{"path":"/x","status":500}', headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(415);
  });

  it('arms at most 100 faults', async () => {
    for (let index = 0; index < 100; index++) expect((await arm({ path: `/slack/${index}`, status: 500 })).status).toBe(201);
    const refused = await arm({ path: '/slack/100', status: 500 });
    expect(refused.status).toBe(422);
    expect(isErrorShape(refused.body)).toBe(true);
  });
});

describe('effect records and idempotent replays', () => {
  it('records each change with method, path, body, key and time; a repeated key replays the first answer without a second effect', async () => {
    const body = { order: { tags: 'needs-review' } };
    const first = await sandbox.shopify<{ order: { updated_at: string } }>('PUT', orderPath(1044), body, { 'idempotency-key': 'run-1:tag:0' });
    sandbox.advance(60_000);
    const again = await sandbox.shopify<{ order: { updated_at: string } }>('PUT', orderPath(1044), body, { 'idempotency-key': 'run-1:tag:0' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
    const records = await sandbox.request<{ records: Record<string, unknown>[] }>('GET', '/_sandbox/records?system=shopify');
    expect(records.body.records).toEqual([
      { id: 1, at: '2025-03-15T12:00:00.000Z', system: 'shopify', kind: 'api', method: 'PUT', path: `/shopify/admin/api/2024-10${orderPath(1044)}`, status: 200, idempotencyKey: 'run-1:tag:0', body, detail: { orderId: 5_900_000_001_044, tags: 'needs-review', note: 'Please leave at the back door' } },
    ]);
    const calls = (await sandbox.request<{ calls: { replayed: boolean }[] }>('GET', '/_sandbox/calls?system=shopify')).body.calls;
    expect(calls.map((call) => call.replayed)).toEqual([false, true]);
  });

  it('refuses a repeated key with a different body, and scopes keys to the endpoint', async () => {
    await sandbox.shopify('PUT', orderPath(1044), { order: { tags: 'a' } }, { 'idempotency-key': 'k' });
    const other = await sandbox.shopify('PUT', orderPath(1044), { order: { tags: 'b' } }, { 'idempotency-key': 'k' });
    expect(other).toMatchObject({ status: 422, body: { errors: { idempotency_key: [expect.stringContaining('different request body')] } } });
    const elsewhere = await sandbox.shopify('PUT', orderPath(1058), { order: { tags: 'a' } }, { 'idempotency-key': 'k' });
    expect(elsewhere.status).toBe(200);
    expect(sandbox.sandbox.records.effects({ idempotencyKey: 'k' })).toHaveLength(2);
  });

  it('creates one document, one label and one message per key, however often a step retries', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await sandbox.bc('POST', '/salesOrders', { customerNumber: 'C40000' }, { 'idempotency-key': 'run-2:erp:0' })).status).toBe(201);
      expect((await sandbox.shipstation('POST', '/orders/createlabelfororder', { orderId: 212_001_053, carrierCode: 'fedex', serviceCode: 'fedex_ground', packageCode: 'package', shipDate: '2025-03-15' }, { 'idempotency-key': 'run-2:label:0' })).status).toBe(200);
      expect((await sandbox.request('POST', '/teams/webhook/contoso-operations', { body: { text: 'Order shipped' }, headers: { 'idempotency-key': 'run-2:teams:0' } })).status).toBe(200);
    }
    const orders = await sandbox.bc<{ value: unknown[] }>('GET', `${BC_COMPANY}/salesOrders?$filter=customerNumber eq 'C40000' and status eq 'Draft'`);
    expect(orders.body.value).toHaveLength(1);
    const shipments = await sandbox.shipstation<{ shipments: unknown[] }>('GET', '/shipments?orderNumber=1053');
    expect(shipments.body.shipments).toHaveLength(1);
    for (const key of ['run-2:erp:0', 'run-2:label:0', 'run-2:teams:0']) expect(sandbox.sandbox.records.effects({ idempotencyKey: key })).toHaveLength(1);
  });

  it('keeps no answer for a failed request or an injected fault, so the retry runs for real', async () => {
    const refund = { refund: { transactions: [{ parent_id: 1, amount: '1.00' }] } };
    expect((await sandbox.shopify('POST', `/orders/${5_900_000_001_021}/refunds.json`, refund, { 'idempotency-key': 'run-3:refund:0' })).status).toBe(422);
    expect((await sandbox.shopify('POST', `/orders/${5_900_000_001_021}/refunds.json`, refund, { 'idempotency-key': 'run-3:refund:0' })).status).toBe(422);
    await arm({ method: 'PUT', path: '/shopify/**', status: 500, times: 1 });
    expect((await sandbox.shopify('PUT', orderPath(1051), { order: { note: 'x' } }, { 'idempotency-key': 'run-3:note:0' })).status).toBe(500);
    const retried = await sandbox.shopify('PUT', orderPath(1051), { order: { note: 'x' } }, { 'idempotency-key': 'run-3:note:0' });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(sandbox.sandbox.records.effects()).toHaveLength(1);
  });

  it('filters records by kind and key, and refuses an unknown kind', async () => {
    await sandbox.request('POST', '/slack/services/T0CONTOSO/B0PURCHASING/sandboxPurchasingToken02', { body: { text: 'PO-1010 is late' } });
    await sandbox.shopify('PUT', orderPath(1044), { order: { note: 'x' } });
    const messages = await sandbox.request<{ records: { system: string }[] }>('GET', '/_sandbox/records?kind=message');
    expect(messages.body.records.map((record) => record.system)).toEqual(['slack']);
    const after = await sandbox.request<{ records: { id: number }[] }>('GET', '/_sandbox/records?afterId=1');
    expect(after.body.records.map((record) => record.id)).toEqual([2]);
    const bad = await sandbox.request('GET', '/_sandbox/records?kind=fax');
    expect(bad.status).toBe(400);
    expect(isErrorShape(bad.body)).toBe(true);
  });
});

describe('reset', () => {
  it('restores the seed and clears records, faults and keys; it needs a JSON request', async () => {
    await sandbox.shopify('PUT', orderPath(1044), { order: { tags: 'changed' } }, { 'idempotency-key': 'r' });
    await arm({ path: '/teams/**', status: 500 });
    expect((await sandbox.request('POST', '/_sandbox/reset', { body: '', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    const reset = await sandbox.request('POST', '/_sandbox/reset', { body: {} });
    expect(reset).toMatchObject({ status: 200, body: { reset: true } });
    expect((await sandbox.shopify<{ order: { tags: string } }>('GET', orderPath(1044))).body.order.tags).toBe('vip');
    expect((await sandbox.request<{ records: unknown[] }>('GET', '/_sandbox/records')).body.records).toEqual([]);
    expect((await sandbox.request<{ faults: unknown[] }>('GET', '/_sandbox/faults')).body.faults).toEqual([]);
    const fresh = await sandbox.shopify('PUT', orderPath(1044), { order: { tags: 'changed' } }, { 'idempotency-key': 'r' });
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('the sandbox\'s own safety', () => {
  it('answers only to loopback host names (no DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(sandbox.url);
      const req = httpRequest({ host: url.hostname, port: url.port, path: '/_sandbox/records', headers: { host: 'attacker.example:4010' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
    expect((await sandbox.request('GET', '/_sandbox/records', { headers: {} })).status).toBe(200);
  });

  it('keeps at most 64 KiB of a body in its record', async () => {
    const answer = await sandbox.shopify('PUT', orderPath(1044), { order: { note: 'n'.repeat(100_000) } });
    expect(answer.status).toBe(200);
    const [record] = sandbox.sandbox.records.effects();
    expect(typeof record?.body).toBe('string');
    expect(String(record?.body)).toMatch(/more characters not kept\]$/);
    expect(String(record?.body).length).toBeLessThan(70_000);
  });

  it('refuses a forged cursor and a $filter nested too deep with a 4xx, not a failure', async () => {
    const cursor = Buffer.from(JSON.stringify({ q: [1], k: 1, d: 'next' })).toString('base64url');
    const forged = await sandbox.shopify('GET', `/orders.json?page_info=${cursor}`);
    expect(forged.status).toBe(400);
    const nested = `${'('.repeat(40)}number eq 'PK-1001'${')'.repeat(40)}`;
    const deep = await sandbox.bc<{ error: { message: string } }>('GET', `/items?$filter=${encodeURIComponent(nested)}`);
    expect(deep.status).toBe(400);
    expect(deep.body.error.message).toBe('The $filter expression nests deeper than 32 levels.');
    const long = await sandbox.bc<{ error: { message: string } }>('GET', `/items?$filter=${encodeURIComponent(`number eq '${'x'.repeat(5000)}'`)}`);
    expect(long.body.error.message).toBe('The $filter expression is longer than 4096 characters.');
  });

  it('refuses a body over 1 MiB in the API\'s shape', async () => {
    const answer = await sandbox.shopify('PUT', orderPath(1044), { order: { note: 'x'.repeat(1_100_000) } });
    expect(answer.status).toBe(413);
    expect((answer.body as { errors: string }).errors).toContain('larger than');
  });

  it('serves a page without scripts under a strict policy, listing what it received', async () => {
    await sandbox.request('POST', '/slack/services/T0CONTOSO/B0OPSALERTS/sandboxOpsAlertsToken01', { body: { text: '<script>alert(1)</script> order #1052' } });
    const page = await sandbox.request('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    expect(page.text).toContain('<meta http-equiv="refresh" content="5">');
    expect(page.text).not.toMatch(/<script/i);
    expect(page.text).toContain('&#60;script&#62;alert(1)&#60;/script&#62; order #1052');
    expect((await sandbox.request('GET', '/sandbox.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const unknown = await sandbox.request('GET', '/nowhere');
    expect(unknown.status).toBe(404);
    expect(isErrorShape(unknown.body)).toBe(true);
  });
});
