import { NodeExecutionError, type NodeContext, type TextClassification } from '../../runtime/definition/index.js';
import { applyCredential } from '../connector.http/credentials.js';
import { callApi, type ApiSystem } from '../connector-kit/client/api-client.js';

/** What asking a chat model to classify needs: the endpoint, the model, its key and the categories it chooses from. */
export interface ChatModelRequest {
  readonly baseUrl: string;
  readonly model: string;
  readonly credential: string;
  readonly categories: readonly string[];
  readonly instructions?: string;
  readonly timeoutSeconds?: number;
  readonly text: string;
}

const DEFAULT_TIMEOUT_SECONDS = 30;

/** OpenAI-compatible endpoints explain a refusal as `{ error: { message } }`. */
const CHAT_MODEL: ApiSystem = {
  name: 'The chat model',
  errorMessage: (body) => {
    if (body === null || typeof body !== 'object' || !('error' in body)) return undefined;
    const error = body.error;
    if (error === null || typeof error !== 'object' || !('message' in error) || typeof error.message !== 'string') return undefined;
    return error.message.slice(0, 300);
  },
};

/** The name of the answer's JSON schema, as the endpoint sees it. */
const ANSWER_SCHEMA_NAME = 'classification';

/** The chat-completions request body: instructions, the text, and the strict schema of the answer. */
export function chatCompletionBody(request: ChatModelRequest): Record<string, unknown> {
  const system =
    `Classify the text the user sends into exactly one of these categories: ${request.categories.join(', ')}. ` +
    'Answer JSON with "category" (one of the categories) and "confidence" (how sure you are, from 0 to 1).' +
    (request.instructions ? `\n\n${request.instructions}` : '');
  return {
    model: request.model,
    temperature: 0,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: request.text },
    ],
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: ANSWER_SCHEMA_NAME,
        strict: true,
        schema: {
          type: 'object',
          properties: {
            category: { type: 'string', enum: [...request.categories] },
            confidence: { type: 'number', minimum: 0, maximum: 1 },
          },
          required: ['category', 'confidence'],
          additionalProperties: false,
        },
      },
    },
  };
}

/**
 * Asks an OpenAI-compatible chat-completions endpoint (through the egress guard, with the API key
 * of a credential bound to its host) to classify the text into one of the categories. An answer
 * that is not one category with a confidence in 0..1 is `CLASSIFIER_BAD_ANSWER`; an endpoint
 * that refuses, fails or does not answer in time is `CLASSIFIER_UNAVAILABLE` (retryable where
 * trying again may help). The key never appears in what this throws.
 */
export async function classifyWithChatModel(ctx: NodeContext, request: ChatModelRequest): Promise<TextClassification> {
  const url = new URL(`${request.baseUrl.replace(/\/+$/, '')}/chat/completions`);
  const headers = new Headers();
  const secrets = await applyCredential(ctx, request.credential, url, headers);
  let body: unknown;
  try {
    ({ body } = await callApi(ctx, CHAT_MODEL, {
      method: 'POST',
      url,
      headers,
      json: chatCompletionBody(request),
      secrets,
      timeoutMs: (request.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    }));
  } catch (error) {
    // The client's API_* codes become the classifier's own; the egress guard's and an abort's stay.
    if (!(error instanceof NodeExecutionError) || !error.code.startsWith('API_')) throw error;
    throw new NodeExecutionError(error.message, {
      code: 'CLASSIFIER_UNAVAILABLE',
      retryable: error.retryable,
      retryAfterMs: error.retryAfterMs,
      details: { reason: error.code, ...(isObject(error.details) ? error.details : {}) },
    });
  }
  return parseAnswer(body, request.categories);
}

/** The classification in a chat-completions answer, checked strictly against the categories and 0..1. */
export function parseAnswer(body: unknown, categories: readonly string[]): TextClassification {
  const bad = (why: string) => new NodeExecutionError(`the chat model's answer is not a classification: ${why}`, { code: 'CLASSIFIER_BAD_ANSWER' });
  const choices = isObject(body) ? body.choices : undefined;
  const message = Array.isArray(choices) && isObject(choices[0]) ? choices[0].message : undefined;
  const content = isObject(message) ? message.content : undefined;
  if (typeof content !== 'string') throw bad('it has no message content');
  let answer: unknown;
  try {
    answer = JSON.parse(content);
  } catch {
    throw bad('its content is not JSON');
  }
  if (!isObject(answer)) throw bad('its content is not a JSON object');
  const { category, confidence } = answer;
  if (typeof category !== 'string' || !categories.includes(category)) throw bad(`its category is not one of ${categories.join(', ')}`);
  if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) throw bad('its confidence is not a number from 0 to 1');
  return { category, confidence };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
