import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../support/accounts.js';
import { activeWorkflow, expectError, expectOk, waitForRun } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface Listed {
  id: string;
  tenantId: string;
  businessKey: string | null;
  searchAttributes: Record<string, string>;
}
interface Page {
  items: Listed[];
  nextCursor: string | null;
}
interface SignalAnswer {
  outcome: 'delivered' | 'started' | 'running';
  resumed: number;
  runId: string | null;
}

/** Keyed by its order number (settings), then tagged with the customer and region by a step. */
const orders = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    {
      id: 'tag',
      type: 'flow.setSearchAttributes',
      config: { attributes: { customer: { var: 'input.customer' }, region: { var: 'input.region' }, total: { var: 'input.total' } } },
    },
  ],
  [['start', 'out', 'tag']],
  { name: 'Orders', settings: { businessKey: { var: 'input.orderNumber' } } },
);

/** Started by a signal: waits for the event its input names, then ends. */
const payments = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'wait', type: 'flow.waitForEvent', config: { correlationKey: { var: 'input.waitFor' } } },
  ],
  [['start', 'out', 'wait']],
  { name: 'Payments' },
);

let server: ServerHarness;
let customer: string;
let operator: ApiClient;
let consultant: ApiClient;
let auditor: ApiClient;
let otherOperator: ApiClient;
let otherCustomer: string;
let ordersId: string;
let paymentsId: string;
const runs = (tenant: string) => `/api/v1/tenants/${tenant}/runs`;

beforeAll(async () => {
  server = await startServerHarness();
  customer = server.tenants.customer;
  consultant = await server.signIn(DEMO.consultant);
  const approver = await server.signIn(DEMO.approver);
  auditor = approver;
  operator = await server.signIn(DEMO.operator);
  ordersId = await activeWorkflow(consultant, approver, customer, 'Orders', orders);
  paymentsId = await activeWorkflow(consultant, approver, customer, 'Payments', payments);
  const other = await server.app.tenants.createCustomer(server.tenants.partner, 'Fabrikam', 'fabrikam-bk');
  otherCustomer = other.id;
  otherOperator = (await createMember(server, other.id, 'operator@fabrikam-bk.example', ['operator'])).client;
  const otherOrders = await activeWorkflow(consultant, approver, other.id, 'Orders', orders);
  const { runId } = expectOk(
    await otherOperator.request<{ runId: string }>('POST', `/api/v1/tenants/${other.id}/workflows/${otherOrders}/runs`, {
      input: { orderNumber: 'SO-1', customer: 'ACME', region: 'EU' },
    }),
    201,
  );
  await waitForRun(otherOperator, other.id, runId, ['succeeded']);
}, 60_000);
afterAll(() => server.close());

async function startOrder(input: Record<string, unknown>): Promise<string> {
  const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${ordersId}/runs`, { input }), 201);
  await waitForRun(operator, customer, runId, ['succeeded']);
  return runId;
}

const ids = async (query: string, tenant = customer, client = operator) => expectOk(await client.request<Page>('GET', `${runs(tenant)}?${query}`)).items.map((run) => run.id);

describe('business keys and search attributes', () => {
  let first: string;
  let second: string;
  let third: string;

  beforeAll(async () => {
    first = await startOrder({ orderNumber: 'SO-1', customer: 'ACME', region: 'EU', total: 120.5 });
    second = await startOrder({ orderNumber: 'SO-1', customer: 'ACME', region: 'US', total: 80 });
    third = await startOrder({ orderNumber: 'SO-2', customer: 'Globex', region: 'EU', total: 5 });
  });

  it('are set from the settings and by the step, and shown in the list and the detail', async () => {
    const page = expectOk(await operator.request<Page>('GET', `${runs(customer)}?businessKey=SO-2`));
    expect(page.items).toEqual([expect.objectContaining({ id: third, businessKey: 'SO-2', searchAttributes: { customer: 'Globex', region: 'EU', total: '5' } })]);
    const detail = expectOk(await operator.request<Listed>('GET', `${runs(customer)}/${first}`));
    expect(detail).toMatchObject({ businessKey: 'SO-1', searchAttributes: { customer: 'ACME', region: 'EU', total: '120.5' } });
  });

  it('search by exact key and attributes, with the other filters and the cursor, in this tenant only', async () => {
    expect(await ids('businessKey=SO-1')).toEqual([second, first]);
    expect(await ids('attr.customer=ACME')).toEqual([second, first]);
    expect(await ids('attr.customer=ACME&attr.region=EU')).toEqual([first]);
    expect(await ids('attr.region=EU')).toEqual([third, first]);
    expect(await ids(`businessKey=SO-1&workflowId=${ordersId}&status=succeeded`)).toEqual([second, first]);
    expect(await ids('attr.total=120.5')).toEqual([first]);
    expect(await ids('businessKey=so-1')).toEqual([]);
    const page = expectOk(await operator.request<Page>('GET', `${runs(customer)}?businessKey=SO-1&limit=1`));
    expect(page.items.map((run) => run.id)).toEqual([second]);
    expect(await ids(`businessKey=SO-1&limit=1&cursor=${page.nextCursor ?? ''}`)).toEqual([first]);
    const counts = expectOk(await operator.request<{ counts: Record<string, number> }>('GET', `${runs(customer)}/status-counts?attr.customer=ACME`));
    expect(counts.counts.succeeded).toBe(2);
    // The other customer has a run with the same key and attributes; neither list shows the other's.
    const theirs = await ids('businessKey=SO-1&attr.customer=ACME', otherCustomer, otherOperator);
    expect(theirs).toHaveLength(1);
    expect([first, second]).not.toContain(theirs[0]);
    expectError(await otherOperator.request('GET', `${runs(customer)}?businessKey=SO-1`), 404);
  });

  it('answer 422 naming the parameter for a search they cannot serve', async () => {
    const detail = async (query: string) => expectError(await operator.request('GET', `${runs(customer)}?${query}`), 422).details[0]?.path;
    expect(await detail(`businessKey=${'k'.repeat(201)}`)).toBe('query.businessKey');
    expect(await detail('businessKey=a&businessKey=b')).toBe('query.businessKey');
    expect(await detail('attr.1st=x')).toBe('query.attr.1st');
    expect(await detail('attr.customer=')).toBe('query.attr.customer');
    expect(await detail('attr.a=1&attr.b=1&attr.c=1&attr.d=1&attr.e=1&attr.f=1')).toBe('query.attr.f');
  });
});

describe('signal-with-start', () => {
  const signal = (body: Record<string, unknown>, client = operator) =>
    client.request<SignalAnswer>('POST', `/api/v1/tenants/${customer}/workflows/${paymentsId}/signal-with-start`, body);

  it('starts a run with the payload as input and the key as business key when none waits, audited as a run start; then delivers to it', async () => {
    const started = expectOk(await signal({ correlationKey: 'order:A-1', payload: { order: 'A-1', waitFor: 'order:A-1' } }));
    expect(started).toMatchObject({ outcome: 'started', resumed: 0 });
    const runId = started.runId ?? '';
    const waiting = await waitForRun(operator, customer, runId, ['waiting']);
    expect(waiting).toMatchObject({ input: { order: 'A-1', waitFor: 'order:A-1' }, businessKey: 'order:A-1', triggerType: 'signal' });
    const audit = expectOk(await auditor.request<{ items: { action: string; targetId: string; details: Record<string, unknown> }[] }>('GET', `/api/v1/tenants/${customer}/audit?action=run.start&targetId=${runId}`));
    expect(audit.items.map((entry) => [entry.action, entry.targetId, entry.details.workflowId, entry.details.correlationKey])).toEqual([['run.start', runId, paymentsId, 'order:A-1']]);

    expect(expectOk(await signal({ correlationKey: 'order:A-1', payload: { paid: true } }))).toEqual({ outcome: 'delivered', resumed: 1, runId: null });
    const finished = await waitForRun(operator, customer, runId, ['succeeded']);
    expect(finished.output).toEqual({ paid: true });
  });

  it('starts one run however many identical signals arrive together', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => signal({ correlationKey: 'order:C-1', payload: { waitFor: 'hold:C-1' } })));
    const bodies = answers.map((answer) => expectOk(answer));
    expect(bodies.filter((body) => body.outcome === 'started')).toHaveLength(1);
    const started = bodies.find((body) => body.outcome === 'started')?.runId;
    expect(bodies.filter((body) => body.outcome === 'running')).toEqual(Array.from({ length: 4 }, () => ({ outcome: 'running', resumed: 0, runId: started })));
    expect(await ids('businessKey=order%3AC-1')).toEqual([started]);
  });

  it('needs run.start and run.manage, an active workflow of the tenant and a key', async () => {
    expectError(await signal({ correlationKey: 'order:D-1', payload: {} }, consultant), 403);
    expectError(await signal({ payload: {} }), 400);
    expect(expectError(await signal({ correlationKey: 'k'.repeat(201) }), 422).details[0]?.path).toBe('body.correlationKey');
    expectError(await operator.request('POST', `/api/v1/tenants/${customer}/workflows/no-such-workflow/signal-with-start`, { correlationKey: 'k' }), 404);
    expectError(await otherOperator.request('POST', `/api/v1/tenants/${otherCustomer}/workflows/${paymentsId}/signal-with-start`, { correlationKey: 'k' }), 404);
  });
});
