import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../runtime/definition/index.js';
import { expectError } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO, startServerHarness, type ApiResponse, type ServerHarness } from '../support/server-harness.js';
import { createActiveWorkflow, rotateSecret, signedHeaders, type Governance } from '../support/workflow-lifecycle.js';

let server: ServerHarness;
let governance: Governance;

beforeAll(async () => {
  server = await startServerHarness();
  governance = {
    tenantId: server.tenants.customer,
    designer: await server.signIn(DEMO.consultant),
    approver: await server.signIn(DEMO.approver),
  };
});
afterAll(() => server.close());

/** A webhook trigger and one transform echoing the input, or answering through a Respond node. */
function hookWorkflow(config: Record<string, JsonValue>, respond = false) {
  return workflow(
    [
      { id: 'hook', type: 'trigger.webhook', config },
      { id: 'echo', type: 'data.transform', config: { fields: { received: { var: 'input' } } } },
      ...(respond ? [{ id: 'answer', type: 'flow.respond', config: { status: 201, body: { order: { var: 'input.received.id' }, at: { var: 'run.id' } } } }] : []),
    ],
    [['hook', 'out', 'echo'], ...(respond ? [['echo', 'out', 'answer'] as const] : [])],
  );
}

/** A token-authenticated webhook of the demo customer; answers its workflow id and the token header. */
async function tokenHook(name: string, config: Record<string, JsonValue>, respond = false): Promise<{ workflowId: string; auth: Record<string, string> }> {
  const workflowId = await createActiveWorkflow(governance, name, hookWorkflow({ auth: 'token', ...config }, respond));
  const secret = await rotateSecret(governance, workflowId, 'hook');
  return { workflowId, auth: { 'x-flowgate-token': secret, 'content-type': 'application/json' } };
}

function hook(path: string, body: string, headers: Record<string, string>): Promise<ApiResponse> {
  return server.request('POST', `/hooks/contoso/${path}`, body, headers);
}

async function runsOf(workflowId: string) {
  await server.app.store.flush();
  return server.app.store.listRuns({ tenantId: governance.tenantId, workflowId, limit: 1000 });
}

async function ageKeys(hours: number): Promise<void> {
  await server.app.sql.run('UPDATE idempotency_keys SET created_at = created_at - ?', [hours * 3_600_000]);
}

describe('webhook deduplication by a header the sender repeats (Shopify X-Shopify-Webhook-Id)', () => {
  let target: { workflowId: string; auth: Record<string, string> };
  beforeAll(async () => {
    target = await tokenHook('Shopify orders', { path: 'shopify/orders', dedupe: { header: 'X-Shopify-Webhook-Id' } });
  });

  it('starts one run for a delivery and its retry; the retry gets the first answer, marked as replayed', async () => {
    const body = JSON.stringify({ id: 820982911946154500, total: '403.00' });
    const headers = { ...target.auth, 'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' };
    const first = await hook('shopify/orders', body, headers);
    expect(first.status, first.text).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const retry = await hook('shopify/orders', body, headers);
    expect(retry.status, retry.text).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const runs = await runsOf(target.workflowId);
    expect(runs.map((run) => run.id)).toEqual([(first.body as { runId: string }).runId]);
    const entries = await server.app.audit.list(governance.tenantId, { action: 'run.start', targetId: runs[0]?.id ?? '', limit: 10 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: 'system:webhook', details: { workflowId: target.workflowId, triggerNodeId: 'hook', path: 'shopify/orders' } });
  });

  it('starts one run when the same delivery arrives many times at once', async () => {
    const before = (await runsOf(target.workflowId)).length;
    const headers = { ...target.auth, 'x-shopify-webhook-id': 'burst-delivery' };
    const answers = await Promise.all(Array.from({ length: 12 }, () => hook('shopify/orders', '{"id":1}', headers)));
    expect((await runsOf(target.workflowId)).length).toBe(before + 1);
    const accepted = answers.filter((answer) => answer.status === 202);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(new Set(accepted.map((answer) => (answer.body as { runId: string }).runId)).size).toBe(1);
    for (const answer of answers.filter((candidate) => candidate.status !== 202)) expectError(answer, 409, 'IDEMPOTENCY_KEY_IN_USE');
  });

  it('answers 422 for the same id with another body, and starts a new run after 24 hours', async () => {
    const headers = { ...target.auth, 'x-shopify-webhook-id': 'reused-id' };
    const first = await hook('shopify/orders', '{"id":2}', headers);
    expect(first.status).toBe(202);
    const before = (await runsOf(target.workflowId)).length;
    expect(expectError(await hook('shopify/orders', '{"id":3}', headers), 422, 'IDEMPOTENCY_KEY_REUSED').message).toMatch(/different request/);
    expect((await runsOf(target.workflowId)).length).toBe(before);
    await ageKeys(25);
    const later = await hook('shopify/orders', '{"id":2}', headers);
    expect(later.status).toBe(202);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.body).not.toEqual(first.body);
    expect((await runsOf(target.workflowId)).length).toBe(before + 1);
  });

  it('accepts a delivery without the header, without deduplication', async () => {
    const before = (await runsOf(target.workflowId)).length;
    expect((await hook('shopify/orders', '{"id":4}', target.auth)).status).toBe(202);
    expect((await hook('shopify/orders', '{"id":4}', target.auth)).status).toBe(202);
    expect((await runsOf(target.workflowId)).length).toBe(before + 2);
  });

  it('refuses a header value that cannot be a key with 400', async () => {
    const error = expectError(await hook('shopify/orders', '{"id":5}', { ...target.auth, 'x-shopify-webhook-id': 'k'.repeat(256) }), 400, 'INVALID_IDEMPOTENCY_KEY');
    expect(error.message).toMatch(/X-Shopify-Webhook-Id header .* at most 255/);
  });
});

describe('webhook deduplication by a body field, answering on completion', () => {
  let target: { workflowId: string; auth: Record<string, string> };
  beforeAll(async () => {
    target = await tokenHook('Order events', { path: 'events/orders', respond: 'onCompletion', dedupe: { bodyPath: 'event.id' } }, true);
  });

  it("answers a retry with the finished run's own answer", async () => {
    const body = JSON.stringify({ event: { id: 'evt_1001' }, id: 'SO-1001' });
    const first = await hook('events/orders', body, target.auth);
    expect(first.status, first.text).toBe(201);
    const retry = await hook('events/orders', body, target.auth);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await runsOf(target.workflowId)).toHaveLength(1);
  });

  it('takes a number as the id, and refuses an object there with 400', async () => {
    const body = JSON.stringify({ event: { id: 77 }, id: 'SO-77' });
    expect((await hook('events/orders', body, target.auth)).status).toBe(201);
    expect((await hook('events/orders', body, target.auth)).headers.get('idempotent-replayed')).toBe('true');
    const error = expectError(await hook('events/orders', JSON.stringify({ event: { id: { nested: 1 } } }), target.auth), 400, 'INVALID_IDEMPOTENCY_KEY');
    expect(error.message).toMatch(/"event\.id" .* must be a text or a number/);
  });
});

describe('Idempotency-Key on signed webhooks', () => {
  let secret: string;
  let workflowId: string;
  beforeAll(async () => {
    workflowId = await createActiveWorkflow(governance, 'Signed idempotent', hookWorkflow({ path: 'signed/idempotent', auth: 'hmac' }));
    secret = await rotateSecret(governance, workflowId, 'hook');
  });

  it('replays the first answer to a re-signed retry and to the identical request, which alone would be a refused replay', async () => {
    const body = JSON.stringify({ orderId: 'SO-9' });
    const headers = { ...signedHeaders(secret, body), 'idempotency-key': 'delivery-9' };
    const first = await hook('signed/idempotent', body, headers);
    expect(first.status, first.text).toBe(202);
    const resent = await hook('signed/idempotent', body, headers);
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual(first.body);
    const resigned = await hook('signed/idempotent', body, { ...signedHeaders(secret, body, Math.floor(Date.now() / 1000) + 1), 'idempotency-key': 'delivery-9' });
    expect(resigned.body).toEqual(first.body);
    expect(resigned.headers.get('idempotent-replayed')).toBe('true');
    expect(await runsOf(workflowId)).toHaveLength(1);
    // Without a key, the identical signed request is still a replay.
    const unkeyedBody = JSON.stringify({ orderId: 'SO-10' });
    const unkeyed = signedHeaders(secret, unkeyedBody);
    expect((await hook('signed/idempotent', unkeyedBody, unkeyed)).status).toBe(202);
    expectError(await hook('signed/idempotent', unkeyedBody, unkeyed), 401, 'UNAUTHENTICATED');
  });

  it('gives no replay to a request that does not authenticate', async () => {
    const body = JSON.stringify({ orderId: 'SO-9' });
    expectError(await hook('signed/idempotent', body, { ...signedHeaders('whsec_wrong', body), 'idempotency-key': 'delivery-9' }), 401, 'UNAUTHENTICATED');
  });
});
