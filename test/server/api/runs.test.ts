import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteAndAccept } from '../../support/accounts.js';
import {
  activeWorkflow,
  createWorkflow,
  expectError,
  expectOk,
  saveDraft,
  sendJson,
  startLocalHttpServer,
  waitForRun,
  type LocalHttpServer,
  type RunDetail,
} from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface RunPage {
  items: RunDetail[];
  nextCursor: string | null;
}

const simple = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'shape', type: 'data.transform', config: { fields: { n: { var: 'input.n' }, source: 'active' } } },
  ],
  [['start', 'out', 'shape']],
  { name: 'Simple' },
);
const waiter = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'wait', type: 'flow.waitForEvent', config: { correlationKey: { cat: ['order:', { var: 'input.id' }] } } },
    { id: 'done', type: 'data.transform', config: { fields: { paid: { var: 'nodes.wait.paid' } } } },
  ],
  [
    ['start', 'out', 'wait'],
    ['wait', 'received', 'done'],
  ],
  { name: 'Waiter' },
);

let server: ServerHarness;
let api: LocalHttpServer;
let failuresLeft = 1;
let consultant: ApiClient;
let approver: ApiClient;
let operator: ApiClient;
let customer: string;
let simpleId: string;
let waiterId: string;

beforeAll(async () => {
  api = await startLocalHttpServer((request, response) => {
    if (request.url.startsWith('/flaky') && failuresLeft > 0) {
      failuresLeft--;
      sendJson(response, 500, { error: 'temporarily broken' });
      return;
    }
    sendJson(response, 200, { ok: true, url: request.url });
  });
  // The local API stands in for an outside one: the deployment's allow-list opens its port.
  server = await startServerHarness({ egressAllow: [new URL(api.url).host] });
  customer = server.tenants.customer;
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  operator = await server.signIn(DEMO.operator);
  simpleId = await activeWorkflow(consultant, approver, customer, 'Simple', simple);
  waiterId = await activeWorkflow(consultant, approver, customer, 'Waiter', waiter);
});
afterAll(async () => {
  await server.close();
  await api.close();
});

const runsOf = (workflowId: string) => `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`;
const run = (runId: string) => `/api/v1/tenants/${customer}/runs/${runId}`;

describe('starting runs', () => {
  it('starts a run of the active version and shows its step trace', async () => {
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', runsOf(simpleId), { input: { n: 7 } }), 201);
    const detail = await waitForRun(operator, customer, runId, ['succeeded', 'failed']);
    expect(detail).toMatchObject({ id: runId, workflowId: simpleId, workflowVersion: 1, status: 'succeeded', input: { n: 7 }, initiatedBy: operator.userId, error: null });
    expect(detail.steps).toEqual([
      expect.objectContaining({ nodeId: 'start', status: 'succeeded', attempt: 1, ports: ['out'], output: { n: 7 } }),
      expect.objectContaining({ nodeId: 'shape', status: 'succeeded', attempt: 1, ports: ['out'], input: { n: 7 }, output: { n: 7, source: 'active' } }),
    ]);
    expect(JSON.stringify(detail.output)).toContain('"source":"active"');
  });

  it('answers 422 for a workflow without an active version and 403 for a viewer role', async () => {
    const draftOnly = await createWorkflow(consultant, customer, 'Never activated', simple);
    const error = expectError(await operator.request('POST', runsOf(draftOnly.id), { input: {} }), 422, 'UNPROCESSABLE');
    expect(error.message).toContain('no active version');
    expectError(await operator.request('POST', runsOf('no-such-workflow'), { input: {} }), 404, 'NOT_FOUND');
    const partnerOwner = await server.signIn(DEMO.partnerOwner);
    const { client: viewer } = await inviteAndAccept(server, partnerOwner, customer, 'viewer@contoso.example', ['viewer']);
    expect(expectError(await viewer.request('POST', runsOf(simpleId), { input: {} }), 403, 'FORBIDDEN').message).toBe('your role in this tenant (viewer) does not allow you to start runs');
  });

  it('test-runs the draft, not the active version', async () => {
    const draft = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'shape', type: 'data.transform', config: { fields: { source: 'draft' } } },
      ],
      [['start', 'out', 'shape']],
      { name: 'Simple' },
    );
    await saveDraft(consultant, customer, simpleId, draft);
    const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${simpleId}/test-runs`, { input: { n: 1 } }), 201);
    const detail = await waitForRun(consultant, customer, runId, ['succeeded', 'failed']);
    expect(detail).toMatchObject({ status: 'succeeded', workflowId: simpleId, workflowVersion: null, initiatedBy: consultant.userId });
    expect(JSON.stringify(detail.output)).toContain('"source":"draft"');
    // Operators run what is approved; trying out drafts is for designers.
    expect(expectError(await operator.request('POST', `/api/v1/tenants/${customer}/workflows/${simpleId}/test-runs`, { input: {} }), 403, 'FORBIDDEN').message).toBe(
      'your role in this tenant (operator) does not allow you to test-run workflows',
    );
  });

  it('refuses a test run of an invalid draft with 422 and the problems', async () => {
    const broken = await createWorkflow(consultant, customer, 'Broken', { ...simple, edges: [{ id: 'e1', source: 'start', sourcePort: 'nope', target: 'shape', targetPort: 'in' }] });
    const error = expectError(await consultant.request('POST', `/api/v1/tenants/${customer}/workflows/${broken.id}/test-runs`, { input: {} }), 422, 'WORKFLOW_INVALID');
    expect(error.details.length).toBeGreaterThan(0);
    expect(error.details[0]?.path).toMatch(/^edges\[0\]/);
  });
});

describe('listing runs', () => {
  it('filters by workflow and status and pages with a cursor, without duplicates', async () => {
    const started: string[] = [];
    for (let index = 0; index < 7; index++) {
      const { runId } = expectOk(await operator.request<{ runId: string }>('POST', runsOf(simpleId), { input: { n: index } }), 201);
      started.push(runId);
    }
    for (const runId of started) await waitForRun(operator, customer, runId, ['succeeded']);
    const all = expectOk(await operator.request<RunPage>('GET', `/api/v1/tenants/${customer}/runs?workflowId=${simpleId}&limit=200`));
    expect(all.nextCursor).toBeNull();
    expect(all.items.every((item) => item.workflowId === simpleId)).toBe(true);
    expect(all.items.length).toBeGreaterThanOrEqual(9);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `workflowId=${simpleId}&limit=4${cursor === null ? '' : `&cursor=${cursor}`}`;
      const page: RunPage = expectOk(await operator.request<RunPage>('GET', `/api/v1/tenants/${customer}/runs?${query}`));
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(cursor).toBeNull();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all.items.map((item) => item.id));
    for (const runId of started) expect(seen).toContain(runId);

    const succeeded = expectOk(await operator.request<RunPage>('GET', `/api/v1/tenants/${customer}/runs?status=succeeded&limit=200`));
    expect(succeeded.items.length).toBe(all.items.length);
    expect(expectOk(await operator.request<RunPage>('GET', `/api/v1/tenants/${customer}/runs?status=failed`)).items).toEqual([]);
    expect(expectOk(await operator.request<RunPage>('GET', `/api/v1/tenants/${customer}/runs?workflowId=${waiterId}`)).items).toEqual([]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(expectOk(await operator.request<RunPage>('GET', `/api/v1/tenants/${customer}/runs?from=${future}`)).items).toEqual([]);
    expect(expectOk(await operator.request<RunPage>('GET', `/api/v1/tenants/${customer}/runs?to=${future}&limit=200`)).items.length).toBeGreaterThanOrEqual(all.items.length);
  });

  it('refuses a cursor it did not give out and a bad status with 400', async () => {
    expect(expectError(await operator.request('GET', `/api/v1/tenants/${customer}/runs?cursor=bogus`), 400).details).toEqual([{ path: 'query.cursor', message: 'invalid cursor' }]);
    expectError(await operator.request('GET', `/api/v1/tenants/${customer}/runs?status=done`), 400, 'INVALID_REQUEST');
    expectError(await operator.request('GET', `/api/v1/tenants/${customer}/runs?limit=0`), 400, 'INVALID_REQUEST');
  });
});

describe('waiting runs, signals and cancelling', () => {
  it('resumes a run waiting for an event when a signal with its key arrives', async () => {
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', runsOf(waiterId), { input: { id: 'A-1' } }), 201);
    expect((await waitForRun(operator, customer, runId)).status).toBe('waiting');
    expect(expectOk(await operator.request('POST', `/api/v1/tenants/${customer}/signals`, { correlationKey: 'order:B-2', payload: { paid: false } }))).toEqual({ resumed: 0 });
    expect((await waitForRun(operator, customer, runId)).status).toBe('waiting');
    expect(expectOk(await operator.request('POST', `/api/v1/tenants/${customer}/signals`, { correlationKey: 'order:A-1', payload: { paid: true } }))).toEqual({ resumed: 1 });
    const detail = await waitForRun(operator, customer, runId, ['succeeded', 'failed']);
    expect(detail.status).toBe('succeeded');
    expect(detail.steps.find((step) => step.nodeId === 'wait')).toMatchObject({ status: 'succeeded', ports: ['received'], output: { paid: true } });
    expect(JSON.stringify(detail.output)).toContain('"paid":true');
    expectError(await operator.request('POST', `/api/v1/tenants/${customer}/signals`, { payload: {} }), 400, 'INVALID_REQUEST');
  });

  it('signals reach only runs of the same tenant', async () => {
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', runsOf(waiterId), { input: { id: 'T-1' } }), 201);
    await waitForRun(operator, customer, runId);
    const partnerId = await activeWorkflow(consultant, approver, server.tenants.partner, 'Partner waiter', waiter);
    const { runId: partnerRun } = expectOk(
      await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${server.tenants.partner}/workflows/${partnerId}/runs`, { input: { id: 'T-1' } }),
      201,
    );
    await waitForRun(consultant, server.tenants.partner, partnerRun);
    expect(expectOk(await operator.request('POST', `/api/v1/tenants/${customer}/signals`, { correlationKey: 'order:T-1', payload: { paid: true } }))).toEqual({ resumed: 1 });
    expect((await waitForRun(operator, customer, runId, ['succeeded'])).status).toBe('succeeded');
    expect((await waitForRun(consultant, server.tenants.partner, partnerRun)).status).toBe('waiting');
  });

  it('cancels a waiting run; a cancelled run cannot be cancelled again or resumed', async () => {
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', runsOf(waiterId), { input: { id: 'C-3' } }), 201);
    await waitForRun(operator, customer, runId);
    const cancelled = expectOk(await operator.request<RunDetail>('POST', `${run(runId)}/cancel`));
    expect(cancelled).toMatchObject({ id: runId, status: 'cancelled' });
    expect((await waitForRun(operator, customer, runId)).status).toBe('cancelled');
    expect(expectError(await operator.request('POST', `${run(runId)}/cancel`), 422, 'RUN_REQUEST').message).toContain('already finished (cancelled)');
    expect(expectOk(await operator.request('POST', `/api/v1/tenants/${customer}/signals`, { correlationKey: 'order:C-3', payload: {} }))).toEqual({ resumed: 0 });
    expect(expectOk(await operator.request<RunPage>('GET', `/api/v1/tenants/${customer}/runs?status=cancelled`)).items.map((item) => item.id)).toEqual([runId]);
  });
});

describe('retrying a failed run', () => {
  it('runs again from the failed step, without repeating the steps that succeeded', async () => {
    const flaky = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'before', type: 'data.transform', config: { fields: { prepared: true } } },
        { id: 'call', type: 'connector.http', config: { method: 'GET', url: `${api.url}/flaky` }, retry: { maxAttempts: 1 } },
      ],
      [
        ['start', 'out', 'before'],
        ['before', 'out', 'call'],
      ],
      { name: 'Flaky' },
    );
    const flakyId = await activeWorkflow(consultant, approver, customer, 'Flaky', flaky);
    failuresLeft = 1;
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', runsOf(flakyId), { input: {} }), 201);
    const failed = await waitForRun(operator, customer, runId, ['failed', 'succeeded']);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'HTTP_STATUS', nodeId: 'call' });
    expect(failed.steps.find((step) => step.nodeId === 'call')).toMatchObject({ status: 'failed', attempt: 1 });
    expect(expectOk(await operator.request<RunPage>('GET', `/api/v1/tenants/${customer}/runs?status=failed`)).items.map((item) => item.id)).toEqual([runId]);
    const beforeStep = failed.steps.find((step) => step.nodeId === 'before');

    const retried = expectOk(await operator.request<RunDetail>('POST', `${run(runId)}/retry`));
    expect(retried.id).toBe(runId);
    expect(['running', 'succeeded']).toContain(retried.status);
    const done = await waitForRun(operator, customer, runId, ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    expect(done.error).toBeNull();
    expect(done.steps.find((step) => step.nodeId === 'call')).toMatchObject({ status: 'succeeded', attempt: 2, output: { status: 200, body: { ok: true, url: '/flaky' } } });
    expect(done.steps.find((step) => step.nodeId === 'before')).toEqual(beforeStep);
    expect(api.requests.filter((request) => request.url === '/flaky')).toHaveLength(2);

    const again = expectError(await operator.request('POST', `${run(runId)}/retry`), 422, 'RUN_REQUEST');
    expect(again.message).toContain('only failed runs can be retried');
    expect(server.logs.join('\n')).not.toContain('request failed');
  });
});

describe('runs of other tenants', () => {
  it('answer 404, whatever the route', async () => {
    const partner = server.tenants.partner;
    const partnerWorkflow = await createWorkflow(consultant, partner, 'Partner only', simple);
    const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${partner}/workflows/${partnerWorkflow.id}/test-runs`, { input: {} }), 201);
    await waitForRun(consultant, partner, runId, ['succeeded']);
    const unknown = expectError(await consultant.request('GET', run('no-such-run')), 404, 'NOT_FOUND');
    const foreign = expectError(await consultant.request('GET', run(runId)), 404, 'NOT_FOUND');
    expect(foreign.message).toBe(unknown.message);
    expectError(await operator.request('POST', `${run(runId)}/cancel`), 404, 'NOT_FOUND');
    expectError(await operator.request('POST', `${run(runId)}/retry`), 404, 'NOT_FOUND');
    expectError(await operator.request('GET', `/api/v1/tenants/${partner}/runs/${runId}`), 404, 'NOT_FOUND');
    const list = expectOk(await consultant.request<RunPage>('GET', `/api/v1/tenants/${customer}/runs?limit=200`));
    expect(list.items.some((item) => item.id === runId)).toBe(false);
  });
});

describe('the runs list for the Runs section', () => {
  interface ListedRun {
    id: string;
    tenantId: string;
    status: string;
    triggerType: string | null;
    createdAt: string;
  }
  const list = (client: ApiClient, tenantId: string, query: string) => client.request<{ items: ListedRun[]; nextCursor: string | null }>('GET', `/api/v1/tenants/${tenantId}/runs?${query}`);

  it('filters by version and trigger kind, and counts per status for the same filters', async () => {
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', runsOf(simpleId), { input: { n: 1 } }), 201);
    await waitForRun(operator, customer, runId, ['succeeded']);
    const { runId: testRunId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${simpleId}/test-runs`, { input: { n: 2 } }), 201);
    await waitForRun(consultant, customer, testRunId, ['succeeded']);

    const manual = expectOk(await list(operator, customer, `workflowId=${simpleId}&trigger=manual&limit=200`)).items;
    expect(manual.map((item) => item.id)).toContain(runId);
    expect(manual.every((item) => item.triggerType === 'manual' && item.tenantId === customer)).toBe(true);
    const tests = expectOk(await list(operator, customer, `workflowId=${simpleId}&trigger=test&limit=200`)).items;
    expect(tests.map((item) => item.id)).toContain(testRunId);
    expect(tests.every((item) => item.triggerType === 'test')).toBe(true);
    expect(manual.some((item) => item.id === testRunId)).toBe(false);
    expect(expectOk(await list(operator, customer, `workflowId=${simpleId}&version=1&limit=200`)).items.map((item) => item.id)).toContain(runId);
    expect(expectOk(await list(operator, customer, `workflowId=${simpleId}&version=2`)).items).toEqual([]);

    const counts = expectOk(await operator.request<{ counts: Record<string, number>; cap: number }>('GET', `/api/v1/tenants/${customer}/runs/status-counts?workflowId=${simpleId}`));
    const all = expectOk(await list(operator, customer, `workflowId=${simpleId}&limit=200`)).items;
    expect(counts.cap).toBe(10_000);
    expect(counts.counts.succeeded).toBe(all.filter((item) => item.status === 'succeeded').length);
    expect(Object.values(counts.counts).reduce((sum, count) => sum + count, 0)).toBe(all.length);
    expectError(await operator.request('GET', `/api/v1/tenants/${customer}/runs?trigger=carrier-pigeon`), 400, 'INVALID_REQUEST');
  });

  it("lists a partner's runs across its customers, or one customer's, and never across to a customer user", async () => {
    const partner = server.tenants.partner;
    const partnerOwner = await server.signIn(DEMO.partnerOwner);
    const customerOwner = await server.signIn(DEMO.customerOwner);
    const everywhere = expectOk(await list(partnerOwner, partner, 'scope=customers&limit=200')).items;
    const tenants = new Set(everywhere.map((item) => item.tenantId));
    expect(tenants.has(customer)).toBe(true);
    const created = everywhere.map((item) => Date.parse(item.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const oneCustomer = expectOk(await list(partnerOwner, partner, `customerId=${customer}&limit=200`)).items;
    expect(oneCustomer.length).toBeGreaterThan(0);
    expect(oneCustomer.every((item) => item.tenantId === customer)).toBe(true);
    // Paging across customers returns every run once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ListedRun[]; nextCursor: string | null } = expectOk(await list(partnerOwner, partner, `scope=customers&limit=3${cursor === null ? '' : `&cursor=${cursor}`}`));
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(everywhere.map((item) => item.id));
    const counts = expectOk(await partnerOwner.request<{ counts: Record<string, number> }>('GET', `/api/v1/tenants/${partner}/runs/status-counts?scope=customers`));
    expect(Object.values(counts.counts).reduce((sum, count) => sum + count, 0)).toBe(everywhere.length);

    // A customer is no partner; another partner's customer is none of this one's; a customer user reaches no partner.
    expectError(await list(customerOwner, customer, 'scope=customers'), 422, 'UNPROCESSABLE');
    const globex = (await server.app.tenants.bySlug('globex'))?.id ?? 'globex';
    expectError(await list(partnerOwner, partner, `customerId=${globex}`), 404, 'NOT_FOUND');
    expectError(await list(customerOwner, partner, 'scope=customers'), 404, 'NOT_FOUND');
  });

  it('serves the definition a run executed, and only in its own tenant', async () => {
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', runsOf(simpleId), { input: { n: 3 } }), 201);
    await waitForRun(operator, customer, runId, ['succeeded']);
    const answer = expectOk(await operator.request<{ workflowId: string; workflowVersion: number; definition: { nodes: { id: string }[] } }>('GET', `${run(runId)}/definition`));
    expect(answer.workflowId).toBe(simpleId);
    expect(answer.definition.nodes.map((node) => node.id)).toEqual(['start', 'shape']);
    expectError(await operator.request('GET', `/api/v1/tenants/${server.tenants.partner}/runs/${runId}/definition`), 404, 'NOT_FOUND');
  });
});
