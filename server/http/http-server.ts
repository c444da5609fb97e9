import { createServer, type Server } from 'node:http';
import { createApp } from '../app.js';
import type { AppContext } from '../context.js';
import { WEBHOOK_PREFIX, webhookHandler } from '../triggers/webhook-route.js';

/**
 * The HTTP server, not yet listening: webhooks (`/hooks/...`) go straight to their handler, every
 * other request to the Express app (API, health, metrics, documentation, designer).
 */
export function createHttpServer(app: AppContext, isReady: () => boolean = () => true): Server {
  const express = createApp(app, isReady);
  const hooks = webhookHandler(app);
  return createServer((req, res) => {
    if (req.url?.startsWith(WEBHOOK_PREFIX)) hooks(req, res);
    else express(req, res);
  });
}
