import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../runtime/definition/index.js';
import { DEMO, startServerHarness, type ApiResponse, type ServerHarness } from '../support/server-harness.js';
import { workflow } from '../support/definitions.js';
import { createActiveWorkflow, rotateSecret, signedHeaders, type Governance } from '../support/workflow-lifecycle.js';

/**
 * Webhooks that Shopify, Stripe and GitHub call directly, signed by their own schemes, and secret
 * rotation with an overlap during which the previous secret still works. Real HTTP to a real server.
 */
let server: ServerHarness;
let governance: Governance;

beforeAll(async () => {
  server = await startServerHarness();
  governance = { tenantId: server.tenants.customer, designer: await server.signIn(DEMO.consultant), approver: await server.signIn(DEMO.approver) };
});
afterAll(() => server.close());

function hookWorkflow(config: Record<string, JsonValue>) {
  return workflow(
    [
      { id: 'hook', type: 'trigger.webhook', config },
      { id: 'echo', type: 'data.transform', config: { fields: { received: { var: 'input' } } } },
    ],
    [['hook', 'out', 'echo']],
  );
}

function hook(path: string, body: string, headers: Record<string, string>): Promise<ApiResponse> {
  return server.request('POST', `/hooks/contoso/${path}`, body, { 'content-type': 'application/json', ...headers });
}

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text);
const now = () => Math.floor(Date.now() / 1000);
const status = async (response: Promise<ApiResponse>) => (await response).status;
const runIdOf = (response: ApiResponse) => (response.body as { runId: string }).runId;

describe('Shopify-signed webhooks', () => {
  let secret: string;
  beforeAll(async () => {
    const id = await createActiveWorkflow(governance, 'Shopify orders', hookWorkflow({ path: 'shopify/orders', auth: 'shopify' }));
    secret = await rotateSecret(governance, id, 'hook');
  });
  const shopify = (body: string, key: string, webhookId: string) => ({ 'x-shopify-hmac-sha256': hmac(key, body).digest('base64'), 'x-shopify-webhook-id': webhookId });

  it('accepts the base64 HMAC of the raw body, and refuses another body, another key or no signature', async () => {
    const body = '{"id":820982911946154500,"name":"#9999"}';
    expect(await status(hook('shopify/orders', body, shopify(body, secret, 'w-1')))).toBe(202);
    expect(await status(hook('shopify/orders', `${body} `, { 'x-shopify-hmac-sha256': hmac(secret, body).digest('base64') }))).toBe(401);
    expect(await status(hook('shopify/orders', body, shopify(body, `${secret}x`, 'w-2')))).toBe(401);
    const missing = await hook('shopify/orders', body, {});
    expect(missing.status).toBe(401);
    expect(missing.text).toContain('X-Shopify-Hmac-Sha256');
  });

  it('recognises a retry by X-Shopify-Webhook-Id without being told: one run, the first answer again', async () => {
    const body = '{"id":1,"retry":true}';
    const first = await hook('shopify/orders', body, shopify(body, secret, 'w-retry'));
    const again = await hook('shopify/orders', body, shopify(body, secret, 'w-retry'));
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(runIdOf(again)).toBe(runIdOf(first));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe("a sender's own signing secret", () => {
  it("takes the secret Shopify or Stripe issued, checks requests against it, and never records it in the audit log", async () => {
    const id = await createActiveWorkflow(governance, 'Shopify with its secret', hookWorkflow({ path: 'shopify/own-secret', auth: 'shopify' }));
    const given = 'shpss_0123456789abcdef0123456789abcdef';
    const path = `/api/v1/tenants/${governance.tenantId}/workflows/${id}/triggers/hook/secret`;
    const set = await governance.designer.request<{ secret: string }>('POST', path, { secret: given });
    expect(set.status, set.text).toBe(200);
    const body = '{"id":7}';
    expect(await status(hook('shopify/own-secret', body, { 'x-shopify-hmac-sha256': hmac(given, body).digest('base64') }))).toBe(202);
    const short = await governance.designer.request('POST', path, { secret: 'too-short' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('at least 16 characters');
    const audit = await governance.approver.request('GET', `/api/v1/tenants/${governance.tenantId}/audit?action=webhook.secret.rotate`);
    expect(audit.text).not.toContain(given);
    expect(audit.text).toContain('"given":true');
  });
});

describe('Stripe-style signed webhooks', () => {
  let secret: string;
  beforeAll(async () => {
    const id = await createActiveWorkflow(governance, 'Stripe events', hookWorkflow({ path: 'stripe/events', auth: 'stripe' }));
    secret = await rotateSecret(governance, id, 'hook');
  });
  const stripe = (body: string, key: string, t = now(), extra = '') => ({ 'stripe-signature': `t=${t},v1=${hmac(key, `${t}.${body}`).digest('hex')}${extra}` });

  it('accepts t=…,v1=… within five minutes, with several v1 (one of them right), and refuses an old or wrong one', async () => {
    const body = '{"id":"evt_1","type":"charge.refunded"}';
    expect(await status(hook('stripe/events', body, stripe(body, secret)))).toBe(202);
    const rolled = { 'stripe-signature': `t=${now()},v1=${'0'.repeat(64)},v1=${hmac(secret, `${now()}.{"id":"evt_2"}`).digest('hex')}` };
    expect(await status(hook('stripe/events', '{"id":"evt_2"}', rolled))).toBe(202);
    const old = await hook('stripe/events', '{"id":"evt_3"}', stripe('{"id":"evt_3"}', secret, now() - 600));
    expect(old.status).toBe(401);
    expect(old.text).toContain('five minutes');
    expect(await status(hook('stripe/events', '{"id":"evt_4"}', stripe('{"id":"evt_4"}', 'whsec_other')))).toBe(401);
    expect(await status(hook('stripe/events', '{"id":"evt_5"}', { 'stripe-signature': 'v1=abc' }))).toBe(401);
  });

  it('refuses the same signed request twice as a replay, and recognises a retry by the event id', async () => {
    const body = '{"id":"evt_replay"}';
    const headers = stripe(body, secret);
    expect(await status(hook('stripe/events', body, headers))).toBe(202);
    // The same event id answers from the first request; a fresh signature of it too.
    const retried = await hook('stripe/events', body, stripe(body, secret, now() + 1));
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('GitHub-style signed webhooks', () => {
  let secret: string;
  beforeAll(async () => {
    const id = await createActiveWorkflow(governance, 'GitHub pushes', hookWorkflow({ path: 'github/push', auth: 'github' }));
    secret = await rotateSecret(governance, id, 'hook');
  });

  it('accepts sha256=<hex HMAC of the body> in X-Hub-Signature-256 and refuses a wrong one, deduplicating by X-GitHub-Delivery', async () => {
    const body = '{"ref":"refs/heads/main"}';
    const headers = { 'x-hub-signature-256': `sha256=${hmac(secret, body).digest('hex')}`, 'x-github-delivery': 'd-1' };
    const first = await hook('github/push', body, headers);
    expect(first.status).toBe(202);
    expect(runIdOf(await hook('github/push', body, headers))).toBe(runIdOf(first));
    expect(await status(hook('github/push', body, { 'x-hub-signature-256': `sha256=${hmac('nope', body).digest('hex')}` }))).toBe(401);
    expect(await status(hook('github/push', body, { 'x-hub-signature-256': hmac(secret, body).digest('hex') }))).toBe(401);
  });
});

describe('secret rotation with an overlap', () => {
  let workflowId: string;
  const rotate = (overlapMinutes?: number) =>
    governance.designer.request<{ secret: string; previousValidUntil: string | null }>(
      'POST',
      `/api/v1/tenants/${governance.tenantId}/workflows/${workflowId}/triggers/hook/secret`,
      overlapMinutes === undefined ? undefined : { overlapMinutes },
    );
  const call = (secret: string, id: string) => hook('rotating', `{"n":"${id}"}`, signedHeaders(secret, `{"n":"${id}"}`));

  beforeAll(async () => {
    workflowId = await createActiveWorkflow(governance, 'Rotating hook', hookWorkflow({ path: 'rotating', auth: 'hmac' }));
  });

  it('keeps the previous secret working for the overlap, and only the one before the last rotation', async () => {
    const first = (await rotate()).body.secret;
    const rotated = await rotate(60);
    expect(rotated.status, rotated.text).toBe(200);
    expect(Date.parse(rotated.body.previousValidUntil ?? '') - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(await status(call(rotated.body.secret, 'new'))).toBe(202);
    expect(await status(call(first, 'old-during-overlap'))).toBe(202);
    // A rotation without overlap ends the previous secret at once, and the one before it too.
    const third = await rotate();
    expect(third.body.previousValidUntil).toBeNull();
    expect(await status(call(rotated.body.secret, 'second-after'))).toBe(401);
    expect(await status(call(first, 'first-after'))).toBe(401);
    expect(await status(call(third.body.secret, 'third'))).toBe(202);
  });

  it('stops the previous secret when its overlap has passed', async () => {
    const before = (await rotate()).body.secret;
    await rotate(5);
    expect(await status(call(before, 'in-window'))).toBe(202);
    // Five minutes later (moved in the database: the server reads the time from its clock).
    await server.app.sql.run('UPDATE webhook_triggers SET previous_valid_until = ? WHERE workflow_id = ?', [Date.now() - 1, workflowId]);
    server.app.triggers.standingChanged();
    expect(await status(call(before, 'after-window'))).toBe(401);
  });

  it('records the overlap in the audit log and refuses one longer than seven days', async () => {
    const refused = await rotate(7 * 24 * 60 + 1);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('body.overlapMinutes');
    await rotate(30);
    const audit = await governance.approver.request<{ items: { details: Record<string, unknown> }[] }>('GET', `/api/v1/tenants/${governance.tenantId}/audit?action=webhook.secret.rotate`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((item) => item.details)).toContainEqual({ nodeId: 'hook', overlapMinutes: 30, given: false });
  });
});
