import type { z } from 'zod';
import type { EffectRecorder } from './effect-recorder.js';
import { faultSpecSchema, MAX_FAULTS, type FaultInjector } from './faults.js';
import { jsonReply, type ApiFamily, type Reply, type SandboxRequest } from './http-types.js';
import { jsonObject } from './request-body.js';
import { SandboxError } from './sandbox-error.js';

/** What the control endpoints act on. */
export interface ControlParts {
  readonly recorder: EffectRecorder;
  readonly faults: FaultInjector;
  /** Restores the seed: data, records, faults and idempotency keys. */
  reset(): void;
  /** What `GET /_sandbox/info` answers: addresses and demo credentials. */
  info(): Record<string, unknown>;
}

const KINDS = ['api', 'mail', 'message'] as const;

/**
 * The sandbox's own error shape, Flowgate's: `{ "error": { "code", "message", "details": [{ "path",
 * "message" }] } }`.
 */
export function flowgateError(error: SandboxError): Reply {
  const codes: Record<number, string> = { 400: 'BAD_REQUEST', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'UNPROCESSABLE' };
  const details = error.field === undefined ? [] : [{ path: error.field, message: error.message }];
  return jsonReply(error.status, { error: { code: error.code ?? codes[error.status] ?? 'ERROR', message: error.message, details } });
}

/** A control request changing state must be JSON, which a cross-site form or `no-cors` fetch cannot send without a preflight. */
function requireJson(request: SandboxRequest): void {
  if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) throw new SandboxError(415, 'send Content-Type: application/json (an empty body may be {})');
}

/** `/_sandbox/...`: effect records, recent calls, faults, reset and the sandbox's addresses. */
export function controlApi(parts: ControlParts): ApiFamily {
  return {
    system: 'sandbox',
    prefix: '/_sandbox/',
    error: flowgateError,
    routes: [
      {
        method: 'GET',
        pattern: '/_sandbox/records',
        handle(request) {
          const kind = request.query.get('kind');
          if (kind !== null && !(KINDS as readonly string[]).includes(kind)) throw new SandboxError(400, `must be one of ${KINDS.join(', ')}`, 'kind');
          const after = request.query.get('afterId');
          if (after !== null && !/^\d+$/.test(after)) throw new SandboxError(400, 'must be a whole number', 'afterId');
          const records = parts.recorder.effects({
            system: request.query.get('system') ?? undefined,
            kind: kind ?? undefined,
            idempotencyKey: request.query.get('idempotencyKey') ?? undefined,
            afterId: after === null ? undefined : Number(after),
          });
          return jsonReply(200, { records });
        },
      },
      {
        method: 'GET',
        pattern: '/_sandbox/calls',
        handle(request) {
          return jsonReply(200, { calls: parts.recorder.calls(request.query.get('system') ?? undefined) });
        },
      },
      {
        method: 'GET',
        pattern: '/_sandbox/faults',
        handle() {
          return jsonReply(200, { faults: parts.faults.list() });
        },
      },
      {
        method: 'POST',
        pattern: '/_sandbox/faults',
        handle(request) {
          requireJson(request);
          const parsed = faultSpecSchema.safeParse(jsonObject(request));
          if (!parsed.success) {
            const issue = parsed.error.issues[0] as z.core.$ZodIssue;
            throw new SandboxError(400, issue.message, issue.path.join('.') || 'body');
          }
          const fault = parts.faults.arm(parsed.data);
          if (!fault) throw new SandboxError(422, `${MAX_FAULTS} faults are armed already; clear some first`);
          return jsonReply(201, { fault });
        },
      },
      {
        method: 'DELETE',
        pattern: '/_sandbox/faults',
        handle() {
          parts.faults.clear();
          return { status: 204, body: '' };
        },
      },
      {
        method: 'DELETE',
        pattern: '/_sandbox/faults/:id',
        handle(request) {
          if (!parts.faults.disarm(request.params.id ?? '')) throw new SandboxError(404, `no armed fault "${request.params.id ?? ''}"`);
          return { status: 204, body: '' };
        },
      },
      {
        method: 'POST',
        pattern: '/_sandbox/reset',
        handle(request) {
          requireJson(request);
          parts.reset();
          return jsonReply(200, { reset: true });
        },
      },
      {
        method: 'GET',
        pattern: '/_sandbox/info',
        handle() {
          return jsonReply(200, parts.info());
        },
      },
    ],
  };
}
