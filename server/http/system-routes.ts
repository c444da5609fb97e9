import express, { type Router } from 'express';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { AppContext } from '../context.js';
import { openApiDocument } from './openapi.js';
import type { RouteDefinition } from './route.js';

const require = createRequire(import.meta.url);

/** The API reference page: Swagger UI served from the bundled package, no inline script (strict CSP). */
const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flowgate API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="api"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/start.js"></script></body></html>`;

const DOCS_START = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#api', deepLinking: true });`;

/** Health, readiness, metrics, the OpenAPI document and the interactive reference; `/sandbox` beside the demo. */
export function systemRouter(app: AppContext, routes: readonly RouteDefinition[], isReady: () => boolean): Router {
  const router = express.Router();
  const document = openApiDocument(routes, { title: 'Flowgate API', version: '1.0.0' });
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', async (_req, res) => {
    let database = true;
    try {
      await app.sql.get('SELECT 1 AS ready');
    } catch {
      database = false;
    }
    const ready = database && isReady();
    res.status(ready ? 200 : 503).json({ ready, database });
  });
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', app.metrics.registry.contentType);
    res.send(await app.metrics.registry.metrics());
  });
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/api/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  router.get('/api/docs/start.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_START);
  });
  router.use('/api/docs/assets', express.static(dirname(require.resolve('swagger-ui-dist/package.json')), { index: false, maxAge: '1d' }));
  // The demo's sandbox keeps its own page of what it received (mails, messages, API calls).
  const sandboxUrl = app.config.sandboxUrl;
  if (sandboxUrl !== undefined) router.get('/sandbox', (_req, res) => res.redirect(302, `${sandboxUrl}/`));
  return router;
}
