import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeWorkflow, expectError, expectOk, waitForRun } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../support/server-harness.js';

/**
 * Run lists answer summaries, never bodies, and run details cut bodies over 256 KiB, serving them
 * whole from the data route, with steps in pages: one list call can no longer pull hundreds of
 * megabytes of run data into one answer (issue 9, defect 10).
 */

interface Summary {
  readonly id: string;
  readonly status: string;
  readonly inputBytes: number;
  readonly outputBytes: number;
  readonly triggerType: string | null;
  readonly durationMs: number | null;
}
interface Cut {
  readonly truncated: true;
  readonly bytes: number;
  readonly preview: string;
  readonly href: string;
}
interface Detail {
  readonly input: unknown;
  readonly output: unknown;
  readonly steps: readonly { readonly nodeId: string; readonly seq: number; readonly output: unknown }[];
  readonly nextStepsAfter: number | null;
}

let server: ServerHarness;
let operator: ApiClient;
let base: string;
let workflowId: string;
const LARGE_INPUT = { order: 'SO-1', lines: Array.from({ length: 6_000 }, (_unused, index) => ({ sku: `SKU-${index}`, note: 'x'.repeat(80) })) };

beforeAll(async () => {
  server = await startServerHarness();
  const designer = await server.signIn(DEMO.consultant);
  const approver = await server.signIn(DEMO.approver);
  operator = await server.signIn(DEMO.operator);
  base = `/api/v1/tenants/${server.tenants.customer}`;
  workflowId = await activeWorkflow(
    designer,
    approver,
    server.tenants.customer,
    'Big bodies',
    workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'copy', type: 'data.transform', config: { fields: { lines: { var: 'input.lines' } } } },
        { id: 'count', type: 'data.transform', config: { fields: { order: { var: 'input.order' } } } },
        { id: 'done', type: 'data.transform', config: { fields: { ok: true } } },
      ],
      [
        ['start', 'out', 'copy'],
        ['copy', 'out', 'count'],
        ['count', 'out', 'done'],
      ],
    ),
  );
});
afterAll(() => server.close());

describe('the runs list', () => {
  it('answers summaries with the sizes of the bodies, not the bodies', async () => {
    const runIds: string[] = [];
    for (let index = 0; index < 20; index++) {
      runIds.push(expectOk(await operator.request<{ runId: string }>('POST', `${base}/workflows/${workflowId}/runs`, { input: LARGE_INPUT }), 201).runId);
    }
    for (const runId of runIds) await waitForRun(operator, server.tenants.customer, runId, ['succeeded']);
    const list = await operator.request<{ items: Summary[] }>('GET', `${base}/runs?limit=200&workflowId=${workflowId}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(20);
    expect(list.text.length, 'twenty runs of 600 KB each list in a few kilobytes').toBeLessThan(20_000);
    for (const item of list.body.items) {
      expect(item).not.toHaveProperty('input');
      expect(item).not.toHaveProperty('output');
      expect(item.inputBytes).toBeGreaterThan(500_000);
      expect(item.status).toBe('succeeded');
      expect(item.triggerType).toBe('manual');
      expect(item.durationMs).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('a run detail', () => {
  it('cuts bodies over 256 KiB to a preview and serves them whole from the data route', async () => {
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `${base}/workflows/${workflowId}/runs`, { input: LARGE_INPUT }), 201);
    await waitForRun(operator, server.tenants.customer, runId, ['succeeded']);
    const detail = await operator.request<Detail>('GET', `${base}/runs/${runId}`);
    expect(detail.status).toBe(200);
    expect(detail.text.length).toBeLessThan(100_000);
    const input = detail.body.input as Cut;
    expect(input).toMatchObject({ truncated: true, href: `${base}/runs/${runId}/data?part=input` });
    expect(input.bytes).toBe(Buffer.byteLength(JSON.stringify(LARGE_INPUT)));
    expect(input.preview.startsWith('{"order":"SO-1"')).toBe(true);
    const whole = await operator.request('GET', input.href);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toMatch(/^application\/json/);
    expect(whole.body).toEqual(LARGE_INPUT);

    const copy = detail.body.steps.find((step) => step.nodeId === 'copy');
    const cutOutput = copy?.output as Cut;
    expect(cutOutput.truncated).toBe(true);
    expect(expectOk(await operator.request<{ lines: unknown[] }>('GET', cutOutput.href)).lines).toHaveLength(6_000);
    expect(detail.body.steps.find((step) => step.nodeId === 'done')?.output).toEqual({ ok: true });
  });

  it('pages its steps in recorded order', async () => {
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `${base}/workflows/${workflowId}/runs`, { input: { order: 'SO-2', lines: [] } }), 201);
    await waitForRun(operator, server.tenants.customer, runId, ['succeeded']);
    const seen: string[] = [];
    let after = -1;
    for (let page = 0; page < 10; page++) {
      const detail = expectOk(await operator.request<Detail>('GET', `${base}/runs/${runId}?stepsLimit=2&stepsAfter=${after}`));
      expect(detail.steps.length).toBeLessThanOrEqual(2);
      seen.push(...detail.steps.map((step) => step.nodeId));
      if (detail.nextStepsAfter === null) break;
      after = detail.nextStepsAfter;
    }
    expect(seen).toEqual(['start', 'copy', 'count', 'done']);
  });

  it('stops a page of steps once its bodies reach 4 MiB, so no detail answer grows with the run', async () => {
    const designer = await server.signIn(DEMO.consultant);
    const approver = await server.signIn(DEMO.approver);
    const chain = Array.from({ length: 20 }, (_unused, index) => ({ id: `copy${index}`, type: 'data.transform', config: { fields: { lines: { var: 'input.lines' } } } }));
    const long = await activeWorkflow(
      designer,
      approver,
      server.tenants.customer,
      'Long chain of big bodies',
      workflow([{ id: 'start', type: 'trigger.manual' }, ...chain], chain.map((node, index) => [index === 0 ? 'start' : `copy${index - 1}`, 'out', node.id] as const)),
    );
    const input = { lines: Array.from({ length: 2_000 }, (_unused, index) => ({ sku: `SKU-${index}`, note: 'y'.repeat(80) })) };
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `${base}/workflows/${long}/runs`, { input }), 201);
    await waitForRun(operator, server.tenants.customer, runId, ['succeeded']);
    const first = await operator.request<Detail>('GET', `${base}/runs/${runId}?stepsLimit=500`);
    expect(first.text.length).toBeLessThan(5 * 1024 * 1024);
    expect(first.body.steps.length).toBeGreaterThan(1);
    expect(first.body.steps.length).toBeLessThan(21);
    expect(first.body.nextStepsAfter).toBe(first.body.steps[first.body.steps.length - 1]?.seq);
    let after = first.body.nextStepsAfter;
    let total = first.body.steps.length;
    while (after !== null) {
      const next = expectOk(await operator.request<Detail>('GET', `${base}/runs/${runId}?stepsLimit=500&stepsAfter=${after}`));
      total += next.steps.length;
      after = next.nextStepsAfter;
    }
    expect(total).toBe(21);
  });

  it('refuses data of a step that does not exist, an error body without a step, and other tenants', async () => {
    const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `${base}/workflows/${workflowId}/runs`, { input: {} }), 201);
    await waitForRun(operator, server.tenants.customer, runId, ['succeeded']);
    expectError(await operator.request('GET', `${base}/runs/${runId}/data?part=output&nodeId=nowhere`), 404, 'NOT_FOUND');
    expectError(await operator.request('GET', `${base}/runs/${runId}/data?part=error`), 400, 'INVALID_REQUEST');
    expectError(await operator.request('GET', `${base}/runs/${runId}?stepsLimit=100000`), 400, 'INVALID_REQUEST');
    const partnerOnly = await server.signIn(DEMO.consultant);
    expectError(await partnerOnly.request('GET', `/api/v1/tenants/${server.tenants.partner}/runs/${runId}/data?part=input`), 404, 'NOT_FOUND');
  });
});
