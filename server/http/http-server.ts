import { createServer, type Server } from 'node:http';
import { createApp } from '../app.js';
import type { AppContext } from '../context.js';
import { WEBHOOK_PREFIX, webhookHandler } from '../triggers/webhook-route.js';

/** What a process serves over HTTP: everything (roles `all`, `api`), or webhooks and health only (role `webhooks`). */
export type HttpSurface = 'everything' | 'webhooks';

/** The paths a webhooks-only process answers besides webhooks: health and metrics, for load balancers and monitoring. */
const WEBHOOK_PROCESS_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The HTTP server, not yet listening: webhooks (`/hooks/...`) go straight to their handler, every
 * other request to the Express app (API, health, metrics, documentation, designer). A webhooks-only
 * process answers anything but webhooks, health and metrics with 404 and says where it is served.
 */
export function createHttpServer(app: AppContext, isReady: () => boolean = () => true, surface: HttpSurface = 'everything'): Server {
  const express = createApp(app, isReady);
  const hooks = webhookHandler(app);
  return createServer((req, res) => {
    if (req.url?.startsWith(WEBHOOK_PREFIX)) return hooks(req, res);
    if (surface === 'webhooks' && !WEBHOOK_PROCESS_PATHS.has(req.url?.split('?')[0] ?? '')) {
      const message = `this process serves only webhooks (${WEBHOOK_PREFIX}...), health and metrics (--role webhooks); the API and the designer are served by processes in the role api`;
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' });
      return res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message, details: [] } }));
    }
    express(req, res);
  });
}
