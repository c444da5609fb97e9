import type { IncomingMessage } from 'node:http';
import { SandboxError } from './sandbox-error.js';
import type { SandboxRequest } from './http-types.js';

/** The largest request body the sandbox reads (the imitated APIs accept far less per call). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a request body, refusing (413) one over {@link MAX_BODY_BYTES}. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

function tooLarge(): SandboxError {
  return new SandboxError(413, `the request body is larger than the sandbox's limit of ${MAX_BODY_BYTES} bytes`);
}

/** A JSON object the caller sent; what the body must be for most routes. */
export type JsonObject = Record<string, unknown>;

/** Parses the body as a JSON object, refusing (400) anything else with `what` in the message. */
export function jsonObject(request: SandboxRequest, what = 'the request body'): JsonObject {
  const text = request.body.toString('utf8');
  if (text.trim() === '') throw new SandboxError(400, `${what} is empty; expected a JSON object`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SandboxError(400, `${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new SandboxError(400, `${what} must be a JSON object`);
  return parsed;
}

/** Whether a value is a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How much of a body or a mail's text an effect record keeps, so that records stay small. */
export const RECORDED_TEXT_LIMIT = 64 * 1024;

/** A text cut to {@link RECORDED_TEXT_LIMIT}, saying so when it was cut. */
export function recordedText(text: string): string {
  return text.length <= RECORDED_TEXT_LIMIT ? text : `${text.slice(0, RECORDED_TEXT_LIMIT)}… [${text.length - RECORDED_TEXT_LIMIT} more characters not kept]`;
}

/** The body as a record shows it: parsed JSON or form fields when it is either, otherwise text (long bodies cut). */
export function recordedBody(request: Pick<SandboxRequest, 'headers' | 'body'>): unknown {
  if (request.body.length === 0) return null;
  const text = request.body.toString('utf8');
  if (text.length > RECORDED_TEXT_LIMIT) return recordedText(text);
  const type = String(request.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A value as text: strings as they are, other scalars printed, objects as JSON, nothing as ''. */
export function plainText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
