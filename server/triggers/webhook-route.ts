import express, { type Request, type Response, type Router } from 'express';
import { FINISHED_RUN_STATUSES } from '../../runtime/store/index.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { errorBody } from '../http/error-body.js';
import { toApiError } from '../http/error-handler.js';
import { triggerConfig } from './trigger-config.js';
import { WebhookAuthenticator } from './webhook-auth.js';

/** The largest body any webhook may accept (its own `maxBodyBytes` can only be lower). */
const MAX_WEBHOOK_BODY = 10 * 1024 * 1024;

/** Request headers passed on to `run.trigger.headers` (never authentication). */
const FORWARDED_HEADERS = ['content-type', 'user-agent', 'x-request-id', 'x-correlation-id'];

interface WebhookConfig {
  method: string;
  auth: 'token' | 'hmac';
  respond: 'immediately' | 'onCompletion';
  timeoutSeconds: number;
  maxBodyBytes: number;
}

/**
 * `POST /hooks/:tenantSlug/:path`: starts a run of the active version of the workflow whose webhook
 * trigger has that path, after checking the trigger's secret. Answers 202 with the run id, or with
 * the run's response (or output) when the trigger waits for completion, 202 if it takes longer.
 */
export function webhookRouter(app: AppContext): Router {
  const router = express.Router();
  const authenticator = new WebhookAuthenticator();
  router.all('/hooks/:tenantSlug/*path', express.raw({ type: () => true, limit: MAX_WEBHOOK_BODY }), async (req: Request, res: Response) => {
    try {
      await handle(app, authenticator, req, res);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status >= 500) app.logger.error({ err: error, path: req.path }, 'webhook failed');
      if (!res.headersSent) res.status(apiError.status).json(errorBody(apiError));
    }
  });
  return router;
}

async function handle(app: AppContext, authenticator: WebhookAuthenticator, req: Request, res: Response): Promise<void> {
  const slug = String(req.params.tenantSlug);
  const pathParam = req.params.path as unknown;
  const path = Array.isArray(pathParam) ? pathParam.join('/') : String(pathParam);
  const tenant = app.tenants.bySlug(slug);
  const target = tenant ? app.triggers.target(tenant.id, path) : undefined;
  const active = target ? app.workflows.active(target.tenantId, target.workflowId) : undefined;
  const node = active?.definition.nodes.find((candidate) => candidate.id === target?.nodeId);
  if (!tenant || !target || !active || !node) throw new ApiError(404, 'NOT_FOUND', 'no active webhook at this address');
  const config = triggerConfig<WebhookConfig>(node);
  if (req.method !== config.method) {
    res.setHeader('Allow', config.method);
    throw new ApiError(405, 'METHOD_NOT_ALLOWED', `this webhook accepts ${config.method}`);
  }
  const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (body.length > config.maxBodyBytes) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `the body is larger than this webhook's limit of ${config.maxBodyBytes} bytes`);
  const verdict = authenticator.verify(config.auth, target.secret, req.headers, body);
  if (!verdict.ok) throw new ApiError(401, 'UNAUTHENTICATED', verdict.reason);
  const input = parseBody(req, body);
  const waitForCompletion = config.respond === 'onCompletion';
  const handle = await app.engine.start({
    definition: active.definition,
    tenantId: target.tenantId,
    workflowId: target.workflowId,
    workflowVersion: active.version,
    triggerNodeId: target.nodeId,
    input,
    trigger: {
      type: 'webhook',
      method: req.method,
      query: Object.fromEntries(Object.entries(req.query).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)])),
      headers: Object.fromEntries(FORWARDED_HEADERS.filter((name) => typeof req.headers[name] === 'string').map((name) => [name, req.headers[name] as string])),
      receivedAt: new Date().toISOString(),
    },
  }, { commitBeforeReturn: !waitForCompletion });
  if (!waitForCompletion) {
    res.status(202).json({ runId: handle.runId });
    return;
  }
  const deadline = Date.now() + config.timeoutSeconds * 1000;
  // The timer is cleared once the run settles: left pending, it would pin every answered request in
  // memory for the whole timeout and hold a graceful shutdown open until it fired.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, deadline - Date.now(), undefined)));
  let run = await Promise.race([handle.settled, timedOut]).finally(() => clearTimeout(timer));
  if (run && !FINISHED_RUN_STATUSES.has(run.status)) {
    // Paused (a sub-workflow, a retry): watch for the finish, then look once in case it already came.
    const finished = app.runWatcher.finished(handle.runId, Math.max(0, deadline - Date.now()));
    await app.store.flush();
    const current = await app.store.getRun(handle.runId);
    run = current && FINISHED_RUN_STATUSES.has(current.status) ? current : await finished;
  }
  if (!run) {
    await app.store.flush();
    res.status(202).json({ runId: handle.runId, status: 'running' });
    return;
  }
  if (run.status !== 'succeeded') {
    res.status(422).json({ error: { code: 'RUN_FAILED', message: run.error?.message ?? `the run ended ${run.status}`, details: [], runId: run.id } });
    return;
  }
  const response = run.response as { status?: number; headers?: Record<string, string>; body?: unknown } | null;
  if (!response) {
    res.status(200).json(run.output);
    return;
  }
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  res.status(response.status ?? 200).json(response.body ?? null);
}

/** The run input: the JSON body, `{ text }` for other bodies, null for none. */
function parseBody(req: Request, body: Buffer): unknown {
  if (body.length === 0) return null;
  const type = req.headers['content-type'] ?? '';
  if (/^application\/([\w.+-]+\+)?json/i.test(type)) {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      throw new ApiError(400, 'INVALID_JSON', 'the body is not valid JSON');
    }
  }
  return { text: body.toString('utf8') };
}
