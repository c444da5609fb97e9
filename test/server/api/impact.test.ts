import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../runtime/definition/index.js';
import type { ImpactReport } from '../../../server/contract/impact-preview.js';
import { createWorkflow, expectError, expectOk, saveDraft, sendJson, startLocalHttpServer, submitApproveActivate, waitForRun, type LocalHttpServer } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';
import { inviteAndAccept } from '../../support/accounts.js';

let payments: LocalHttpServer;
let server: ServerHarness;
let designer: ApiClient;
let approver: ApiClient;
let customerOwner: ApiClient;
let operator: ApiClient;
let viewer: ApiClient;
let tenant: string;

beforeAll(async () => {
  // Stands in for a payment API; it counts every request it gets.
  payments = await startLocalHttpServer((request, response) => sendJson(response, 201, { id: `ch_${payments.requests.length}`, received: JSON.parse(request.body || 'null') as unknown }));
  server = await startServerHarness({ egressAllow: [payments.url.replace('http://', '')] });
  tenant = server.tenants.customer;
  designer = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  customerOwner = await server.signIn(DEMO.customerOwner);
  operator = await server.signIn(DEMO.operator);
  viewer = (await inviteAndAccept(server, customerOwner, tenant, 'viewer@contoso.example', ['viewer'], 'Vera Viewer')).client;
});
afterAll(async () => {
  await server.close();
  await payments.close();
});

interface Options {
  readonly threshold?: number;
  readonly chargePath?: string;
  readonly standardFields?: JsonObject;
}

/**
 * Refunds: shape the order; above the threshold charge the payment API and record the charge,
 * otherwise queue it as standard.
 */
function refunds({ threshold = 500, chargePath = '/charges', standardFields = { orderId: { var: 'input.orderId' }, queue: 'standard' } }: Options = {}) {
  return workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      { id: 'shape', type: 'data.transform', config: { fields: { orderId: { var: 'input.orderId' }, total: { var: 'input.total' } } } },
      { id: 'big', type: 'logic.condition', config: { rule: { '>': [{ var: 'input.total' }, threshold] } } },
      { id: 'charge', type: 'connector.http', config: { method: 'POST', url: `${payments.url}${chargePath}`, bodyType: 'json', body: { var: 'input' } } },
      { id: 'charged', type: 'data.transform', config: { fields: { orderId: { var: 'nodes.shape.orderId' }, chargeId: { var: 'input.body.id' } } } },
      { id: 'standard', type: 'data.transform', config: { fields: standardFields } },
    ],
    [
      ['start', 'out', 'shape'],
      ['shape', 'out', 'big'],
      ['big', 'true', 'charge'],
      ['charge', 'out', 'charged'],
      ['big', 'false', 'standard'],
    ],
    { name: 'Refunds' },
  );
}

/** Starts a run of the active version with `input` and waits for it to finish. */
async function run(workflowId: string, input: unknown): Promise<string> {
  const { runId } = expectOk(await designer.request<{ runId: string }>('POST', `/api/v1/tenants/${tenant}/workflows/${workflowId}/runs`, { input }), 201);
  await waitForRun(designer, tenant, runId, ['succeeded', 'failed']);
  return runId;
}

/** Saves `definition` as the draft and submits it; answers the new (pending) version. */
async function submit(workflowId: string, definition: ReturnType<typeof workflow>): Promise<number> {
  await saveDraft(designer, tenant, workflowId, definition);
  return expectOk(await designer.request<{ version: number }>('POST', `/api/v1/tenants/${tenant}/workflows/${workflowId}/versions`, { note: 'change' }), 201).version;
}

async function preview(client: ApiClient, workflowId: string, version: number, body: unknown = {}): Promise<ImpactReport> {
  return expectOk(await client.request<ImpactReport>('POST', `/api/v1/tenants/${tenant}/workflows/${workflowId}/versions/${version}/impact`, body));
}

describe('the impact preview of a pending version', () => {
  let refundsId: string;
  /** Run ids of the recorded traffic, by total. */
  const runs = new Map<number, string>();
  let callsBefore: number;

  beforeAll(async () => {
    refundsId = (await createWorkflow(designer, tenant, 'Refunds', refunds())).id;
    await submitApproveActivate(designer, approver, tenant, refundsId);
    for (const total of [100, 400, 600, 900]) runs.set(total, await run(refundsId, { orderId: `SO-${total}`, total }));
    // The real runs above 500 charged; every preview below must add no request at all.
    expect(payments.requests.map((request) => request.url)).toEqual(['/charges', '/charges']);
    callsBefore = payments.requests.length;
  });

  it('finds every run the same when nothing changed, and writes no audit entry', async () => {
    const version = await submit(refundsId, refunds());
    const audit = expectOk(await approver.request<{ items: unknown[] }>('GET', `/api/v1/tenants/${tenant}/audit?limit=500`)).items.length;
    const report = await preview(approver, refundsId, version);
    expect(report).toEqual({
      version,
      baselineVersion: 1,
      sampled: 4,
      notPreviewed: 0,
      summary: { same: 4, differentPath: 0, differentOutput: 0, failed: 0, sideEffectsChanged: 0 },
      truncated: false,
      runs: [],
    });
    expect(expectOk(await approver.request<{ items: unknown[] }>('GET', `/api/v1/tenants/${tenant}/audit?limit=500`)).items).toHaveLength(audit);
    expect(payments.requests).toHaveLength(callsBefore);
  });

  it('lists the runs a changed condition threshold sends another way, with both paths', async () => {
    const version = await submit(refundsId, refunds({ threshold: 700 }));
    const report = await preview(designer, refundsId, version);
    expect(report.summary).toEqual({ same: 3, differentPath: 1, differentOutput: 0, failed: 0, sideEffectsChanged: 1 });
    expect(report.runs).toHaveLength(1);
    const [moved] = report.runs;
    expect(moved).toMatchObject({ runId: runs.get(600), outcome: 'differentPath' });
    expect(moved?.recorded).toEqual({
      status: 'succeeded',
      path: [
        { nodeId: 'start', ports: ['out'] },
        { nodeId: 'shape', ports: ['out'] },
        { nodeId: 'big', ports: ['true'] },
        { nodeId: 'charge', ports: ['out'] },
        { nodeId: 'charged', ports: ['out'] },
      ],
      output: { orderId: 'SO-600', chargeId: 'ch_1' },
      response: null,
      error: null,
    });
    expect(moved?.preview).toEqual({
      status: 'succeeded',
      path: [
        { nodeId: 'start', ports: ['out'] },
        { nodeId: 'shape', ports: ['out'] },
        { nodeId: 'big', ports: ['false'] },
        { nodeId: 'standard', ports: ['out'] },
      ],
      output: { orderId: 'SO-600', queue: 'standard' },
      response: null,
      error: null,
    });
    expect(moved?.outputDiff).toEqual([
      { path: 'output.chargeId', recorded: 'ch_1' },
      { path: 'output.queue', preview: 'standard' },
    ]);
    // The charge the recorded run made would no longer happen.
    expect(moved?.sideEffects).toEqual([
      {
        nodeId: 'charge',
        nodeType: 'connector.http',
        title: 'HTTP request',
        replayed: false,
        description: `would no longer call POST ${payments.url}/charges with {"orderId":"SO-600","total":600}; the recorded run did, the preview does not get there`,
        request: { method: 'POST', url: `${payments.url}/charges`, headers: {}, query: {}, bodyType: 'json', body: { orderId: 'SO-600', total: 600 }, timeoutMs: 30000, responseType: 'auto' },
      },
    ]);
    expect(payments.requests).toHaveLength(callsBefore);
  });

  it('reports a changed transform as a different output, with the diff', async () => {
    const version = await submit(refundsId, refunds({ standardFields: { orderId: { var: 'input.orderId' }, queue: 'standard', reviewBy: 'Friday' } }));
    const report = await preview(approver, refundsId, version);
    expect(report.summary).toEqual({ same: 2, differentPath: 0, differentOutput: 2, failed: 0, sideEffectsChanged: 0 });
    expect(report.runs.map((listed) => [listed.runId, listed.outcome])).toEqual([
      [runs.get(400), 'differentOutput'],
      [runs.get(100), 'differentOutput'],
    ]);
    expect(report.runs[0]?.outputDiff).toEqual([{ path: 'output.reviewBy', preview: 'Friday' }]);
    expect(report.runs[0]?.preview.output).toEqual({ orderId: 'SO-400', queue: 'standard', reviewBy: 'Friday' });
  });

  it('says what a connector whose config changed would send, and never calls it', async () => {
    const version = await submit(refundsId, refunds({ chargePath: '/v2/charges' }));
    const report = await preview(approver, refundsId, version);
    // Path and output follow the recorded answers; what changed is what would be sent.
    expect(report.summary).toEqual({ same: 4, differentPath: 0, differentOutput: 0, failed: 0, sideEffectsChanged: 2 });
    expect(report.runs.map((listed) => [listed.runId, listed.outcome])).toEqual([
      [runs.get(900), 'same'],
      [runs.get(600), 'same'],
    ]);
    expect(report.runs[0]?.sideEffects).toEqual([
      {
        nodeId: 'charge',
        nodeType: 'connector.http',
        title: 'HTTP request',
        replayed: false,
        description: `would call POST ${payments.url}/v2/charges with {"orderId":"SO-900","total":900}; the recorded run sent something else, so the preview follows its recorded result ("out")`,
        request: { method: 'POST', url: `${payments.url}/v2/charges`, headers: {}, query: {}, bodyType: 'json', body: { orderId: 'SO-900', total: 900 }, timeoutMs: 30000, responseType: 'auto' },
      },
    ]);
    expect(payments.requests).toHaveLength(callsBefore);
  });

  it('takes the newest runs up to sampleSize (1 to 500, 50 when not given)', async () => {
    const report = await preview(approver, refundsId, 1, { sampleSize: 2 });
    expect(report).toMatchObject({ version: 1, baselineVersion: 1, sampled: 2, summary: { same: 2 } });
    expect((await preview(approver, refundsId, 1)).sampled).toBe(4);
    const base = `/api/v1/tenants/${tenant}/workflows/${refundsId}/versions/1/impact`;
    for (const sampleSize of [0, 501, 2.5, '10']) {
      const error = expectError(await approver.request('POST', base, { sampleSize }), 400, 'INVALID_REQUEST');
      expect(error.details[0]?.path).toBe('body.sampleSize');
    }
    expectError(await approver.request('POST', base, '{"sampleSize":', { 'content-type': 'application/json' }), 400, 'INVALID_JSON');
  });

  it('is for designers, approvers and owners; operators and viewers get 403 in words', async () => {
    const path = `/api/v1/tenants/${tenant}/workflows/${refundsId}/versions/1/impact`;
    for (const client of [designer, approver, customerOwner]) expectOk(await client.request('POST', path, {}));
    for (const client of [operator, viewer]) {
      const error = expectError(await client.request('POST', path, {}), 403, 'FORBIDDEN');
      expect(error.message).toMatch(/does not allow you to preview what a version would do to recorded runs$/);
    }
  });

  it('answers 404 for a version that does not exist', async () => {
    expectError(await approver.request('POST', `/api/v1/tenants/${tenant}/workflows/${refundsId}/versions/99/impact`, {}), 404, 'NOT_FOUND');
    expectError(await approver.request('POST', `/api/v1/tenants/${tenant}/workflows/no-such-workflow/versions/1/impact`, {}), 404, 'NOT_FOUND');
  });
});

describe('the impact preview without recorded traffic to compare with', () => {
  it('answers 422 when the workflow has no active version', async () => {
    const { id } = await createWorkflow(designer, tenant, 'Never live', refunds());
    const version = expectOk(await designer.request<{ version: number }>('POST', `/api/v1/tenants/${tenant}/workflows/${id}/versions`, {}), 201).version;
    const error = expectError(await approver.request('POST', `/api/v1/tenants/${tenant}/workflows/${id}/versions/${version}/impact`, {}), 422, 'UNPROCESSABLE');
    expect(error.message).toBe('the workflow has no active version, so there are no recorded runs to replay; activate a version first');
  });

  it('previews nothing, and says so, when the active version has no finished runs yet', async () => {
    const { id } = await createWorkflow(designer, tenant, 'Fresh', refunds());
    await submitApproveActivate(designer, approver, tenant, id);
    expect(await preview(approver, id, 1)).toEqual({
      version: 1,
      baselineVersion: 1,
      sampled: 0,
      notPreviewed: 0,
      summary: { same: 0, differentPath: 0, differentOutput: 0, failed: 0, sideEffectsChanged: 0 },
      truncated: false,
      runs: [],
    });
  });
});

describe('the impact preview around an approval gate', () => {
  const gated = (withNotify: boolean) =>
    workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'gate', type: 'human.approval', config: { title: { cat: ['Refund ', { var: 'input.orderId' }] }, approverRoles: ['approver'] } },
        { id: 'refund', type: 'data.transform', config: { fields: { orderId: { var: 'run.input.orderId' }, refunded: true } } },
        ...(withNotify ? [{ id: 'notify', type: 'connector.http', config: { method: 'POST', url: `${payments.url}/notify`, bodyType: 'json', body: { var: 'input' } } }] : []),
      ],
      [['start', 'out', 'gate'], ['gate', 'approved', 'refund'], ...(withNotify ? [['refund', 'out', 'notify'] as const] : [])],
      { name: 'Gated refunds' },
    );

  it('replays the recorded decisions and reports a call added after the gate', async () => {
    const { id } = await createWorkflow(designer, tenant, 'Gated refunds', gated(false));
    await submitApproveActivate(designer, approver, tenant, id);
    const decided: string[] = [];
    for (const [orderId, decision] of [
      ['SO-1', 'approve'],
      ['SO-2', 'reject'],
    ] as const) {
      const { runId } = expectOk(await designer.request<{ runId: string }>('POST', `/api/v1/tenants/${tenant}/workflows/${id}/runs`, { input: { orderId } }), 201);
      await waitForRun(designer, tenant, runId, ['waiting']);
      const tasks = expectOk(await approver.request<{ id: string; runId: string }[]>('GET', `/api/v1/tenants/${tenant}/tasks?status=open`));
      const task = tasks.find((open) => open.runId === runId);
      expectOk(await approver.request('POST', `/api/v1/tenants/${tenant}/tasks/${task?.id ?? ''}/decide`, { decision }));
      await waitForRun(designer, tenant, runId, ['succeeded']);
      decided.unshift(runId);
    }
    const calls = payments.requests.length;
    const openTasks = expectOk(await approver.request<unknown[]>('GET', `/api/v1/tenants/${tenant}/tasks?status=open`)).length;

    const version = await submit(id, gated(true));
    const report = await preview(approver, id, version);
    expect(report.summary).toEqual({ same: 1, differentPath: 1, differentOutput: 0, failed: 0, sideEffectsChanged: 1 });
    const [approved] = report.runs;
    expect(approved).toMatchObject({ runId: decided[1], outcome: 'differentPath' });
    expect(approved?.preview.path.map((step) => `${step.nodeId}:${step.ports.join('+')}`)).toEqual(['start:out', 'gate:approved', 'refund:out', 'notify:out']);
    expect(approved?.sideEffects.map(({ nodeId, replayed, description }) => ({ nodeId, replayed, description }))).toEqual([
      {
        nodeId: 'gate',
        replayed: true,
        description: 'would open the approval task "Refund SO-1" for approvers; unchanged from the recorded run, so the preview follows its recorded result ("approved")',
      },
      {
        nodeId: 'notify',
        replayed: false,
        description: `would call POST ${payments.url}/notify with {"orderId":"SO-1","refunded":true}; the recorded run never did, so the preview continues on "out" with no data`,
      },
    ]);
    // No task opened, no request sent.
    expect(expectOk(await approver.request<unknown[]>('GET', `/api/v1/tenants/${tenant}/tasks?status=open`))).toHaveLength(openTasks);
    expect(payments.requests).toHaveLength(calls);
  });
});

describe('the answer of the impact preview stays small', () => {
  it('cuts an output over 256 KiB to its preview, with where the recorded one is served whole', async () => {
    const stamping = (stamp: number) =>
      workflow(
        [
          { id: 'start', type: 'trigger.manual' },
          { id: 'stamp', type: 'data.transform', config: { fields: { blob: { var: 'input.blob' }, stamp } } },
        ],
        [['start', 'out', 'stamp']],
      );
    const { id } = await createWorkflow(designer, tenant, 'Large outputs', stamping(1));
    await submitApproveActivate(designer, approver, tenant, id);
    const blob = 'x'.repeat(300 * 1024);
    const runId = await run(id, { blob });
    const version = await submit(id, stamping(2));
    const [listed] = (await preview(approver, id, version)).runs;
    expect(listed?.outcome).toBe('differentOutput');
    expect(listed?.recorded.output).toEqual({
      truncated: true,
      bytes: JSON.stringify({ blob, stamp: 1 }).length,
      preview: expect.stringMatching(/^\{"blob":"x{100}/) as unknown,
      href: `/api/v1/tenants/${tenant}/runs/${runId}/data?part=output`,
    });
    expect(listed?.preview.output).toMatchObject({ truncated: true, bytes: JSON.stringify({ blob, stamp: 2 }).length, href: null });
    expect(listed?.outputDiff).toEqual([{ path: 'output.stamp', recorded: 1, preview: 2 }]);
    const whole = await approver.request<{ blob: string; stamp: number }>('GET', `/api/v1/tenants/${tenant}/runs/${runId}/data?part=output`);
    expect(expectOk(whole).stamp).toBe(1);
  });
});
