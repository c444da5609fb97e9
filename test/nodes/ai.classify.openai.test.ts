import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClassifiedException, ExceptionClassification, HttpClient, JsonObject } from '../../runtime/definition/index.js';
import { EgressGuard } from '../../runtime/egress/index.js';
import { execute } from '../../nodes/ai.classify/execute.js';
import { spec } from '../../nodes/ai.classify/spec.js';
import { startChatCompletionsServer, type ChatCompletionsServer } from '../support/chat-completions-server.js';
import { issuePaths, isVisible } from './config-issues.js';
import { fakeContext, thrownBy, type FakeContextOptions } from './fake-context.js';

const API_KEY = 'sk-test-SECRET-4711';
const CATEGORIES = ['payment-mismatch', 'out-of-stock', 'address-invalid'];

let chat: ChatCompletionsServer;
/** The egress guard's client, with the emulator on the deployment allow-list. */
let http: HttpClient;

beforeAll(async () => {
  chat = await startChatCompletionsServer(API_KEY);
  http = new EgressGuard({ allow: [chat.host] }).forTenant('test');
});
afterAll(() => chat.close());
beforeEach(() => {
  chat.received.length = 0;
});

/** A saved openai config; `text` as the step evaluated it. */
const config = (overrides: JsonObject = {}) =>
  spec.config.parse({ provider: 'openai', baseUrl: chat.baseUrl, model: 'gpt-4o-mini', credential: 'openai-key', categories: CATEGORIES, text: 'Paid 90, order total 120: payment-mismatch', ...overrides });

const context = (options: FakeContextOptions = {}) => fakeContext({ http, secrets: { 'openai-key': { type: 'bearer', token: API_KEY } }, ...options });

/** Fails with the error it throws, checking the key is in none of it. */
async function failure(overrides: JsonObject, options: FakeContextOptions = {}) {
  const error = await thrownBy(() => execute(context(options), config(overrides), {}));
  expect(JSON.stringify({ error, message: (error as Error).message })).not.toContain(API_KEY);
  return error as { code: string; message: string; retryable: boolean };
}

describe('ai.classify with an OpenAI-compatible chat model', () => {
  it('needs the endpoint, model, credential, text and two or more distinct categories, shown only for this provider', () => {
    expect(issuePaths(spec.config, { provider: 'openai' })).toEqual([['text'], ['baseUrl'], ['model'], ['credential'], ['categories']]);
    expect(issuePaths(spec.config, { provider: 'openai', baseUrl: 'ftp://x', model: 'm', credential: 'c', categories: ['a', 'b'], text: 't' })).toEqual([['baseUrl']]);
    expect(issuePaths(spec.config, { provider: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'm', credential: 'c', categories: ['a'], text: 't' })).toEqual([['categories']]);
    expect(issuePaths(spec.config, { provider: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'm', credential: 'c', categories: ['a', 'a'], text: 't' })).toEqual([['categories']]);
    expect(issuePaths(spec.config, { provider: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'm', credential: 'c', categories: ['a', 'b'], text: 't' })).toEqual([]);
    expect(isVisible(spec.config.shape.categories, { provider: 'openai' })).toBe(true);
    expect(isVisible(spec.config.shape.model, { provider: 'local' })).toBe(false);
    expect(isVisible(spec.config.shape.text, { provider: 'openai' })).toBe(true);
  });

  it('posts the text with a strict JSON answer schema and the key as a bearer token, and routes a confident answer on "out"', async () => {
    const ctx = context();
    const outcome = await execute(ctx, config({ instructions: 'Payments that differ by cents are payment-mismatch.' }), { order: 7 });
    expect(outcome).toEqual({ output: { order: 7, classification: { category: 'payment-mismatch', confidence: 0.92, provider: 'openai' } }, port: 'out' });
    expect(ctx.secretDestinations).toEqual([`${chat.baseUrl}/chat/completions`]);
    const [request] = chat.received;
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'classification',
          strict: true,
          schema: {
            type: 'object',
            properties: { category: { type: 'string', enum: CATEGORIES }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
            required: ['category', 'confidence'],
            additionalProperties: false,
          },
        },
      },
    });
    const [system, user] = request?.body.messages ?? [];
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('payment-mismatch, out-of-stock, address-invalid');
    expect(system?.content).toContain('Payments that differ by cents are payment-mismatch.');
    expect(user).toEqual({ role: 'user', content: 'Paid 90, order total 120: payment-mismatch' });
  });

  it('sends an unsure answer to "review"', async () => {
    expect(await execute(context(), config({ text: '[low] parcel returned: address-invalid' }), {})).toEqual({
      output: { classification: { category: 'address-invalid', confidence: 0.3, provider: 'openai' } },
      port: 'review',
    });
  });

  it('refuses an answer outside the categories, or not JSON, as CLASSIFIER_BAD_ANSWER', async () => {
    expect(await failure({ text: '[malformed] x' })).toMatchObject({ code: 'CLASSIFIER_BAD_ANSWER', message: expect.stringContaining('not one of payment-mismatch') as unknown });
    expect(await failure({ text: '[not-json] x' })).toMatchObject({ code: 'CLASSIFIER_BAD_ANSWER', message: expect.stringContaining('not JSON') as unknown });
  });

  it('reports a failing, refusing or silent endpoint as CLASSIFIER_UNAVAILABLE, never with the key', async () => {
    expect(await failure({ text: '[500] x' })).toMatchObject({ code: 'CLASSIFIER_UNAVAILABLE', retryable: true, message: expect.stringContaining('answered 500') as unknown });
    const refused = await failure({}, { secrets: { 'openai-key': { type: 'bearer', token: `${API_KEY}-wrong` } } });
    expect(refused).toMatchObject({ code: 'CLASSIFIER_UNAVAILABLE', retryable: false, message: expect.stringContaining('Incorrect API key provided') as unknown });
    expect(JSON.stringify(refused)).not.toContain(`${API_KEY}-wrong`);
    expect(await failure({ text: '[hang] x', timeoutSeconds: 1 })).toMatchObject({ code: 'CLASSIFIER_UNAVAILABLE', retryable: true, message: expect.stringContaining('within 1 s') as unknown });
  });

  it("goes through the egress guard: an endpoint the deployment does not allow is refused", async () => {
    const guarded = new EgressGuard({ allow: [] }).forTenant('test');
    const error = await failure({}, { http: guarded });
    expect(error.code).toMatch(/^EGRESS_/);
    expect(chat.received).toEqual([]);
  });
});

describe('ai.classify classifying an exception', () => {
  /** An exception capability that records what it was asked to classify. */
  function recordingExceptions() {
    const classified: { exceptionId: string; classification: ExceptionClassification }[] = [];
    const exceptions = {
      raise: () => Promise.reject(new Error('this test raises nothing')),
      classify: (exceptionId: string, classification: ExceptionClassification): Promise<ClassifiedException> => {
        classified.push({ exceptionId, classification });
        return Promise.resolve({ id: exceptionId, key: 'EX-3', category: classification.category, previousCategory: 'unclassified', changed: true });
      },
    };
    return { classified, exceptions };
  }

  it('sets the category of the exception a confident classification names, and passes on what changed', async () => {
    const { classified, exceptions } = recordingExceptions();
    const outcome = await execute({ ...context(), exceptions }, config({ exceptionId: 'ex1' }), {});
    expect(classified).toEqual([{ exceptionId: 'ex1', classification: { category: 'payment-mismatch', confidence: 0.92, provider: 'openai' } }]);
    expect(outcome.output).toMatchObject({ classification: { exception: { id: 'ex1', key: 'EX-3', previousCategory: 'unclassified', changed: true } } });
  });

  it('leaves the exception alone below the threshold, for a person to decide', async () => {
    const { classified, exceptions } = recordingExceptions();
    expect(await execute({ ...context(), exceptions }, config({ exceptionId: 'ex1', text: '[low] x' }), {})).toMatchObject({ port: 'review' });
    expect(classified).toEqual([]);
  });

  it('fails clearly where no exceptions are recorded', async () => {
    expect(await failure({ exceptionId: 'ex1' })).toMatchObject({ code: 'EXCEPTIONS_UNAVAILABLE' });
  });
});
