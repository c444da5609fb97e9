import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../support/accounts.js';
import { activeWorkflow, expectError, expectOk, saveDraft, sendJson, startLocalHttpServer, waitForRun, type LocalHttpServer } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

/** The fields of a run this file reads beyond the helpers' RunDetail. */
interface Run {
  id: string;
  status: string;
  triggerType: string | null;
  replayOf: string | null;
  input: unknown;
  params: Record<string, unknown>;
  workflowVersion: number | null;
  output: unknown;
  error: { nodeId?: string } | null;
}

let server: ServerHarness;
let api: LocalHttpServer;
let consultant: ApiClient;
let approver: ApiClient;
let operator: ApiClient;
let customer: string;
let failing = true;

/** Calls the local API with the order's region; it fails while `failing` is set. */
const ordersV1 = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'call', type: 'connector.http', config: { method: 'GET', url: { cat: ['URL/orders/', { var: 'params.region' }] } }, retry: { maxAttempts: 1 } },
  ],
  [['start', 'out', 'call']],
  { name: 'Orders', params: [{ name: 'region', type: 'string', enum: ['eu', 'us'], default: 'eu' }, { name: 'batch', type: 'number', default: 10 }] },
);

beforeAll(async () => {
  api = await startLocalHttpServer((request, response) => {
    if (failing) sendJson(response, 500, { error: 'down' });
    else sendJson(response, 200, { ok: true, url: request.url });
  });
  server = await startServerHarness({ egressAllow: [new URL(api.url).host] });
  customer = server.tenants.customer;
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  operator = await server.signIn(DEMO.operator);
});
afterAll(async () => {
  await server.close();
  await api.close();
});

const withUrl = (definition: typeof ordersV1) => JSON.parse(JSON.stringify(definition).replaceAll('URL/', `${api.url}/`)) as typeof ordersV1;
const runPath = (runId: string) => `/api/v1/tenants/${customer}/runs/${runId}`;

/** A failed manual run of the active version 1 with region "us". */
async function failedRun(): Promise<{ workflowId: string; runId: string }> {
  const workflowId = await activeWorkflow(consultant, approver, customer, 'Orders', withUrl(ordersV1));
  failing = true;
  const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`, { input: { order: 7 }, params: { region: 'us' } }), 201);
  expect((await waitForRun(operator, customer, runId, ['failed', 'succeeded'])).status).toBe('failed');
  return { workflowId, runId };
}

describe('a run as its page reads it', () => {
  it('says how it started and with which params, and serves the definition it executed', async () => {
    const { workflowId, runId } = await failedRun();
    const run = expectOk(await operator.request<Run>('GET', runPath(runId)));
    expect(run).toMatchObject({ triggerType: 'manual', replayOf: null, params: { region: 'us', batch: 10 }, input: { order: 7 }, workflowVersion: 1 });

    // The draft moves on; the run's definition stays the version it ran.
    await saveDraft(consultant, customer, workflowId, { ...withUrl(ordersV1), name: 'Orders, edited' });
    const executed = expectOk(await operator.request<{ workflowVersion: number; definition: { name: string; nodes: { id: string }[] } }>('GET', `${runPath(runId)}/definition`));
    expect(executed.workflowVersion).toBe(1);
    expect(executed.definition.name).toBe('Orders');
    expect(executed.definition.nodes.map((node) => node.id)).toEqual(['start', 'call']);
  });

  it('refuses a param outside its choices with the choices named', async () => {
    const workflowId = await activeWorkflow(consultant, approver, customer, 'Orders choices', withUrl(ordersV1));
    const error = expectError(await operator.request('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`, { params: { region: 'apac' } }), 422, 'RUN_REQUEST');
    expect(error.message).toContain('param "region" must be one of "eu", "us"');
    expect(error.details).toEqual([{ path: 'params.region', message: expect.stringContaining('must be one of') as string }]);
  });
});

describe('Replay with draft', () => {
  it("runs the failed run's input and params through the current draft as a test run", async () => {
    const { workflowId, runId } = await failedRun();
    // The draft fixes the workflow: a step that does not call out; it drops the batch param.
    const fixed = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'shape', type: 'data.transform', config: { fields: { order: { var: 'input.order' }, region: { var: 'params.region' } } } },
      ],
      [['start', 'out', 'shape']],
      { name: 'Orders', params: [{ name: 'region', type: 'string', default: 'eu' }] },
    );
    await saveDraft(consultant, customer, workflowId, fixed);

    const started = expectOk(await consultant.request<{ runId: string; replayOf: string; droppedParams: string[] }>('POST', `${runPath(runId)}/replay`), 201);
    expect(started).toMatchObject({ replayOf: runId, droppedParams: ['batch'] });
    const replay = await waitForRun(consultant, customer, started.runId, ['succeeded', 'failed']);
    expect(replay.status).toBe('succeeded');
    expect(replay.output).toEqual({ order: 7, region: 'us' });
    const detail = expectOk(await consultant.request<Run>('GET', runPath(started.runId)));
    expect(detail).toMatchObject({ triggerType: 'test', replayOf: runId, workflowVersion: null, params: { region: 'us' } });
    const executed = expectOk(await consultant.request<{ definition: { nodes: { id: string }[] } }>('GET', `${runPath(started.runId)}/definition`));
    expect(executed.definition.nodes.map((node) => node.id)).toEqual(['start', 'shape']);

    const audit = expectOk(await server.signIn(DEMO.customerOwner).then((owner) => owner.request<{ items: { action: string; targetId: string; details: unknown }[] }>('GET', `/api/v1/tenants/${customer}/audit?action=run.test`)));
    expect(audit.items.find((entry) => entry.targetId === started.runId)?.details).toMatchObject({ replayOf: runId, workflowId });
  });

  it('answers the same test run to a retry with the same Idempotency-Key', async () => {
    const { runId } = await failedRun();
    const headers = { 'Idempotency-Key': 'replay-once-1' };
    const first = expectOk(await consultant.request<{ runId: string }>('POST', `${runPath(runId)}/replay`, undefined, headers), 201);
    const again = await consultant.request<{ runId: string }>('POST', `${runPath(runId)}/replay`, undefined, headers);
    expect(expectOk(again, 201).runId).toBe(first.runId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses runs still in progress, roles without test runs and runs of other tenants', async () => {
    const waiter = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'wait', type: 'flow.waitForEvent', config: { correlationKey: 'never' } },
      ],
      [['start', 'out', 'wait']],
      { name: 'Waits' },
    );
    const workflowId = await activeWorkflow(consultant, approver, customer, 'Waits', waiter);
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`, {}), 201);
    await waitForRun(operator, customer, runId, ['waiting']);
    const busy = expectError(await consultant.request('POST', `${runPath(runId)}/replay`), 422);
    expect(busy.message).toContain('the run is waiting; replay it once it has finished');
    // An operator may retry and cancel, not test-run drafts.
    expectError(await operator.request('POST', `${runPath(runId)}/replay`), 403, 'FORBIDDEN');

    const other = expectOk(await server.signIn(DEMO.partnerOwner).then((owner) => owner.request<{ id: string }>('POST', `/api/v1/tenants/${server.tenants.partner}/customers`, { name: 'Fabrikam', slug: 'fabrikam-replay' })), 201);
    const stranger = await createMember(server, other.id, 'ops@fabrikam.example', ['owner']);
    expectError(await stranger.client.request('GET', `/api/v1/tenants/${other.id}/runs/${runId}`), 404, 'NOT_FOUND');
    expectError(await stranger.client.request('GET', `/api/v1/tenants/${other.id}/runs/${runId}/definition`), 404, 'NOT_FOUND');
    expectError(await stranger.client.request('POST', `/api/v1/tenants/${other.id}/runs/${runId}/replay`), 404, 'NOT_FOUND');
    expectError(await stranger.client.request('GET', `${runPath(runId)}/definition`), 404);
  });
});
