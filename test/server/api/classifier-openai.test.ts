import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeWorkflow, expectOk, waitForRun, type RunDetail } from '../../support/api-helpers.js';
import { startChatCompletionsServer, type ChatCompletionsServer } from '../../support/chat-completions-server.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';
import { firstValue } from '../../support/sql-values.js';

const API_KEY = 'sk-live-SECRET-0815';
const CATEGORIES = ['payment-mismatch', 'out-of-stock', 'address-invalid'];

let chat: ChatCompletionsServer;
let server: ServerHarness;
let customer: string;
let operator: ApiClient;
let workflowId: string;

/** Raises an exception from its input, then has a chat model classify it and set its category. */
const raiseAndClassify = (baseUrl: string) =>
  workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      { id: 'raise', type: 'flow.raiseException', config: { category: 'unclassified', title: { var: 'input.title' }, details: { var: 'input.details' } } },
      {
        id: 'classify',
        type: 'ai.classify',
        config: {
          provider: 'openai',
          baseUrl,
          model: 'gpt-4o-mini',
          credential: 'openai',
          categories: CATEGORIES,
          text: { cat: [{ var: 'input.title' }, '\n', { var: 'input.details' }] },
          exceptionId: { var: 'nodes.raise.exception.id' },
          threshold: 0.7,
        },
      },
      { id: 'failed', type: 'data.transform', config: { fields: { code: { var: 'input.code' } } } },
    ],
    [
      ['start', 'out', 'raise'],
      ['raise', 'out', 'classify'],
      ['classify', 'error', 'failed'],
    ],
  );

beforeAll(async () => {
  chat = await startChatCompletionsServer(API_KEY);
  server = await startServerHarness({ egressAllow: [chat.host] });
  customer = server.tenants.customer;
  const consultant = await server.signIn(DEMO.consultant);
  const approver = await server.signIn(DEMO.approver);
  operator = await server.signIn(DEMO.operator);
  expectOk(await consultant.request('POST', `/api/v1/tenants/${customer}/credentials`, { name: 'openai', secret: { type: 'bearer', token: API_KEY }, allowedHosts: ['127.0.0.1'] }), 201);
  workflowId = await activeWorkflow(consultant, approver, customer, 'Classify with a chat model', raiseAndClassify(chat.baseUrl));
}, 60_000);
afterAll(async () => {
  await server.close();
  await chat.close();
});

async function run(input: Record<string, unknown>): Promise<RunDetail> {
  const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`, { input }), 201);
  return waitForRun(operator, customer, runId, ['succeeded', 'failed']);
}

const stepOf = (detail: RunDetail, nodeId: string) => detail.steps.find((step) => step.nodeId === nodeId);
const exceptionIdOf = (detail: RunDetail) => (stepOf(detail, 'raise')?.output as { exception: { id: string } }).exception.id;

/** The `exception.classified` events of the exception, oldest first. */
const classifiedEvents = async (exceptionId: string) =>
  (await server.app.sql.all<{ tenantId: string; data: string }>(`SELECT tenant_id AS "tenantId", data FROM platform_events WHERE type = 'exception.classified' ORDER BY occurred_at, id`))
    .map((row) => ({ tenantId: row.tenantId, data: JSON.parse(row.data) as Record<string, unknown> }))
    .filter((event) => event.data.exceptionId === exceptionId);

describe('ai.classify with a chat model in a running workflow', () => {
  it("sets the raised exception's category, recording exception.classified by the classifier and no training example", async () => {
    const detail = await run({ title: 'Customer paid too little', details: 'Paid 90 of 120: payment-mismatch' });
    expect(detail.status).toBe('succeeded');
    expect(stepOf(detail, 'classify')?.ports).toEqual(['out']);
    expect(chat.received.at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    const exceptionId = exceptionIdOf(detail);
    const exception = expectOk(await operator.request<{ category: string }>('GET', `/api/v1/tenants/${customer}/exceptions/${exceptionId}`));
    expect(exception.category).toBe('payment-mismatch');
    expect(await classifiedEvents(exceptionId)).toEqual([
      {
        tenantId: customer,
        data: expect.objectContaining({ exceptionId, category: 'payment-mismatch', previousCategory: 'unclassified', classifiedBy: 'classifier', provider: 'openai', confidence: 0.92 }) as unknown,
      },
    ]);
    const examples = await firstValue(server.app.sql, 'SELECT COUNT(*) FROM classifier_examples WHERE tenant_id = ?', [customer]);
    expect(examples).toBe(0);
  });

  it('leaves an unsure classification to a person', async () => {
    const detail = await run({ title: 'Odd one', details: '[low] maybe out-of-stock' });
    expect(stepOf(detail, 'classify')?.ports).toEqual(['review']);
    const exceptionId = exceptionIdOf(detail);
    expect(expectOk(await operator.request<{ category: string }>('GET', `/api/v1/tenants/${customer}/exceptions/${exceptionId}`)).category).toBe('unclassified');
    expect(await classifiedEvents(exceptionId)).toEqual([]);
  });

  it("takes a malformed answer to the error port, and keeps the key out of the run", async () => {
    const detail = await run({ title: 'Broken', details: '[malformed]' });
    expect(detail.status).toBe('succeeded');
    expect(stepOf(detail, 'failed')?.output).toMatchObject({ code: 'CLASSIFIER_BAD_ANSWER' });
    expect(JSON.stringify(detail)).not.toContain(API_KEY);
    expect(await classifiedEvents(exceptionIdOf(detail))).toEqual([]);
  });
});
