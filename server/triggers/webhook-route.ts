import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WorkflowNode } from '../../runtime/definition/index.js';
import type { RunHandle } from '../../runtime/engine/index.js';
import { FINISHED_RUN_STATUSES, type RunRecord } from '../../runtime/store/index.js';
import type { AppContext } from '../context.js';
import { DomainError, malformed } from '../domain/domain-error.js';
import { errorBody } from '../http/error-body.js';
import { toHttpFailure } from '../http/error-handler.js';
import { REPLAYED_HEADER, actOnce } from '../http/idempotency.js';
import { SYSTEM_ACTORS, triggeredStartEntry } from '../services/engine-audit.js';
import { usableSecrets } from '../services/triggers.js';
import type { IdempotentAnswer } from '../services/idempotency.js';
import { triggerConfig } from './trigger-config.js';
import { ReplayGuard } from './replay-guard.js';
import { SIGNATURE_TOLERANCE_MS, schemeEventId } from './signature-schemes.js';
import { WebhookAuthenticator } from './webhook-auth.js';
import { webhookIdempotencyKey, type WebhookDedupe } from './webhook-dedupe.js';

/** Where webhooks are served; requests under it never reach Express. */
export const WEBHOOK_PREFIX = '/hooks/';

/** Request headers passed on to `run.trigger.headers` (never authentication). */
const FORWARDED_HEADERS = ['content-type', 'user-agent', 'x-request-id', 'x-correlation-id'];

/**
 * Headers on every webhook answer: JSON for machines, never rendered, framed or cached. (The API
 * and the designer get theirs from helmet; webhooks bypass Express, see docs/performance.md.)
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

interface WebhookConfig {
  method: string;
  auth: 'token' | 'hmac';
  respond: 'immediately' | 'onCompletion';
  timeoutSeconds: number;
  maxBodyBytes: number;
  dedupe: WebhookDedupe;
}

/** A webhook request, read. */
interface WebhookRequest {
  readonly method: string;
  readonly slug: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
}

/**
 * `ANY /hooks/:tenantSlug/:path`: starts a run of the active version of the workflow whose webhook
 * trigger has that path, after checking the trigger's secret. Answers 202 with the run id, or with
 * the run's response (or output) when the trigger waits for completion, 202 if it takes longer.
 * A request with an idempotency key (the trigger's dedupe value or `Idempotency-Key`) seen in the
 * last 24 hours starts nothing and gets the first request's answer; the key and the run's audit
 * entry commit with the run. Webhooks are the hot path of the product, so they are served on plain
 * `node:http`, in front of Express: one lookup (kept in memory), the body read once, the run, the
 * answer.
 */
export function webhookHandler(app: AppContext): (req: IncomingMessage, res: ServerResponse) => void {
  const replays = new ReplayGuard(app.sql, 2 * SIGNATURE_TOLERANCE_MS);
  const authenticator = new WebhookAuthenticator(replays);
  return (req, res) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      app.metrics.httpDuration.observe({ method: req.method ?? '', route: '/hooks/:tenantSlug/*path', status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    handle(app, authenticator, req, res).catch((error: unknown) => {
      const failure = toHttpFailure(error);
      if (failure.status >= 500) app.logger.error({ err: error, path: req.url?.split('?')[0] }, 'webhook failed');
      if (!res.headersSent) sendJson(res, failure.status, errorBody(failure.error));
    });
  };
}

async function handle(app: AppContext, authenticator: WebhookAuthenticator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = readRequest(req);
  const target = await app.triggers.resolve(request.slug, request.path);
  const definition = target && (await app.workflows.versionDefinition(target.tenantId, target.workflowId, target.version));
  const node = definition?.nodes.find((candidate) => candidate.id === target?.nodeId);
  if (!target || !definition || !node) throw new DomainError('not-found', 'NOT_FOUND', 'no active webhook at this address');
  const config = webhookConfig(node);
  if (request.method !== config.method) {
    res.setHeader('Allow', config.method);
    throw new DomainError('method-not-allowed', 'METHOD_NOT_ALLOWED', `this webhook accepts ${config.method}`);
  }
  const body = await readBody(req, config.maxBodyBytes);
  const verdict = authenticator.verify(config.auth, usableSecrets(target, Date.now()), request.headers, body);
  if (!verdict.ok) throw new DomainError('unauthenticated', 'UNAUTHENTICATED', verdict.reason);
  const input = parseBody(request, body);
  const key = webhookIdempotencyKey(config.dedupe ?? schemeEventId(config.auth), request.headers, input);
  const waitForCompletion = config.respond === 'onCompletion';
  const scope = `webhook:${target.workflowId}/${target.nodeId}`;
  const started = await actOnce<{ handle: RunHandle } | { replay: IdempotentAnswer }>(
    app.idempotency,
    { tenantId: target.tenantId, scope, key, fingerprint: createHash('sha256').update(body).digest('hex') },
    async (remember) => {
      if (verdict.replayKey !== undefined) {
        // A signed request's signature is on disk before its run starts: no crash can let a replay start it twice.
        if (!(await authenticator.claim(verdict.replayKey))) throw new DomainError('unauthenticated', 'UNAUTHENTICATED', 'this signed request was already received (replay)');
      }
      const handle = await app.engine.start(
        {
          definition,
          tenantId: target.tenantId,
          workflowId: target.workflowId,
          workflowVersion: target.version,
          triggerNodeId: target.nodeId,
          input,
          trigger: {
            type: 'webhook',
            method: request.method,
            query: queryObject(request.query),
            headers: Object.fromEntries(FORWARDED_HEADERS.filter((name) => typeof request.headers[name] === 'string').map((name) => [name, request.headers[name] as string])),
            receivedAt: new Date().toISOString(),
          },
        },
        {
          commitBeforeReturn: !waitForCompletion,
          together: async (run) => {
            await app.audit.append(triggeredStartEntry(run, SYSTEM_ACTORS.webhook, { path: request.path, ...(key === undefined ? {} : { idempotencyKey: key }) }));
            // On completion the answer is the run's, read from it when a retry comes.
            await remember({ status: 202, runId: run.id, body: waitForCompletion ? null : { runId: run.id } });
          },
        },
      );
      return { handle };
    },
    (answer) => Promise.resolve({ replay: answer }),
  );
  if ('replay' in started) return sendReplay(app, res, started.replay);
  const run = started.handle;
  if (!waitForCompletion) return sendJson(res, 202, { runId: run.runId });
  const deadline = Date.now() + config.timeoutSeconds * 1000;
  // The timer is cleared once the run settles: left pending, it would pin every answered request in
  // memory for the whole timeout and hold a graceful shutdown open until it fired.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, deadline - Date.now(), undefined)));
  let finished = await Promise.race([run.settled, timedOut]).finally(() => clearTimeout(timer));
  if (finished && !FINISHED_RUN_STATUSES.has(finished.status)) {
    // Paused (a sub-workflow, a retry): watch for the finish, then look once in case it already came.
    const later = app.runWatcher.finished(run.runId, Math.max(0, deadline - Date.now()));
    await app.store.flush();
    const current = await app.store.getRun(run.runId);
    finished = current && FINISHED_RUN_STATUSES.has(current.status) ? current : await later;
  }
  if (!finished) {
    await app.store.flush();
    return sendJson(res, 202, { runId: run.runId, status: 'running' });
  }
  sendRunAnswer(res, finished);
}

/** A finished run's answer: the Respond node's response, else its output; 422 when it did not succeed. */
function sendRunAnswer(res: ServerResponse, finished: RunRecord): void {
  if (finished.status !== 'succeeded') {
    const message = finished.error?.message ?? `the run ended ${finished.status}`;
    return sendJson(res, 422, { error: { code: 'RUN_FAILED', message, details: [], runId: finished.id } });
  }
  const response = finished.response as { status?: number; headers?: Record<string, string>; body?: unknown } | null;
  if (!response) return sendJson(res, 200, finished.output);
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  sendJson(res, response.status ?? 200, response.body ?? null);
}

/**
 * Answers a retry with the first request's answer: the recorded one, or for a webhook answering on
 * completion the run's answer once it has finished, else 202 with the run id.
 */
async function sendReplay(app: AppContext, res: ServerResponse, answer: IdempotentAnswer): Promise<void> {
  // The record was read from the connection; what is answered must be on disk.
  await app.store.flush();
  res.setHeader(REPLAYED_HEADER, 'true');
  if (answer.body !== null || answer.runId === null) return sendJson(res, answer.status, answer.body);
  const run = await app.store.getRun(answer.runId);
  if (run && FINISHED_RUN_STATUSES.has(run.status)) return sendRunAnswer(res, run);
  sendJson(res, 202, { runId: answer.runId, status: 'running' });
}

/** The method, tenant slug, trigger path (segments decoded) and query of a webhook request. */
function readRequest(req: IncomingMessage): WebhookRequest {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
  let segments: string[];
  try {
    segments = pathname.slice(WEBHOOK_PREFIX.length).split('/').map(decodeURIComponent);
  } catch {
    throw malformed('the webhook address is not a valid URL path');
  }
  const [slug = '', ...rest] = segments;
  const path = rest.join('/');
  if (slug === '' || path === '') throw new DomainError('not-found', 'NOT_FOUND', 'no active webhook at this address');
  return { method: req.method ?? 'GET', slug, path, query: new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1)), headers: req.headers };
}

/** Query parameters for `run.trigger.query`: one value as text, repeated ones as a JSON array. */
function queryObject(query: URLSearchParams): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    result[key] = values.length === 1 ? (values[0] as string) : JSON.stringify(values);
  }
  return result;
}

/**
 * How much of a refused body is still read, and dropped, so that its sender gets to read the 413
 * (a server that stops reading and closes makes the sender's writes fail before it sees the answer);
 * a sender going on past this is cut off.
 */
const DRAIN_LIMIT = 4 * 1024 * 1024;

/** Reads the body, refusing (413) one larger than the trigger's limit, declared or as it arrives. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const refuse = () => {
    req.removeAllListeners('data');
    let drained = 0;
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_LIMIT) req.destroy();
    });
    req.resume();
    return new DomainError('too-large', 'PAYLOAD_TOO_LARGE', `the body is larger than this webhook's limit of ${limit} bytes`);
  };
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(refuse());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(refuse());
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

/** Parsed trigger configs by node object (versions are immutable and their definitions cached). */
const configs = new WeakMap<WorkflowNode, WebhookConfig>();

function webhookConfig(node: WorkflowNode): WebhookConfig {
  let config = configs.get(node);
  if (!config) {
    config = triggerConfig<WebhookConfig>(node);
    configs.set(node, config);
  }
  return config;
}

/** The run input: the JSON body, `{ text }` for other bodies, null for none. */
function parseBody(request: WebhookRequest, body: Buffer): unknown {
  if (body.length === 0) return null;
  const type = request.headers['content-type'] ?? '';
  if (/^application\/([\w.+-]+\+)?json/i.test(type)) {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      throw new DomainError('malformed', 'INVALID_JSON', 'the body is not valid JSON');
    }
  }
  return { text: body.toString('utf8') };
}

/** Answers with a JSON body and the webhook security headers (headers already set are kept). */
function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body) ?? 'null';
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!res.hasHeader(name)) res.setHeader(name, value);
  res.statusCode = status;
  if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(json));
  res.end(json);
}
