import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflow, expectError, expectOk, waitForRun, type RunDetail } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../support/server-harness.js';
import { createActiveWorkflow, rotateSecret, type Governance } from '../support/workflow-lifecycle.js';

/** JSON text of `levels` objects nested in one another, `{"a":{"a":…1…}}`. */
function nestedJson(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

const DOCUMENTED_DEPTH = 100;
const json = { 'content-type': 'application/json' };

/** The path the API names for the level one too deep: the input's first 100 keys. */
const tooDeepPath = `input${'.a'.repeat(DOCUMENTED_DEPTH)}`;

const manual = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'read', type: 'data.transform', config: { fields: { top: { var: 'run.input.a.a.a.a' }, ok: true } } },
  ],
  [['start', 'out', 'read']],
);
const hooked = workflow(
  [
    { id: 'hook', type: 'trigger.webhook', config: { path: 'deep-orders', auth: 'token', respond: 'onCompletion' } },
    { id: 'read', type: 'data.transform', config: { fields: { top: { var: 'run.input.a.a.a.a' }, ok: true } } },
  ],
  [['hook', 'out', 'read']],
);
const waiting = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'wait', type: 'flow.waitForEvent', config: { correlationKey: 'deep-order' } },
  ],
  [['start', 'out', 'wait']],
);

let server: ServerHarness;
let governance: Governance;
let consultant: ApiClient;
let operator: ApiClient;
let customer: string;
let manualId: string;
let hookedId: string;
let waitingId: string;
let secret: string;

beforeAll(async () => {
  server = await startServerHarness();
  customer = server.tenants.customer;
  consultant = await server.signIn(DEMO.consultant);
  operator = await server.signIn(DEMO.operator);
  governance = { tenantId: customer, designer: consultant, approver: await server.signIn(DEMO.approver) };
  manualId = await createActiveWorkflow(governance, 'Deep input', manual);
  hookedId = await createActiveWorkflow(governance, 'Deep webhook', hooked);
  waitingId = await createActiveWorkflow(governance, 'Deep wait', waiting);
  secret = await rotateSecret(governance, hookedId, 'hook');
});
afterAll(() => server.close());

async function runsOf(workflowId: string): Promise<RunDetail[]> {
  return expectOk(await operator.request<{ items: RunDetail[] }>('GET', `/api/v1/tenants/${customer}/runs?workflowId=${workflowId}`)).items;
}

/** The run's input as the API shows it, 100 levels deep. */
function expectedInput(levels: number): unknown {
  return JSON.parse(nestedJson(levels)) as unknown;
}

describe('a run input at the documented depth limit', () => {
  it.each([99, DOCUMENTED_DEPTH])('starts and finishes a run of the active version with an input %i levels deep', async (levels) => {
    const response = await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${manualId}/runs`, `{"input":${nestedJson(levels)}}`, json);
    const { runId } = expectOk(response, 201);
    const run = await waitForRun(operator, customer, runId);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ top: expectedInput(levels - 4), ok: true });
    expect(run.input).toEqual(expectedInput(levels));
  });

  it('refuses one level more with 422 RUN_REQUEST naming the path, and creates no run', async () => {
    const before = await runsOf(manualId);
    const response = await operator.request('POST', `/api/v1/tenants/${customer}/workflows/${manualId}/runs`, `{"input":${nestedJson(DOCUMENTED_DEPTH + 1)}}`, json);
    const error = expectError(response, 422, 'RUN_REQUEST');
    expect(error.message).toMatch(/^the run input is not valid JSON data at a\.a.*: it is nested deeper than 100 levels/);
    expect(error.details).toEqual([{ path: tooDeepPath, message: error.message }]);
    expect(await runsOf(manualId)).toHaveLength(before.length);
  });

  it('starts a test run of the draft at the limit, and refuses one level more', async () => {
    const { id } = await createWorkflow(consultant, customer, 'Deep draft', manual);
    const path = `/api/v1/tenants/${customer}/workflows/${id}/test-runs`;
    const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', path, `{"input":${nestedJson(DOCUMENTED_DEPTH)}}`, json), 201);
    expect((await waitForRun(consultant, customer, runId)).status).toBe('succeeded');
    const error = expectError(await consultant.request('POST', path, `{"input":${nestedJson(DOCUMENTED_DEPTH + 1)}}`, json), 422, 'RUN_REQUEST');
    expect(error.details[0]?.path).toBe(tooDeepPath);
    expect(await runsOf(id)).toHaveLength(1);
  });

  it('answers a webhook at the limit with the run output, and refuses one level more without starting a run', async () => {
    const headers = { 'content-type': 'application/json', 'x-flowgate-token': secret };
    for (const levels of [99, DOCUMENTED_DEPTH]) {
      const answered = await server.request('POST', '/hooks/contoso/deep-orders', nestedJson(levels), headers);
      expect(answered.status, answered.text).toBe(200);
      expect(answered.body).toEqual({ top: expectedInput(levels - 4), ok: true });
    }
    const refused = expectError(await server.request('POST', '/hooks/contoso/deep-orders', nestedJson(DOCUMENTED_DEPTH + 1), headers), 422, 'RUN_REQUEST');
    expect(refused.details[0]?.path).toBe(tooDeepPath);
    const runs = await runsOf(hookedId);
    expect(runs.map((run) => run.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('cancels a waiting run whose input is at the limit', async () => {
    const start = await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${waitingId}/runs`, `{"input":${nestedJson(DOCUMENTED_DEPTH)}}`, json);
    const { runId } = expectOk(start, 201);
    await waitForRun(operator, customer, runId, ['waiting']);
    const signal = `/api/v1/tenants/${customer}/signals`;
    const refused = expectError(await operator.request('POST', signal, `{"correlationKey":"deep-order","payload":${nestedJson(DOCUMENTED_DEPTH + 1)}}`, json), 422, 'RUN_REQUEST');
    expect(refused.details[0]?.path).toBe(`payload${'.a'.repeat(DOCUMENTED_DEPTH)}`);
    const cancelled = expectOk(await operator.request<RunDetail>('POST', `/api/v1/tenants/${customer}/runs/${runId}/cancel`));
    expect(cancelled.status).toBe('cancelled');
    const run = await waitForRun(operator, customer, runId, ['cancelled']);
    expect(run.steps.map((step) => `${step.nodeId}:${step.status}`)).toEqual(['start:succeeded', 'wait:failed']);
    expect(expectOk(await operator.request<{ resumed: number }>('POST', `/api/v1/tenants/${customer}/signals`, { correlationKey: 'deep-order' })).resumed).toBe(0);
  });
});
