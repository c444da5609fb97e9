import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETRY_DELAYS_MS } from '../../../server/contract/event-subscriptions.js';
import { SubscriptionService } from '../../../server/subscriptions/subscription-service.js';
import { SIGNATURE_SCHEMES } from '../../../server/triggers/signature-schemes.js';
import { createWorkflow, expectError, expectOk, startLocalHttpServer, waitForRun, type LocalHttpServer, type ReceivedRequest } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';
import { createActiveWorkflow } from '../../support/workflow-lifecycle.js';

interface Subscription {
  id: string;
  tenantId: string;
  url: string;
  events: string[];
  includeCustomers: boolean;
  enabled: boolean;
  description: string;
}
interface Issued {
  subscription: Subscription;
  secret: string;
}
interface Attempt {
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}
interface Delivery {
  id: string;
  subscriptionId: string;
  tenantId: string;
  eventId: string;
  eventType: string;
  payload: { id: string; type: string; tenantId: string; occurredAt: string; data: Record<string, unknown> };
  state: 'pending' | 'delivered' | 'failed';
  attempts: Attempt[];
  nextAttemptAt: string | null;
}
interface Page {
  items: Delivery[];
  nextCursor: string | null;
}

let server: ServerHarness;
let customer: string;
let partner: string;
let customerOwner: ApiClient;
let partnerOwner: ApiClient;
let consultant: ApiClient;
let operator: ApiClient;
/** The endpoint subscriptions post to: answers with the statuses queued in `answers`, then 200. */
let receiver: LocalHttpServer;
const answers: number[] = [];
/** A loopback server no allow-list names: the egress guard refuses it. */
let unlisted: LocalHttpServer;
/** Another Flowgate, whose webhook trigger receives this one's events. */
let other: ServerHarness;

const subscriptionsPath = (tenantId: string) => `/api/v1/tenants/${tenantId}/event-subscriptions`;

function answer(_request: ReceivedRequest, response: ServerResponse): void {
  const status = answers.shift() ?? 200;
  response.writeHead(status, { 'content-type': 'text/plain' });
  response.end(status >= 400 ? 'the receiver is down for maintenance' : 'thanks');
}

/** Hands the recorded platform events to the consumers, then attempts what is due at `at`. */
async function deliver(at?: number): Promise<number> {
  await server.app.eventDispatcher.pump();
  return server.app.deliverer.deliverDue(at);
}

async function subscribe(by: ApiClient, tenantId: string, body: Record<string, unknown>): Promise<Issued> {
  return expectOk(await by.request<Issued>('POST', subscriptionsPath(tenantId), { url: `${receiver.url}/events`, events: ['version.submitted'], ...body }), 201);
}

async function deliveries(by: ApiClient, tenantId: string, subscriptionId: string, query = ''): Promise<Delivery[]> {
  return expectOk(await by.request<Page>('GET', `${subscriptionsPath(tenantId)}/${subscriptionId}/deliveries${query}`)).items;
}

async function remove(tenantId: string, subscriptionId: string): Promise<void> {
  expectOk(await (tenantId === partner ? partnerOwner : customerOwner).request('DELETE', `${subscriptionsPath(tenantId)}/${subscriptionId}`));
}

/** Submits a new draft version of a fresh workflow of `tenantId`: a real `version.submitted` event. */
async function submitVersion(tenantId: string, name: string): Promise<{ workflowId: string; version: number }> {
  const created = await createWorkflow(consultant, tenantId, name, workflow([{ id: 'start', type: 'trigger.manual' }], [], { name }));
  const { version } = expectOk(await consultant.request<{ version: number }>('POST', `/api/v1/tenants/${tenantId}/workflows/${created.id}/versions`, { note: 'for the subscribers' }), 201);
  return { workflowId: created.id, version };
}

function header(request: ReceivedRequest): (name: string) => string | undefined {
  return (name) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
}

beforeAll(async () => {
  receiver = await startLocalHttpServer(answer);
  unlisted = await startLocalHttpServer(answer);
  other = await startServerHarness();
  server = await startServerHarness({ egressAllow: [new URL(receiver.url).host, new URL(other.url).host], config: { subscriptionsAllowHttp: true } });
  ({ customer, partner } = server.tenants);
  customerOwner = await server.signIn(DEMO.customerOwner);
  partnerOwner = await server.signIn(DEMO.partnerOwner);
  consultant = await server.signIn(DEMO.consultant);
  operator = await server.signIn(DEMO.operator);
  // Events recorded while the demo was seeded are no one's business here.
  await deliver();
});
afterAll(async () => {
  await server.close();
  await other.close();
  await receiver.close();
  await unlisted.close();
});

describe('a signed delivery of a real platform event', () => {
  it('posts a submitted version to the endpoint, signed as the hmac webhook scheme verifies, and lists the delivery', async () => {
    const { subscription, secret } = await subscribe(customerOwner, customer, { events: ['version.submitted', 'run.failed'], description: 'ERP alerts' });
    expect(secret).toMatch(/^whsec_/);
    const before = receiver.requests.length;
    const { workflowId, version } = await submitVersion(customer, 'Signed delivery');
    expect(await deliver()).toBe(1);

    const received = receiver.requests.slice(before);
    expect(received).toHaveLength(1);
    const [request] = received as [ReceivedRequest];
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/events');
    const read = header(request);
    expect(read('content-type')).toBe('application/json');
    expect(read('user-agent')).toBe('Flowgate');
    expect(read('x-flowgate-event')).toBe('version.submitted');
    const verdict = SIGNATURE_SCHEMES.hmac.verify(secret, read, Buffer.from(request.body), Date.now());
    expect(verdict.ok).toBe(true);
    expect(SIGNATURE_SCHEMES.hmac.verify('whsec_another-secret-entirely', read, Buffer.from(request.body), Date.now()).ok).toBe(false);
    const body = JSON.parse(request.body) as Delivery['payload'];
    expect(body).toEqual({ id: expect.stringMatching(/^evt_/) as unknown, type: 'version.submitted', tenantId: customer, occurredAt: expect.any(String) as unknown, data: expect.objectContaining({ workflowId, version }) as unknown });
    expect(new Date(body.occurredAt).toISOString()).toBe(body.occurredAt);

    const [delivery] = await deliveries(customerOwner, customer, subscription.id);
    expect(delivery).toMatchObject({ id: read('x-flowgate-delivery'), eventId: body.id, eventType: 'version.submitted', state: 'delivered', nextAttemptAt: null, payload: body });
    expect(delivery?.attempts).toEqual([{ attempt: 1, at: expect.any(String) as unknown, statusCode: 200, error: null, durationMs: expect.any(Number) as unknown }]);

    // The event made its deliveries once: handing the log out again sends nothing more.
    expect(await deliver()).toBe(0);
    expect(receiver.requests.length - before).toBe(1);
    await remove(customer, subscription.id);
  });

  it('never shows the secret again: not in the list, the subscription, its deliveries, the audit log or the server log', async () => {
    const { subscription, secret } = await subscribe(customerOwner, customer, { description: 'Secret keeper' });
    expectOk(await customerOwner.request('POST', `${subscriptionsPath(customer)}/${subscription.id}/ping`, {}), 202);
    await deliver();
    for (const path of ['', `/${subscription.id}`, `/${subscription.id}/deliveries`]) {
      const response = await customerOwner.request('GET', `${subscriptionsPath(customer)}${path}`);
      expect(response.status).toBe(200);
      expect(response.text).not.toContain(secret);
      expect(response.text).not.toContain('secret"');
    }
    const audit = await customerOwner.request('GET', `/api/v1/tenants/${customer}/audit?action=event-subscription.create&targetId=${subscription.id}`);
    expect(audit.text).toContain('event-subscription.create');
    expect(audit.text).not.toContain(secret);
    const signature = receiver.requests.at(-1)?.headers['x-flowgate-signature'];
    expect(signature).toMatch(/^sha256=/);
    expect(server.logs.join('\n')).not.toContain(secret);
    expect(server.logs.join('\n')).not.toContain(String(signature));

    // Rotation answers a new secret once; the next delivery is signed with it.
    const rotated = expectOk(await customerOwner.request<Issued>('POST', `${subscriptionsPath(customer)}/${subscription.id}/rotate-secret`));
    expect(rotated.secret).not.toBe(secret);
    expectOk(await customerOwner.request('POST', `${subscriptionsPath(customer)}/${subscription.id}/ping`, {}), 202);
    await deliver();
    const last = receiver.requests.at(-1) as ReceivedRequest;
    expect(JSON.parse(last.body)).toMatchObject({ type: 'ping', data: { subscriptionId: subscription.id } });
    expect(SIGNATURE_SCHEMES.hmac.verify(rotated.secret, header(last), Buffer.from(last.body), Date.now()).ok).toBe(true);
    expect(SIGNATURE_SCHEMES.hmac.verify(secret, header(last), Buffer.from(last.body), Date.now()).ok).toBe(false);
    await remove(customer, subscription.id);
  });
});

describe('retries', () => {
  it('records a 500 and retries after 30 seconds (the injected clock), then delivers', async () => {
    const { subscription } = await subscribe(customerOwner, customer, {});
    answers.push(500);
    const ping = expectOk(await customerOwner.request<Delivery>('POST', `${subscriptionsPath(customer)}/${subscription.id}/ping`, {}), 202);
    expect(ping.state).toBe('pending');
    const start = Date.now();
    expect(await deliver(start)).toBe(1);
    let [delivery] = await deliveries(customerOwner, customer, subscription.id);
    expect(delivery?.state).toBe('pending');
    expect(delivery?.attempts).toMatchObject([{ attempt: 1, statusCode: 500, error: 'the endpoint answered 500: the receiver is down for maintenance' }]);
    expect(delivery?.nextAttemptAt).toBe(new Date(start + 30_000).toISOString());

    expect(await deliver(start + 29_999)).toBe(0);
    expect(await deliver(start + 30_000)).toBe(1);
    [delivery] = await deliveries(customerOwner, customer, subscription.id);
    expect(delivery?.state).toBe('delivered');
    expect(delivery?.attempts.map((attempt) => [attempt.attempt, attempt.statusCode, attempt.error])).toEqual([
      [1, 500, 'the endpoint answered 500: the receiver is down for maintenance'],
      [2, 200, null],
    ]);
    expect(delivery?.attempts[1]?.at).toBe(new Date(start + 30_000).toISOString());
    await remove(customer, subscription.id);
  });

  it('backs off 30 s, 2 min, 10 min, 1 h and 6 h, and gives up after the sixth failure', async () => {
    const { subscription } = await subscribe(customerOwner, customer, {});
    answers.push(503, 503, 503, 503, 503, 503);
    expectOk(await customerOwner.request('POST', `${subscriptionsPath(customer)}/${subscription.id}/ping`, {}), 202);
    let at = Date.now();
    for (const delay of RETRY_DELAYS_MS) {
      expect(await deliver(at)).toBe(1);
      const [delivery] = await deliveries(customerOwner, customer, subscription.id);
      expect(delivery?.state).toBe('pending');
      expect(delivery?.nextAttemptAt).toBe(new Date(at + delay).toISOString());
      at += delay;
    }
    expect(await deliver(at)).toBe(1);
    const [failed] = await deliveries(customerOwner, customer, subscription.id, '?state=failed');
    expect(failed?.state).toBe('failed');
    expect(failed?.nextAttemptAt).toBeNull();
    expect(failed?.attempts.map((attempt) => attempt.statusCode)).toEqual([503, 503, 503, 503, 503, 503]);
    expect(await deliver(at + 365 * 24 * 3_600_000)).toBe(0);
    expect(await deliveries(customerOwner, customer, subscription.id, '?state=pending')).toEqual([]);

    // A re-send is a new delivery of the same event (same body), due at once.
    const resent = expectOk(await customerOwner.request<Delivery>('POST', `${subscriptionsPath(customer)}/${subscription.id}/deliveries/${failed?.id}/resend`), 202);
    expect(resent.id).not.toBe(failed?.id);
    expect(resent).toMatchObject({ eventId: failed?.eventId, state: 'pending', payload: failed?.payload, attempts: [] });
    expect(await deliver()).toBe(1);
    const last = receiver.requests.at(-1) as ReceivedRequest;
    expect(last.headers['x-flowgate-delivery']).toBe(resent.id);
    expect(JSON.parse(last.body)).toEqual(failed?.payload);
    const all = await deliveries(customerOwner, customer, subscription.id);
    expect(all.map((delivery) => [delivery.id, delivery.state])).toEqual([
      [resent.id, 'delivered'],
      [failed?.id, 'failed'],
    ]);
    const audit = expectOk(await customerOwner.request<{ items: { targetId: string; details: Record<string, unknown> }[] }>('GET', `/api/v1/tenants/${customer}/audit?action=event-subscription.resend`));
    expect(audit.items.map((entry) => [entry.targetId, entry.details.deliveryId])).toEqual([[subscription.id, resent.id]]);
    await remove(customer, subscription.id);
  });

  it('pages deliveries newest first with a cursor', async () => {
    const { subscription } = await subscribe(customerOwner, customer, {});
    for (let index = 0; index < 3; index++) expectOk(await customerOwner.request('POST', `${subscriptionsPath(customer)}/${subscription.id}/ping`, {}), 202);
    await deliver();
    const all = await deliveries(customerOwner, customer, subscription.id);
    const first = expectOk(await customerOwner.request<Page>('GET', `${subscriptionsPath(customer)}/${subscription.id}/deliveries?limit=2`));
    expect(first.items.map((delivery) => delivery.id)).toEqual(all.slice(0, 2).map((delivery) => delivery.id));
    const second = expectOk(await customerOwner.request<Page>('GET', `${subscriptionsPath(customer)}/${subscription.id}/deliveries?limit=2&cursor=${first.nextCursor}`));
    expect(second.items.map((delivery) => delivery.id)).toEqual(all.slice(2).map((delivery) => delivery.id));
    expectError(await customerOwner.request('GET', `${subscriptionsPath(customer)}/${subscription.id}/deliveries?state=lost`), 400);
    await remove(customer, subscription.id);
  });
});

describe('the egress guard', () => {
  it('records a refused address as the reason of the attempt, and nothing reaches it', async () => {
    const { subscription } = await subscribe(customerOwner, customer, { url: `${unlisted.url}/hook` });
    expectOk(await customerOwner.request('POST', `${subscriptionsPath(customer)}/${subscription.id}/ping`, {}), 202);
    await deliver();
    expect(unlisted.requests).toEqual([]);
    const [refused] = await deliveries(customerOwner, customer, subscription.id);
    expect(refused?.state).toBe('pending');
    expect(refused?.attempts).toHaveLength(1);
    expect(refused?.attempts[0]?.statusCode).toBeNull();
    expect(refused?.attempts[0]?.error).toContain(`the connection to ${new URL(unlisted.url).host} was blocked: 127.0.0.1 is a loopback address`);
    await remove(customer, subscription.id);
  });
});

describe("a partner's subscriptions and its customers' events", () => {
  it("a partner's subscription with includeCustomers receives its customers' events; a customer never another's", async () => {
    const fabrikam = expectOk(await partnerOwner.request<{ id: string }>('POST', `/api/v1/tenants/${partner}/customers`, { name: 'Fabrikam Subscribers', slug: 'fabrikam-subs' }), 201).id;
    const everything = await subscribe(partnerOwner, partner, { includeCustomers: true, description: 'All our customers' });
    const ownOnly = await subscribe(partnerOwner, partner, { description: 'Our own workspace' });
    const contoso = await subscribe(customerOwner, customer, { description: 'Contoso only' });
    const disabled = await subscribe(customerOwner, customer, { enabled: false, description: 'Switched off' });

    const submitted = await submitVersion(fabrikam, 'Fabrikam order sync');
    await deliver();
    const partnerDeliveries = await deliveries(partnerOwner, partner, everything.subscription.id);
    expect(partnerDeliveries).toHaveLength(1);
    expect(partnerDeliveries[0]).toMatchObject({ tenantId: fabrikam, state: 'delivered', payload: { tenantId: fabrikam, data: { workflowId: submitted.workflowId } } });
    expect(await deliveries(partnerOwner, partner, ownOnly.subscription.id)).toEqual([]);
    expect(await deliveries(customerOwner, customer, contoso.subscription.id)).toEqual([]);
    expect(await deliveries(customerOwner, customer, disabled.subscription.id)).toEqual([]);

    await submitVersion(customer, 'Contoso order sync');
    await deliver();
    expect(await deliveries(partnerOwner, partner, everything.subscription.id)).toHaveLength(2);
    expect(await deliveries(customerOwner, customer, contoso.subscription.id)).toHaveLength(1);
    expect(await deliveries(partnerOwner, partner, ownOnly.subscription.id)).toEqual([]);

    // A customer's subscription is another workspace's object for the other customer.
    expectError(await partnerOwner.request('GET', `${subscriptionsPath(fabrikam)}/${contoso.subscription.id}`), 404);
    expectError(await partnerOwner.request('GET', `${subscriptionsPath(fabrikam)}/${contoso.subscription.id}/deliveries`), 404);
    for (const issued of [everything, ownOnly]) await remove(partner, issued.subscription.id);
    for (const issued of [contoso, disabled]) await remove(customer, issued.subscription.id);
  });
});

describe('one Flowgate receiving another Flowgate’s events', () => {
  it('a webhook trigger with auth hmac, given the subscription secret, verifies the delivery and starts a run with the event', async () => {
    const [designer, signOff, owner] = await Promise.all([other.signIn(DEMO.consultant), other.signIn(DEMO.approver), other.signIn(DEMO.customerOwner)]);
    const otherCustomer = other.tenants.customer;
    const hookWorkflow = workflow(
      [
        { id: 'hook', type: 'trigger.webhook', config: { path: 'flowgate-events', auth: 'hmac', respond: 'immediately' } },
        { id: 'keep', type: 'data.transform', config: { fields: { type: { var: 'input.type' }, eventId: { var: 'input.id' } } } },
      ],
      [['hook', 'out', 'keep']],
      { name: 'Events from the other Flowgate' },
    );
    const receiving = await createActiveWorkflow({ tenantId: otherCustomer, designer, approver: signOff }, 'Events from the other Flowgate', hookWorkflow);
    const { subscription, secret } = await subscribe(customerOwner, customer, { url: `${other.url}/hooks/contoso/flowgate-events`, events: ['exception.raised'] });
    expectOk(await designer.request('POST', `/api/v1/tenants/${otherCustomer}/workflows/${receiving}/triggers/hook/secret`, { secret }));

    const reported = expectOk(await operator.request<{ id: string }>('POST', `/api/v1/tenants/${customer}/exceptions`, { category: 'out-of-stock', title: 'Pallet short by 4' }), 201);
    await deliver();
    const [delivery] = await deliveries(customerOwner, customer, subscription.id);
    expect(delivery?.attempts.map((attempt) => [attempt.statusCode, attempt.error])).toEqual([[202, null]]);
    expect(delivery?.payload.data).toMatchObject({ exceptionId: reported.id });

    const runs = expectOk(await owner.request<{ items: { id: string }[] }>('GET', `/api/v1/tenants/${otherCustomer}/runs?workflowId=${receiving}`));
    expect(runs.items).toHaveLength(1);
    const run = await waitForRun(owner, otherCustomer, runs.items[0]?.id ?? '');
    expect(run.status).toBe('succeeded');
    await remove(customer, subscription.id);
  });
});

describe('validation', () => {
  const create = (by: ApiClient, tenantId: string, body: Record<string, unknown>) => by.request('POST', subscriptionsPath(tenantId), body);

  it('names what is wrong and where', async () => {
    const url = `${receiver.url}/events`;
    expect(expectError(await create(customerOwner, customer, { url: 'ftp://files.example.com/in', events: ['run.failed'] }), 422).details).toEqual([
      { path: 'body.url', message: 'use https:// (or http://), got ftp://' },
    ]);
    const unknownType = expectError(await create(customerOwner, customer, { url, events: ['run.exploded'] }), 400);
    expect(JSON.stringify(unknownType.details)).toContain('run.exploded');
    expect(unknownType.details?.[0]?.path).toBe('body.events.0');
    expectError(await create(customerOwner, customer, { url, events: [] }), 400);
    expectError(await create(customerOwner, customer, { url: 'not a url', events: ['run.failed'] }), 400);
    expectError(await create(customerOwner, customer, { url, events: ['run.failed', 'run.failed'] }), 400);
    expectError(await create(customerOwner, customer, { url, events: ['run.failed'], secret: 'my-own' }), 400);
    expect(expectError(await create(customerOwner, customer, { url, events: ['run.failed'], includeCustomers: true }), 422).details).toEqual([
      { path: 'body.includeCustomers', message: 'not available in a customer workspace' },
    ]);
    expect(expectError(await create(customerOwner, customer, { url: 'https://user:pass@hooks.example.com/in', events: ['run.failed'] }), 422).details?.[0]?.path).toBe('body.url');
    const issued = await subscribe(customerOwner, customer, {});
    expectError(await customerOwner.request('PATCH', `${subscriptionsPath(customer)}/${issued.subscription.id}`, {}), 400);
    const changed = expectOk(await customerOwner.request<Subscription>('PATCH', `${subscriptionsPath(customer)}/${issued.subscription.id}`, { enabled: false, events: ['task.overdue'] }));
    expect(changed).toMatchObject({ enabled: false, events: ['task.overdue'] });
    expectError(await customerOwner.request('POST', `${subscriptionsPath(customer)}/${issued.subscription.id}/ping`, {}), 409);
    expectError(await customerOwner.request('GET', `${subscriptionsPath(customer)}/sub_missing`), 404);
    await remove(customer, issued.subscription.id);
  });

  it('accepts only https:// unless the operator allows http://', async () => {
    const strict = new SubscriptionService(server.app.sql, server.app.keyRing, false);
    const fields = { url: 'http://hooks.example.com/in', events: ['run.failed'] as const, description: '', enabled: true, includeCustomers: false };
    expect(() => strict.create(customer, 'customer', 'someone', fields)).toThrow('a subscription URL must start with https://');
    const created = await strict.create(customer, 'customer', 'someone', { ...fields, url: 'https://hooks.example.com/in' });
    expect(created.subscription.url).toBe('https://hooks.example.com/in');
    await strict.delete(customer, created.subscription.id);
  });

  it('keeps a workspace to 20 subscriptions', async () => {
    const made: string[] = [];
    const existing = expectOk(await customerOwner.request<Subscription[]>('GET', subscriptionsPath(customer))).length;
    for (let index = existing; index < 20; index++) made.push((await subscribe(customerOwner, customer, { description: `Endpoint ${index}` })).subscription.id);
    const refused = expectError(await create(customerOwner, customer, { url: `${receiver.url}/events`, events: ['run.failed'] }), 422);
    expect(refused.message).toContain('at most 20');
    for (const id of made) await remove(customer, id);
  });
});

describe('roles', () => {
  it('owners manage subscriptions, designers see them, operators neither', async () => {
    const issued = await subscribe(customerOwner, customer, {});
    const path = `${subscriptionsPath(customer)}/${issued.subscription.id}`;
    // The consultant is a designer of the partner, acting in its customer's workspace.
    expectOk(await consultant.request('GET', subscriptionsPath(customer)));
    expectOk(await consultant.request('GET', `${path}/deliveries`));
    expect(expectError(await consultant.request('POST', `${path}/ping`, {}), 403).message).toContain('add, change or remove event subscriptions');
    expectError(await consultant.request('DELETE', path), 403);
    expectError(await operator.request('GET', subscriptionsPath(customer)), 403);
    // A partner's owner manages its customers' subscriptions (delegated administration).
    expectOk(await partnerOwner.request('PATCH', path, { description: 'Renamed by the partner' }));
    await remove(customer, issued.subscription.id);
  });
});

describe('keeping deliveries', () => {
  it('deletes settled deliveries past their keep, never pending ones', async () => {
    const { subscription } = await subscribe(customerOwner, customer, {});
    expectOk(await customerOwner.request('POST', `${subscriptionsPath(customer)}/${subscription.id}/ping`, {}), 202);
    await deliver();
    answers.push(500);
    const pending = expectOk(await customerOwner.request<Delivery>('POST', `${subscriptionsPath(customer)}/${subscription.id}/ping`, {}), 202);
    await deliver();
    expect(await server.app.deliveries.prune(Date.now() + 60_000)).toBeGreaterThanOrEqual(1);
    expect((await deliveries(customerOwner, customer, subscription.id)).map((delivery) => [delivery.id, delivery.state])).toEqual([[pending.id, 'pending']]);
    await remove(customer, subscription.id);
  });
});
